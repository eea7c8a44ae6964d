"""What the duplicate detection compares of an actor, computed once per actor.

A name is read as the search reads it (search/analyse.py): its words folded, articles and
stopwords dropped, and the phrases that name a concept of the thesaurus (a legal form, a
sector, an activity, a marker such as "women's", a place) replaced by the concept, which is
the same whatever the language or script: "Coopérative féminine Al Amal de tissage" and
"تعاونية الأمل النسائية للنسيج" are both {cooperative, women, weaving} + "amal". What is left
are the proper words of the name, compared by sound across scripts (search/phonetic.py).
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from tadamun.core.bulk import chunks
from tadamun.directory.models import Actor
from tadamun.directory.selectors import legal_form_codes
from tadamun.search.analyse import normal_forms, thesaurus
from tadamun.search.phonetic import drop_articles, word_keys
from tadamun.search.text import STOPWORDS, tokens

# Concept kinds that say what an organisation is, rather than which one it is.
GENERIC_KINDS = ("legal_form", "marker")
_NOT_DIGIT = re.compile(r"\D+")
# Hosts that many organisations share: a page there does not identify one.
SHARED_HOSTS = {"facebook.com", "fb.com", "instagram.com", "linkedin.com", "google.com",
                "sites.google.com", "wordpress.com", "blogspot.com", "wixsite.com"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    keys: frozenset[str]
    # The concepts (an activity, a place…) the word is part of a name of; none for the
    # proper words of a name, which weigh more.
    concepts: frozenset[str] = frozenset()
    # False for the words after "pour", "de", لـ… that say what the organisation does
    # ("… pour la protection de l'environnement"): registries translate them freely.
    core: bool = True

    @property
    def weight(self) -> float:
        if any(c.startswith(("place:", "country:")) for c in self.concepts):
            return 0.2  # the territory says it better
        if not self.core or self.concepts:
            return 0.35
        return 1.0


@dataclass(frozen=True, slots=True)
class NameParts:
    words: tuple[Word, ...]  # the words that say which organisation, in order
    concepts: frozenset[str]  # thesaurus keys: "legal_form:cooperative", "activity:12"…

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for w in self.words for k in w.keys)

    def concepts_of(self, *kinds: str) -> frozenset[str]:
        return frozenset(c for c in self.concepts if c.split(":", 1)[0] in kinds)


@dataclass(frozen=True, slots=True)
class NamesInfo:
    """What a profile reads from its names, computed once per set of names (many actors
    share theirs: Coopérative Al Amal de tissage is in every region)."""

    names: tuple[NameParts, ...]
    keys: frozenset[str]  # the phonetic keys of all their words
    activities: frozenset[str]
    legal_forms: frozenset[str]  # the legal forms the names say
    # What the names compare by, each as a number (`name_form`).
    forms: tuple[int, ...]


# One object for each distinct value that many profiles hold (their sectors, the legal
# forms and the words of their names): a million profiles hold a few thousand, and each
# small frozenset costs 216 bytes.
_SHARED: dict = {}
SHARED_MAX = 200_000


def shared(value):
    """The object equal to `value` that profiles share (`value` itself the first time)."""
    found = _SHARED.get(value)
    if found is None:
        if len(_SHARED) >= SHARED_MAX:
            _SHARED.clear()
        found = _SHARED[value] = value
    return found


# The distinct forms of names as they are compared (their words, or their concepts when
# they have no words of their own): "Coopérative Al Amal de tissage" and "Al Amal weaving
# cooperative" are one. Comparisons of names are remembered by these numbers.
_FORMS: dict[tuple, int] = {}
FORMS: list[NameParts] = []


def name_form(name: NameParts) -> int:
    key = (name.words, frozenset() if name.words else name.concepts)
    number = _FORMS.get(key)
    if number is None:
        number = _FORMS[key] = len(FORMS)
        FORMS.append(name)
    return number


@lru_cache(maxsize=200_000)
def names_info(texts: tuple[str, ...]) -> NamesInfo:
    names = tuple(name_parts(n) for n in texts)
    concepts = [c for n in names for c in n.concepts]
    return NamesInfo(
        forms=shared(tuple(sorted({name_form(n) for n in names}))),
        names=names,
        keys=shared(frozenset(k for n in names for k in n.keys)),
        activities=shared(frozenset(c for c in concepts if c.startswith("activity:"))),
        legal_forms=shared(frozenset(c for c in concepts if c.startswith("legal_form:"))),
    )


@dataclass(slots=True)
class Profile:
    id: int
    name_texts: tuple[str, ...]  # its names as written (name_parts reads them, cached)
    names: tuple[NameParts, ...]
    country: str
    admin1: int | None
    admin2: int | None
    place: int | None
    latitude: float | None
    longitude: float | None
    phone: str  # the last 8 digits: the same number however it was written
    email: str
    host: str
    legal_form: str | None  # as a concept of the thesaurus: "legal_form:cooperative"
    sectors: frozenset[int]
    founded: int | None
    # Read once from the names: their phonetic keys, the activities they name, and the
    # legal forms they or the record say (as thesaurus concepts).
    keys: frozenset[str] = frozenset()
    forms: tuple[int, ...] = ()
    activities: frozenset[str] = frozenset()
    legal_forms: frozenset[str] = frozenset()
    # The coordinates in radians and the cosine of the latitude (distance_km), once.
    lat_rad: float = 0.0
    lon_rad: float = 0.0
    cos_lat: float = 0.0

    def concepts_of(self, *kinds: str) -> frozenset[str]:
        return frozenset(c for n in self.names for c in n.concepts_of(*kinds))

    def __post_init__(self) -> None:
        info = names_info(self.name_texts)
        self.keys = info.keys
        self.forms = info.forms
        self.activities = info.activities
        named = info.legal_forms
        self.legal_forms = shared(named | {self.legal_form}) if self.legal_form else named
        if self.latitude is not None:
            self.lat_rad = math.radians(self.latitude)
            self.lon_rad = math.radians(self.longitude)
            self.cos_lat = math.cos(self.lat_rad)


# Words after which a name says what the organisation does rather than which it is.
PURPOSE = {"pour", "de", "d", "du", "des", "aux", "au", "for", "of", "in", "dans", "par", "to"}


def _purpose_starts(word: str) -> bool:
    if word in PURPOSE:
        return True
    # لـ / للـ ("for the") and بـ ("in"), fused to the next word in Arabic.
    return word.startswith("لل") or (word[:1] in ("ل", "ب") and word[:2] != "ال" and len(word) >= 4)


@lru_cache(maxsize=200_000)
def name_parts(name: str) -> NameParts:
    everything = drop_articles(tokens(name))
    words = [w for w in everything if w not in STOPWORDS]
    book = thesaurus()
    normals = [normal_forms(w) for w in words]
    found_at: list[frozenset[str]] = []
    concepts: set[str] = set()
    position = 0
    while position < len(words):
        size, found = book.longest_phrase(normals, position)
        concepts |= found
        found_at += [frozenset(found)] * (size or 1)
        position += size or 1
    # The core of the name runs until a preposition that follows a word of its own
    # ("Al Amal | de tissage"); one before any ("Coopérative de tissage Al Amal") does not
    # end it.
    kept: list[Word] = []
    in_core, proper_seen, index = True, False, 0
    for word in everything:
        if proper_seen and _purpose_starts(word):
            in_core = False
        if word in STOPWORDS:
            continue
        found = found_at[index]
        index += 1
        if any(k.split(":", 1)[0] in GENERIC_KINDS for k in found) or word.isdigit():
            continue
        proper_seen = proper_seen or not found
        kept.append(shared(Word(word, _keys(word), shared(found), in_core)))
    return NameParts(tuple(kept), shared(frozenset(concepts)))


def _keys(word: str) -> frozenset[str]:
    """The word's phonetic keys; a Latin article fused with a doubled l (Allmahabba) or a
    doubled letter after it (Elkkhir) is read as the article and the word; an Arabic word
    may carry a fused preposition (بتاغزوت, "in Tarhzout")."""
    keys = word_keys(word)
    if word[:3] in ("all", "ell") and len(word) > 5:
        keys |= word_keys(word[3:])
    if word[:1] in ("ب", "ل") and len(word) >= 5:
        keys |= word_keys(word[1:])
    return keys


def phone_digits(phone: str) -> str:
    digits = _NOT_DIGIT.sub("", phone or "")
    return digits[-8:] if len(digits) >= 8 else ""


def website_host(url: str) -> str:
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.")
    return (
        "" if host in SHARED_HOSTS or host.endswith(tuple(f".{h}" for h in SHARED_HOSTS)) else host
    )


# The actor columns a profile is built from, in the order `profile` takes them.
COLUMNS = (
    "id", "name_ar", "name_fr", "name_en", "country_id", "admin1_id", "admin2_id", "place_id",
    "latitude", "longitude", "phone", "email", "website", "legal_form_id", "founded",
)  # fmt: skip


def folded_email(email: str) -> str:
    return (email or "").strip().lower()


def name_texts(*names: str) -> tuple[str, ...]:
    """An actor's names as a profile reads them: those written, each once."""
    return tuple(dict.fromkeys(n for n in names if n and n.strip()))


def profile(row: tuple, sectors: frozenset[int]) -> Profile:
    (pk, name_ar, name_fr, name_en, country, admin1, admin2, place, lat, lon, phone, email,
     website, legal_form, founded) = row  # fmt: skip
    texts = name_texts(name_ar, name_fr, name_en)
    return Profile(
        id=pk,
        name_texts=texts,
        names=names_info(texts).names,
        country=country,
        admin1=admin1,
        admin2=admin2,
        place=place,
        latitude=lat,
        longitude=lon,
        phone=phone_digits(phone),
        email=folded_email(email),
        host=website_host(website),
        legal_form=f"legal_form:{legal_form_codes()[legal_form]}" if legal_form else None,
        sectors=shared(sectors),
        founded=founded,
    )


def distance_km(a: Profile, b: Profile) -> float | None:
    if a.latitude is None or b.latitude is None:
        return None
    h = (
        math.sin((b.lat_rad - a.lat_rad) / 2) ** 2
        + a.cos_lat * b.cos_lat * math.sin((b.lon_rad - a.lon_rad) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


# How many ids a query lists at most (SQLite takes 999 parameters in older builds).
IDS_PER_QUERY = 900


def load_profiles(actor_ids: Iterable[int] | None = None) -> dict[int, Profile]:
    """Profiles of the given actors, or of every actor."""
    Through = Actor.sectors.through
    profiles: dict[int, Profile] = {}
    if actor_ids is None:
        sectors: dict[int, set[int]] = defaultdict(set)
        for actor_id, sector_id in Through.objects.values_list("actor_id", "sector_id").iterator(
            chunk_size=20_000
        ):
            sectors[actor_id].add(sector_id)
        for row in Actor.objects.order_by().values_list(*COLUMNS).iterator(chunk_size=20_000):
            profiles[row[0]] = profile(row, frozenset(sectors.get(row[0], ())))
        return profiles
    for chunk in chunks(sorted(set(actor_ids)), IDS_PER_QUERY):
        sectors = defaultdict(set)
        for actor_id, sector_id in Through.objects.filter(actor_id__in=chunk).values_list(
            "actor_id", "sector_id"
        ):
            sectors[actor_id].add(sector_id)
        for row in Actor.objects.filter(id__in=chunk).values_list(*COLUMNS):
            profiles[row[0]] = profile(row, frozenset(sectors.get(row[0], ())))
    return profiles


def caches_clear() -> None:
    """Forget the names analysed and the values shared (computed again as they were). The
    numbers of the forms of names stay: a comparison in another thread may be using them."""
    names_info.cache_clear()
    name_parts.cache_clear()
    _SHARED.clear()
