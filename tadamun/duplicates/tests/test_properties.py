"""Properties of the detection that hold whatever the records (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tadamun.directory.models import Actor
from tadamun.directory.services import actor_bulk_delete
from tadamun.directory.tests.factories import ActorFactory
from tadamun.duplicates.models import Candidate
from tadamun.duplicates.profiles import load_profiles
from tadamun.duplicates.scoring import evidence, score
from tadamun.duplicates.services import duplicates_scan

NAMES = [
    ("Coopérative Al Amal", ""),
    ("Coop. El Amel de tissage", ""),
    ("", "تعاونية الأمل للنسيج"),
    ("Association Annour", ""),
    ("", "جمعية النور"),
    ("Association En-Nour pour le développement", ""),
    ("GIE Tadamoun", ""),
    ("", "تعاونية التضامن"),
]
PLACES = ["MA-BER-BERKANE", "MA-NAD-NADOR", "TN-33-LEKEF"]
PHONES = ["", "+212661000001", "0661 00 00 01", "+212662000002", "+21678200300"]

records = st.lists(
    st.tuples(st.sampled_from(NAMES), st.sampled_from(PLACES), st.sampled_from(PHONES)),
    min_size=2,
    max_size=5,
)


def _create(record) -> Actor:
    (name_fr, name_ar), place, phone = record
    return ActorFactory(name_fr=name_fr, name_ar=name_ar, place=place, phone=phone)


def _pending() -> set[tuple[int, int]]:
    return set(Candidate.objects.pending().values_list("actor_a_id", "actor_b_id"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=records)
def test_scanning_each_new_actor_finds_what_a_full_scan_finds(db, records):
    actor_bulk_delete(actor_ids=list(Actor.objects.values_list("pk", flat=True)))
    for record in records:
        actor = _create(record)
        duplicates_scan(actor_ids=[actor.pk])
    incremental = _pending()
    duplicates_scan()
    assert _pending() == incremental


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=records)
def test_scores_are_symmetric_and_between_zero_and_one(db, records):
    actor_bulk_delete(actor_ids=list(Actor.objects.values_list("pk", flat=True)))
    actors = [_create(record) for record in records]
    profiles = load_profiles([a.pk for a in actors])
    for a in actors:
        for b in actors:
            if a.pk == b.pk:
                continue
            forward = score(evidence(profiles[a.pk], profiles[b.pk]))
            assert forward == score(evidence(profiles[b.pk], profiles[a.pk]))
            assert 0.0 < forward < 1.0
