"""Reading people: always through the permission matrix, so that the staff of one
mechanism never meet the people of another (not in a list, a search, an export or a
count)."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadamun.accounts.permissions import mechanism_ids, scoped
from tadamun.mechanisms.models import Mechanism
from tadamun.people.ages import AGE_BANDS, UNKNOWN
from tadamun.people.models import Consent, ConsentText, Person, Purpose
from tadamun.people.services import phone_digits
from tadamun.places.selectors import place_index
from tadamun.search.phonetic import drop_articles, word_keys
from tadamun.search.text import tokens


def people_for(user, action: str = "person.view") -> QuerySet[Person]:
    """The people of the mechanisms where `user` may do `action`."""
    return scoped(Person.objects.all(), user, action)


def person_for(user, pk: int, action: str = "person.view") -> Person:
    """One person `user` may do `action` on; 404 otherwise, whoever's it is."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(people_for(user, action).select_related("mechanism", "place"), pk=pk)


def mechanisms_for(user, action: str) -> QuerySet[Mechanism]:
    """The active mechanisms where `user` may do `action` (for the forms' choices)."""
    return scoped(Mechanism.objects.active(), user, action, field="pk")


def _word_filter(word: str) -> Q:
    """A query word matches a name word that starts with it, or one that sounds the same
    (or, from three letters typed, starts the same: "Ami" finds أمينة)."""
    match = Q(search_keys__contains=f" {word}")
    end = "" if len(word) >= 3 else " "
    for key in word_keys(word):
        match |= Q(search_keys__contains=f" ~{key}{end}")
    return match


def people_search(user, q: str, mechanism=None) -> QuerySet[Person]:
    """The identified people `user` may see whose name (in either script, any common
    spelling) or phone matches `q`; every word of `q` must match."""
    people = people_for(user).identified()
    if mechanism is not None:
        people = people.filter(mechanism=getattr(mechanism, "pk", mechanism))
    return people_matching(people, q)


def people_matching(people: QuerySet[Person], q: str) -> QuerySet[Person]:
    """Those of `people` whose name or phone matches `q`, as `people_search` finds them."""
    q = (q or "").strip()
    if not q:
        return people
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 4 and len(digits) >= len(q.replace(" ", "")) - 3:
        # A phone number, whatever its spacing or country prefix.
        national = phone_digits(digits)
        return people.filter(search_keys__contains=national) if national else people.none()
    words = drop_articles(tokens(q)) or tokens(q)
    for word in words:
        people = people.filter(_word_filter(word))
    return people


# A form's choice of a person lists at most this many: a mechanism records thousands over
# the years, too many for a list on a phone. A name or phone typed finds the others.
PEOPLE_LISTED = 200


@dataclass
class PeopleToChoose:
    queryset: QuerySet[Person]  # the people the form lists, and accepts
    listed: int  # how many of those that match it lists
    matching: int  # how many match the text typed (all of them without one)
    text: str


def people_to_choose(
    people: QuerySet[Person], *, text: str = "", chosen: str | None = None
) -> PeopleToChoose:
    """What a form's choice of a person offers among `people` (those it may accept): the
    first PEOPLE_LISTED by name of those matching `text`, and the one already `chosen`
    (the value posted, or given by the link), whatever the text."""
    text = (text or "").strip()[:100]
    matching = people_matching(people, text)
    ids = list(matching.order_by("full_name", "pk").values_list("pk", flat=True)[:PEOPLE_LISTED])
    count = len(ids) if len(ids) < PEOPLE_LISTED else matching.count()
    offered = set(ids)
    if chosen and str(chosen).isdigit():
        offered.add(int(chosen))
    return PeopleToChoose(
        queryset=people.filter(pk__in=offered).order_by("full_name", "pk"),
        listed=len(ids),
        matching=count,
        text=text,
    )


def people_contact_list(user) -> QuerySet[Person]:
    """The people `user` may see who consent to be contacted, and were not anonymised."""
    contact = Consent.objects.filter(
        person=OuterRef("pk"), purpose=Purpose.CONTACT, withdrawn_at__isnull=True
    )
    return (
        people_for(user)
        .identified()
        .filter(Exists(contact))
        .select_related("mechanism")
        .order_by("mechanism_id", "full_name", "id")
    )


def consent_text_current(purpose: str) -> ConsentText | None:
    """The latest version of the text of `purpose`."""
    return ConsentText.objects.filter(purpose=purpose).order_by("-version").first()


def consent_texts_current() -> dict[str, ConsentText]:
    """The latest text of each purpose, in one query."""
    texts: dict[str, ConsentText] = {}
    for text in ConsentText.objects.order_by("purpose", "-version"):
        texts.setdefault(text.purpose, text)
    return texts


# -- Statistics ----------------------------------------------------------------------------


@dataclass
class Statistics:
    total: int = 0
    # Each a list of (label, count), in a fixed order; never a name.
    by_mechanism: list[tuple[str, int]] = field(default_factory=list)
    by_gender: list[tuple[str, int]] = field(default_factory=list)
    by_age: list[tuple[str, int]] = field(default_factory=list)
    by_region: list[tuple[str, int]] = field(default_factory=list)


def _age_filters(year: int) -> dict[str, Q]:
    filters = {}
    for position, band in enumerate(AGE_BANDS):
        # Age = year - birth_year: youngest <= age <= oldest (the bands of `age_band`).
        condition = Q(birth_year__lte=year - band.youngest)
        if band.oldest is not None:
            condition &= Q(birth_year__gte=year - band.oldest)
        filters[f"age_{position}"] = Count("pk", filter=condition)
    filters["age_unknown"] = Count("pk", filter=Q(birth_year__isnull=True) | Q(birth_year__gt=year))
    return filters


def people_statistics(user, *, year: int | None = None) -> Statistics:
    """Counts of people by mechanism, gender, age band and region, over the mechanisms
    where `user` may see statistics."""
    year = year or timezone.localdate().year
    people = scoped(Person.objects.all(), user, "statistics.view")
    stats = Statistics()

    totals = people.aggregate(total=Count("pk"), **_age_filters(year))
    stats.total = totals["total"]
    if not stats.total:
        return stats
    stats.by_age = [
        (band.label, totals[f"age_{position}"]) for position, band in enumerate(AGE_BANDS)
    ]
    stats.by_age.append((UNKNOWN.label, totals["age_unknown"]))

    per_mechanism = dict(
        people.order_by()
        .values_list("mechanism_id")
        .annotate(n=Count("pk"))
        .values_list("mechanism_id", "n")
    )
    mechanisms = Mechanism.objects.filter(pk__in=per_mechanism).order_by("name_fr")
    stats.by_mechanism = [(m.name, per_mechanism[m.pk]) for m in mechanisms]

    per_gender = dict(
        people.order_by().values_list("gender").annotate(n=Count("pk")).values_list("gender", "n")
    )
    stats.by_gender = [(label, per_gender.get(value, 0)) for value, label in Person.Gender.choices]

    per_place = people.order_by().values_list("place_id").annotate(n=Count("pk"))
    index = place_index()
    regions: dict[int | None, int] = {}
    for place_id, n in per_place.values_list("place_id", "n"):
        place = index.by_id.get(place_id) if place_id else None
        region = place.ancestor_at(1) if place else None
        key = region.pk if region else None
        regions[key] = regions.get(key, 0) + n
    named = sorted(
        ((index.by_id[pk].name, n) for pk, n in regions.items() if pk is not None),
        key=lambda pair: (-pair[1], pair[0]),
    )
    stats.by_region = named + ([(_("unknown"), regions[None])] if None in regions else [])
    return stats


def statistics_mechanism_count(user) -> int | None:
    """How many mechanisms the statistics cover (None: all of them)."""
    ids = mechanism_ids(user, "statistics.view")
    return None if ids is None else len(ids)


# -- Possible duplicates -------------------------------------------------------------------


@dataclass
class PossibleDuplicate:
    person: Person
    reasons: list[str]


def _name_keys(person: Person) -> frozenset[str]:
    return frozenset(part for part in person.search_keys.split() if part.startswith("~"))


def _phone_key(person: Person) -> str:
    digits = phone_digits(person.phone)
    return f" #{digits} " if len(digits) >= 6 else ""


def person_possible_duplicates(person: Person, limit: int = 10) -> list[PossibleDuplicate]:
    """Other records of the same mechanism that may be this person: the same phone
    number (in any format), the same e-mail address, or a name that sounds the same (the
    same phonetic keys, in either script: أمينة العلوي and Amina Alaoui)."""
    if person.anonymised_at is not None:
        return []
    others = Person.objects.identified().filter(mechanism=person.mechanism_id).exclude(pk=person.pk)
    phone, email, keys = _phone_key(person), person.email.strip(), _name_keys(person)
    match = Q(pk__in=[])
    if phone:
        match |= Q(search_keys__contains=phone)
    if email:
        match |= Q(email__iexact=email)
    if keys:
        same_sound = Q()
        for key in sorted(keys):
            same_sound &= Q(search_keys__contains=f" {key} ")
        match |= same_sound
    found = []
    for other in others.filter(match).order_by("-created_at", "-pk")[: limit * 3]:
        reasons = []
        if phone and phone in other.search_keys:
            reasons.append(_("same phone"))
        if email and other.email.strip().lower() == email.lower():
            reasons.append(_("same e-mail"))
        if keys and _name_keys(other) == keys:
            reasons.append(_("name that sounds the same"))
        if reasons:
            found.append(PossibleDuplicate(other, reasons))
        if len(found) >= limit:
            break
    return found
