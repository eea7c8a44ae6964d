"""Keeping spam and floods out of the public request form, without a third-party captcha.

- a honeypot: a field people never see (hidden by the stylesheet, skipped by the
  keyboard, labelled "leave empty"); a form that fills it is dropped without a word;
- a signed timestamp token in the form: sent back sooner than `MIN_SECONDS` after the page
  was served it is a bot, later than `MAX_SECONDS` it has expired, and each token is
  accepted once (its nonce is remembered in the cache until it would expire anyway);
- rate limits in Django's cache (whatever backend the settings give: the local memory of
  one server, or Redis shared by several): posts per address, requests sent per address and
  per phone number or e-mail address; beyond them the answer is 429 with a clear page;
- size limits: the body of a post, and every field's length (the form).

Addresses and contacts are kept in the cache as keyed digests, never as typed.
"""

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

SALT = "tadamun.desk.form"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
MAX_BODY_BYTES = 16 * 1024


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


# (how many, per how many seconds): posts of the form per address; requests accepted per
# address; requests accepted per phone number or e-mail address.
POSTS_PER_ADDRESS = Limit("posts", 20, 10 * 60)
SENT_PER_ADDRESS = Limit("sent", 5, 60 * 60)
SENT_PER_CONTACT = Limit("contact", 3, 24 * 60 * 60)


def _setting(name: str, default):
    return getattr(settings, name, default)


def min_seconds() -> float:
    return _setting("TADAMUN_DESK_MIN_SECONDS", MIN_SECONDS)


def max_seconds() -> float:
    return _setting("TADAMUN_DESK_MAX_SECONDS", MAX_SECONDS)


def token_new(now: float | None = None) -> str:
    """A token for a form served now."""
    issued = time.time() if now is None else now
    return signing.dumps({"n": secrets.token_urlsafe(12), "t": round(issued, 3)}, salt=SALT)


class TokenProblem(Exception):
    """Why a token is refused: `code` is "missing", "bad", "fast", "expired" or "replayed"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def token_spend(token: str, now: float | None = None) -> None:
    """Accepts `token` once, or raises TokenProblem."""
    if not token:
        raise TokenProblem("missing")
    now = time.time() if now is None else now
    try:
        data = signing.loads(token, salt=SALT, max_age=max_seconds())
    except signing.SignatureExpired as error:
        raise TokenProblem("expired") from error
    except signing.BadSignature as error:
        raise TokenProblem("bad") from error
    try:
        nonce, issued = str(data["n"]), float(data["t"])
    except (KeyError, TypeError, ValueError) as error:
        raise TokenProblem("bad") from error
    age = now - issued
    if age > max_seconds():
        raise TokenProblem("expired")
    if age < min_seconds():
        raise TokenProblem("fast")
    if not cache.add(f"desk:token:{nonce}", 1, timeout=int(max_seconds()) + 60):
        raise TokenProblem("replayed")


def _digest(kind: str, value: str) -> str:
    return salted_hmac(f"tadamun.desk.{kind}", value).hexdigest()[:32]


def _over(limit: Limit, key: str, *, count: bool) -> bool:
    cache_key = f"desk:limit:{limit.name}:{key}"
    if not count:
        return (cache.get(cache_key) or 0) >= limit.count
    cache.add(cache_key, 0, timeout=limit.seconds)
    try:
        done = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=limit.seconds)
        done = 1
    return done > limit.count


def address_flooding(ip: str | None) -> bool:
    """Counts a post from `ip`; True when there were too many."""
    return bool(ip) and _over(POSTS_PER_ADDRESS, _digest("ip", ip), count=True)


def sending_refused(ip: str | None, contacts: list[str]) -> Limit | None:
    """The limit a new request from `ip` with these contacts would pass, or None."""
    if ip and _over(SENT_PER_ADDRESS, _digest("ip", ip), count=False):
        return SENT_PER_ADDRESS
    for contact in contacts:
        if contact and _over(SENT_PER_CONTACT, _digest("contact", contact), count=False):
            return SENT_PER_CONTACT
    return None


def sending_count(ip: str | None, contacts: list[str]) -> None:
    """Counts a request accepted from `ip` with these contacts."""
    if ip:
        _over(SENT_PER_ADDRESS, _digest("ip", ip), count=True)
    for contact in contacts:
        if contact:
            _over(SENT_PER_CONTACT, _digest("contact", contact), count=True)


def retry_after(limit: Limit) -> int:
    """Seconds to tell a client to wait (the window: the cache does not say how long is
    left of it)."""
    return limit.seconds
