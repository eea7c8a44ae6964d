"""How likely two actors are one organisation: evidence for and against, added up.

Each piece of evidence (the names sound alike, the same phone, 300 m apart, different
regions…) adds its weight in log-odds, as in Fellegi and Sunter's record linkage; the sum,
through the logistic function, is the score between 0 and 1, and the pieces are the
reasons shown to staff. Weights were set on the development half of the labelled set in
bench/duplicates and checked on the other half.
"""

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from tadamun.duplicates.profiles import FORMS, NameParts, Profile, Word, distance_km
from tadamun.search.phonetic import key_distance, sound_similarity

# Below this a pair is not proposed.
THRESHOLD = 0.5
PRIOR = -2.7

# A name this common (actors sharing its rarest word key, in the region) says less.
COMMON_NAME = 5


@dataclass(frozen=True, slots=True)
class Evidence:
    code: str
    weight: float
    value: float | str | None = None


def word_similarity(a: Word, b: Word) -> float:
    if a.text == b.text or a.concepts & b.concepts:
        return 1.0
    return _spelling_similarity(a, b)


@lru_cache(maxsize=1_000_000)
def _spelling_similarity(a: Word, b: Word) -> float:
    sound = sound_similarity(a.text, b.text)
    if a.keys & b.keys:
        # The same consonants: a transliteration of the same word, or a vowel slip.
        return max(0.9, sound)
    if any(key_distance(x, y) <= 1 for x in a.keys for y in b.keys if len(x) + len(y) >= 5):
        return max(0.7, sound)
    return sound if sound >= 0.7 else 0.0


def _covered(words: tuple[Word, ...], others: tuple[Word, ...]) -> float:
    total = sum(w.weight for w in words)
    found = sum(w.weight * max(word_similarity(w, v) for v in others) for w in words)
    return found / total


def _words_similarity(a: tuple[Word, ...], b: tuple[Word, ...]) -> float:
    forward, backward = _covered(a, b), _covered(b, a)
    return 0.8 * max(forward, backward) + 0.2 * min(forward, backward)


def name_similarity(a: NameParts, b: NameParts) -> float:
    """1.0 for the same name in any script or spelling; words missing from one side
    (a shortened name) cost less than words that differ, and the words that say what
    the organisation does (often translated) less than those that say which it is."""
    if not a.words or not b.words:
        if a.words or b.words:
            return 0.0
        if a.concepts == b.concepts:
            return 0.9
        union = a.concepts | b.concepts
        return 0.7 * len(a.concepts & b.concepts) / len(union) if union else 0.0
    whole = _words_similarity(a.words, b.words)
    core_a, core_b = tuple(w for w in a.words if w.core), tuple(w for w in b.words if w.core)
    if core_a and core_b:
        return 0.6 * _words_similarity(core_a, core_b) + 0.4 * whole
    return whole


# The similarity of two forms of names (profiles.name_form), smaller number first.
_FORM_SIMILARITY: dict[tuple[int, int], float] = {}


def _form_similarity(x: int, y: int) -> float:
    pair = (x, y) if x <= y else (y, x)
    found = _FORM_SIMILARITY.get(pair)
    if found is None:
        if len(_FORM_SIMILARITY) >= 4_000_000:
            _FORM_SIMILARITY.clear()
        found = _FORM_SIMILARITY[pair] = name_similarity(FORMS[pair[0]], FORMS[pair[1]])
    return found


def names_similarity(a: Profile, b: Profile) -> float:
    return max((_form_similarity(x, y) for x in a.forms for y in b.forms), default=0.0)


# How much names alike weigh, by their similarity (straight lines between the points).
NAME_WEIGHTS = (
    (0.0, -4.0),
    (0.45, -4.0),
    (0.6, -1.0),
    (0.7, 1.5),
    (0.8, 3.0),
    (0.9, 4.2),
    (1.0, 5.0),
)


def _name_weight(similarity: float, name_count: int) -> float:
    for (x0, y0), (x1, y1) in pairwise(NAME_WEIGHTS):
        if similarity <= x1:
            weight = y0 + (y1 - y0) * (similarity - x0) / (x1 - x0)
            break
    if weight > 0 and name_count > COMMON_NAME:
        weight -= min(2.0, 0.8 * math.log2(name_count / COMMON_NAME))
    return weight


# Legal forms of one family are easily written for one another (a GIE registered as a
# cooperative, an SMSA called a GDA); an association and a cooperative of the same name
# are usually two organisations, often founded by the same people.
FAMILIES = {
    "economic": {"cooperative", "gie", "smsa", "gda", "mutual", "social_enterprise",
                 "shared_enterprise", "company"},
    "civic": {"association", "foundation", "network", "trade_union", "informal_group"},
    "public": {"local_authority", "public_body", "university", "support_organisation"},
}  # fmt: skip
_FAMILY = {code: family for family, codes in FAMILIES.items() for code in codes}


@lru_cache(maxsize=4096)
def _families(forms: frozenset) -> frozenset[str]:
    return frozenset(_FAMILY.get(form.split(":", 1)[1], form) for form in forms)


def evidence(a: Profile, b: Profile, name_count: int = 1) -> list[Evidence]:
    """The reasons for and against a and b being one organisation. `name_count` is how many
    actors of the region share the rarest word key of the names (1 = a rare name)."""
    return [name_evidence(a, b, name_count), *other_evidence(a, b)]


def name_evidence(a: Profile, b: Profile, name_count: int = 1) -> Evidence:
    similarity = names_similarity(a, b)
    return Evidence("name", _name_weight(similarity, name_count), round(similarity, 2))


def could_reach_threshold(others: list[Evidence]) -> bool:
    """Whether the best of names could lift a pair with this other evidence over the
    threshold (comparing names is the costly part: pairs that cannot make it skip it)."""
    return could_reach(sum(e.weight for e in others))


def best_name_weight(name_count: int = 1) -> float:
    """The most that names alike can weigh (identical names) for a name this common: an
    upper bound of `_name_weight`."""
    best = NAME_WEIGHTS[-1][1]
    if name_count > COMMON_NAME:
        best -= min(2.0, 0.8 * math.log2(name_count / COMMON_NAME))
    return best


def could_reach(others_weight: float, name_count: int = 1) -> bool:
    """Whether the best of names (as common as that) could lift a pair whose other
    evidence weighs this over the threshold (with a margin for rounding)."""
    return PRIOR + best_name_weight(name_count) + others_weight + 1e-9 >= _LOGIT_THRESHOLD


def other_evidence(a: Profile, b: Profile) -> list[Evidence]:
    """Everything but the names' similarity, which is the costly part."""
    found: list[Evidence] = []
    activities_a, activities_b = a.activities, b.activities
    if activities_a and activities_b and not activities_a & activities_b:
        found.append(Evidence("name_activity_differs", -1.5))

    if a.phone and b.phone:
        found.append(
            Evidence("phone", 5.0) if a.phone == b.phone else Evidence("phone_differs", -3.5)
        )
    if a.email and b.email:
        found.append(
            Evidence("email", 5.0) if a.email == b.email else Evidence("email_differs", -1.5)
        )
    if a.host and b.host and a.host == b.host:
        found.append(Evidence("website", 4.0))

    km = distance_km(a, b)
    if km is not None:
        if km <= 0.5:
            found.append(Evidence("near", 2.0, round(km, 1)))
        elif km <= 3:
            found.append(Evidence("near", 0.5, round(km, 1)))
        elif km > 60:
            found.append(Evidence("far", -4.0, round(km)))
        elif km > 15:
            found.append(Evidence("far", -1.5, round(km)))
    if a.country != b.country:
        found.append(Evidence("other_country", -6.0))
    elif a.admin1 and b.admin1 and a.admin1 != b.admin1:
        found.append(Evidence("other_region", -3.0))
    elif a.admin2 and b.admin2:
        if a.admin2 == b.admin2:
            found.append(Evidence("same_territory", 1.0))
        else:
            found.append(Evidence("other_territory", -3.0))

    if a.sectors and b.sectors:
        if a.sectors & b.sectors:
            found.append(Evidence("same_sector", 0.5))
        else:
            found.append(Evidence("sectors_differ", -1.5))
    forms_a, forms_b = a.legal_forms, b.legal_forms
    if forms_a and forms_b and not forms_a & forms_b:
        if _families(forms_a) & _families(forms_b):
            found.append(Evidence("legal_form_differs", -2.5))
        else:
            found.append(Evidence("legal_form_kind_differs", -3.5))
    if a.founded and b.founded:
        if a.founded == b.founded:
            found.append(Evidence("same_year", 0.5))
        elif abs(a.founded - b.founded) > 2:
            found.append(Evidence("year_differs", -1.5))
    return found


def others_weight(a: Profile, b: Profile) -> float:
    """The weight of `other_evidence(a, b)`, without making it: the first sieve of the
    pairs a full scan compares by the million (tests hold the two in step)."""
    total = 0.0
    if a.activities and b.activities and not a.activities & b.activities:
        total -= 1.5
    if a.phone and b.phone:
        total += 5.0 if a.phone == b.phone else -3.5
    if a.email and b.email:
        total += 5.0 if a.email == b.email else -1.5
    if a.host and a.host == b.host:
        total += 4.0
    if a.latitude is not None and b.latitude is not None:
        h = (
            math.sin((b.lat_rad - a.lat_rad) / 2) ** 2
            + a.cos_lat * b.cos_lat * math.sin((b.lon_rad - a.lon_rad) / 2) ** 2
        )
        km = 12742.0 * math.asin(min(1.0, math.sqrt(h)))
        if km <= 0.5:
            total += 2.0
        elif km <= 3:
            total += 0.5
        elif km > 60:
            total -= 4.0
        elif km > 15:
            total -= 1.5
    if a.country != b.country:
        total -= 6.0
    elif a.admin1 and b.admin1 and a.admin1 != b.admin1:
        total -= 3.0
    elif a.admin2 and b.admin2:
        total += 1.0 if a.admin2 == b.admin2 else -3.0
    if a.sectors and b.sectors:
        total += 0.5 if a.sectors & b.sectors else -1.5
    forms_a, forms_b = a.legal_forms, b.legal_forms
    if forms_a and forms_b and not forms_a & forms_b:
        total -= 2.5 if _families(forms_a) & _families(forms_b) else 3.5
    if a.founded and b.founded:
        if a.founded == b.founded:
            total += 0.5
        elif abs(a.founded - b.founded) > 2:
            total -= 1.5
    return total


_LOGIT_THRESHOLD = math.log(THRESHOLD / (1 - THRESHOLD))


def score(found: list[Evidence]) -> float:
    total = PRIOR + sum(e.weight for e in found)
    return 1.0 / (1.0 + math.exp(-total))


def caches_clear() -> None:
    """Forget the similarities computed (computed again as they were)."""
    _spelling_similarity.cache_clear()
    _FORM_SIMILARITY.clear()
    _families.cache_clear()
