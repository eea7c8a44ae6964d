"""Writes about accounts: logins and their failures, second factors, sessions,
invitations, roles, deactivation. Logged by ids, never by e-mail or name."""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from django.conf import settings
from django.contrib.auth import get_user_model, login, logout
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tadamun.accounts.middleware import session_mark_login
from tadamun.accounts.models import (
    Account,
    Invitation,
    LoginFailure,
    Membership,
    PlatformRole,
    Role,
    SessionRecord,
)
from tadamun.accounts.permissions import grants_forget, needs_second_factor
from tadamun.audit.services import client_ip

log = logging.getLogger(__name__)
User = get_user_model()


# -- Failed logins and lockout -------------------------------------------------------


def _who(identifier: str) -> str:
    """A keyed digest of what was typed as the account: counted, not stored as typed."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, identifier.strip().lower().encode(), hashlib.sha256).hexdigest()


def login_failure_record(*, request: HttpRequest, identifier: str) -> None:
    LoginFailure.objects.create(who=_who(identifier), ip=client_ip(request))
    log.info("login failure from a client (lockout counts it)")


def login_locked(*, request: HttpRequest, identifier: str) -> bool:
    """Whether the account typed, or the address the request comes from, failed too often
    lately (`TADAMUN_LOGIN_FAILURES` within `TADAMUN_LOCKOUT_MINUTES`)."""
    since = timezone.now() - timedelta(minutes=settings.TADAMUN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.TADAMUN_LOGIN_FAILURES
    if identifier and recent.filter(who=_who(identifier)).count() >= limit:
        return True
    ip = client_ip(request)
    # An address shared by a whole office (NAT) gets more room than one account.
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def login_failures_forget(*, identifier: str) -> None:
    LoginFailure.objects.filter(who=_who(identifier)).delete()


# -- Second factor (TOTP, RFC 6238) ------------------------------------------------------


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_uri(*, secret: str, user) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name="Tadamun")


def _totp_step(secret: str, code: str, after: int) -> int | None:
    """The time step `code` is good for (now, or one step either side), if later than
    `after`; None otherwise."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=30 * drift)
        if hmac.compare_digest(totp.at(at), code):
            step = totp.timecode(at)
            return step if step > after else None
    return None


@transaction.atomic
def totp_confirm(*, user, secret: str, code: str) -> bool:
    """Enrols `secret` as the user's second factor if `code` proves the authenticator
    holds it."""
    step = _totp_step(secret, code, 0)
    if step is None:
        return False
    account, _created = Account.objects.get_or_create(user=user)
    account.totp_secret, account.totp_confirmed_at = secret, timezone.now()
    account.totp_last_step = step
    account.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    log.info("second factor enrolled for user %s", user.pk)
    return True


@transaction.atomic
def totp_verify(*, user, code: str) -> bool:
    """Checks a code against the enrolled secret; each code is good once."""
    account = Account.objects.select_for_update().filter(user=user).first()
    if account is None or not account.totp_confirmed_at:
        return False
    step = _totp_step(account.totp_secret, code, account.totp_last_step)
    if step is None:
        return False
    account.totp_last_step = step
    account.save(update_fields=["totp_last_step"])
    return True


def totp_enrolled(user) -> bool:
    return Account.objects.filter(user=user, totp_confirmed_at__isnull=False).exists()


@transaction.atomic
def totp_reset(*, user, by) -> None:
    """An administrator clears a lost authenticator: the next login enrols a new one."""
    Account.objects.filter(user=user).update(
        totp_secret="", totp_confirmed_at=None, totp_last_step=0
    )
    log.info("second factor of user %s reset by user %s", user.pk, by.pk)


# -- Sessions ----------------------------------------------------------------------------


@transaction.atomic
def session_start(*, request: HttpRequest, user, second_factor: bool) -> None:
    """Logs in (Django gives the session a new key: no fixation), and records the
    session so that it can be ended on the server."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    session_mark_login(request, second_factor=second_factor)
    request.session.save()
    SessionRecord.objects.create(user=user, session_key=request.session.session_key)
    login_failures_forget(identifier=user.get_username())
    log.info("user %s logged in", user.pk)


def session_end(*, request: HttpRequest) -> None:
    key = request.session.session_key
    user_id = request.user.pk if request.user.is_authenticated else None
    logout(request)  # deletes the session on the server and empties the cookie
    if key:
        SessionRecord.objects.filter(session_key=key).delete()
    if user_id:
        log.info("user %s logged out", user_id)


def sessions_end_all(*, user) -> int:
    keys = list(SessionRecord.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    SessionRecord.objects.filter(user=user).delete()
    return len(keys)


# -- Invitations -------------------------------------------------------------------------


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    url: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(
    *,
    email: str,
    by,
    base_url: str,
    mechanism=None,
    role: str = "",
    platform_role: str = "",
    language: str = "fr",
) -> SentInvitation:
    """Invites `email` to a role in `mechanism`, or to a platform role; e-mails a link
    that works once, for `TADAMUN_INVITATION_DAYS`. Who may invite whom is the caller's
    check (permissions `staff.invite`)."""
    if mechanism is not None and role not in Role.values:
        raise ValueError("A mechanism invitation needs a mechanism role")
    if mechanism is None and platform_role not in (
        PlatformRole.ANALYST,
        PlatformRole.ADMINISTRATOR,
    ):
        raise ValueError("An invitation without a mechanism needs a platform role")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        mechanism=mechanism,
        role=role if mechanism is not None else "",
        platform_role=platform_role if mechanism is None else "",
        token_hash=_token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.TADAMUN_INVITATION_DAYS),
    )
    with override(language):
        url = base_url.rstrip("/") + reverse("accounts:invitation", args=[token])
        where = str(mechanism) if mechanism is not None else _("the Tadamun platform")
        subject = _("Your invitation to Tadamun")
        body = _(
            "You are invited to join %(where)s on Tadamun.\n\n"
            "Open this link to choose your password (it works once, for %(days)s days):\n"
            "%(url)s\n\nIf you did not expect this message, ignore it."
        ) % {"where": where, "days": settings.TADAMUN_INVITATION_DAYS, "url": url}
    # Sent inside the transaction: an invitation that could not be sent is not kept.
    send_mail(subject, body, None, [invitation.email], fail_silently=False)
    log.info("invitation %s sent by user %s", invitation.pk, by.pk)
    return SentInvitation(invitation, url)


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.usable()
        .select_related("mechanism")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str):
    """Creates the account (or finds it, for someone already on the platform) and gives
    it the invited role; the link is spent."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        raise ValueError("This invitation was used or has expired")
    user = User.objects.filter(username=invitation.email).first()
    if user is None:
        user = User(username=invitation.email, email=invitation.email)
        first, _sep, last = full_name.strip().partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        user.set_password(password)
        user.save()
    Account.objects.get_or_create(user=user)
    if invitation.mechanism_id:
        Membership.objects.update_or_create(
            user=user, mechanism_id=invitation.mechanism_id, defaults={"role": invitation.role}
        )
    else:
        Account.objects.filter(user=user).update(platform_role=invitation.platform_role)
        if invitation.platform_role == PlatformRole.ADMINISTRATOR and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    grants_forget(user)
    log.info("invitation %s accepted by user %s", invitation.pk, user.pk)
    return user


# -- Roles and deactivation --------------------------------------------------------------


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    membership.role = role
    membership.save(update_fields=["role"])
    sessions_end_all(user=membership.user)  # new rights, new login (and second factor)
    log.info("membership %s set to %s by user %s", membership.pk, role, by.pk)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by) -> None:
    user = membership.user
    membership.delete()
    sessions_end_all(user=user)
    log.info("membership of user %s ended by user %s", user.pk, by.pk)


@transaction.atomic
def account_deactivate(*, user, by) -> int:
    """The account can no longer log in, and every session it holds ends now."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = sessions_end_all(user=user)
    log.info("user %s deactivated by user %s (%s sessions ended)", user.pk, by.pk, ended)
    return ended


def second_factor_needed(user) -> bool:
    return needs_second_factor(user)


def has_platform_role(user) -> bool:
    return Account.objects.filter(user=user).exclude(platform_role="").exists()
