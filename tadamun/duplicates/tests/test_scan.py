"""What makes a full scan fast changes nothing it finds: the cheap sieve weighs pairs as
the reasons do, each pair of a block is compared once, and workers find what one finds."""

from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tadamun.directory.tests.factories import ActorFactory
from tadamun.duplicates import blocking, compare
from tadamun.duplicates.blocking import blocking_keys, candidate_pairs, refiners
from tadamun.duplicates.models import BlockKey, Candidate
from tadamun.duplicates.profiles import Profile
from tadamun.duplicates.scoring import (
    _name_weight,
    best_name_weight,
    could_reach_threshold,
    other_evidence,
    others_weight,
)
from tadamun.duplicates.services import duplicates_scan

NAMES = [
    ("Coopérative Al Amal de tissage",),
    ("تعاونية الأمل للنسيج",),
    ("Association Annour pour le développement local", "جمعية النور"),
    ("GIE Tadamoun",),
    ("Coop. El Amel",),
]

profiles = st.builds(
    Profile,
    id=st.integers(1, 1000),
    name_texts=st.sampled_from(NAMES),
    names=st.just(()),
    country=st.sampled_from(["MA", "TN"]),
    admin1=st.sampled_from([None, 1, 2]),
    admin2=st.sampled_from([None, 11, 12, 21]),
    place=st.none(),
    latitude=st.one_of(st.none(), st.floats(33.0, 33.9)),
    longitude=st.floats(-5.0, -4.0),
    phone=st.sampled_from(["", "61234567", "61234568"]),
    email=st.sampled_from(["", "a@x.ma", "b@x.ma"]),
    host=st.sampled_from(["", "amal.ma", "nour.ma"]),
    legal_form=st.sampled_from(
        [None, "legal_form:cooperative", "legal_form:gie", "legal_form:association"]
    ),
    sectors=st.frozensets(st.integers(1, 4), max_size=2),
    founded=st.sampled_from([None, 2001, 2002, 2010]),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=profiles, b=profiles)
def test_the_sieve_weighs_a_pair_as_its_reasons_do(db, a, b):
    assert others_weight(a, b) == pytest.approx(sum(e.weight for e in other_evidence(a, b)))
    assert others_weight(a, b) == others_weight(b, a)


@pytest.mark.parametrize("count", [1, 5, 6, 12, 40, 5000])
def test_no_name_weighs_more_than_the_bound(count):
    assert best_name_weight(count) >= max(_name_weight(s / 100, count) for s in range(101))
    assert could_reach_threshold([]) is True


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    blocks=st.lists(st.lists(st.integers(1, 40), min_size=1, max_size=14, unique=True), max_size=8),
    focus=st.one_of(st.none(), st.sets(st.integers(1, 40), min_size=1, max_size=6)),
)
def test_the_pairs_are_those_sharing_a_block_or_a_part_of_one(monkeypatch, blocks, focus):
    monkeypatch.setattr(blocking, "MAX_BLOCK", 4)
    monkeypatch.setattr(blocking, "MAX_SPLIT", 10)
    ids = {m for members in blocks for m in members}
    people = {
        i: Profile(i, (), (), "MA", 1, 10 + i % 3, None, None, None, "", "", "", None,
                   frozenset({i % 4}), None)
        for i in ids
    }  # fmt: skip

    expected = set()
    for members in blocks:
        if len(members) <= 4:
            parts = [members]
        elif len(members) <= 10:
            by = {}
            for m in members:
                for r in refiners(people[m]):
                    by.setdefault(r, []).append(m)
            parts = [p for p in by.values() if len(p) <= 4]
        else:
            parts = []
        for part in parts:
            expected |= {(min(x, y), max(x, y)) for x, y in combinations(part, 2)}
    if focus is not None:
        expected = {p for p in expected if p[0] in focus or p[1] in focus}
    blocks_by_key = {f"k{n}": members for n, members in enumerate(blocks)}
    assert candidate_pairs(blocks_by_key, people, focus=focus) == expected


def _pending():
    return {
        (a, b, round(s, 4))
        for a, b, s in Candidate.objects.pending().values_list("actor_a_id", "actor_b_id", "score")
    }


def test_workers_find_what_one_process_finds(db, monkeypatch):
    for n, place in enumerate(["MA-BER-BERKANE", "MA-NAD-NADOR"] * 6):
        ActorFactory(name_fr=f"Coopérative Al Amal {n % 3}", place=place, phone="+212661234567")
        ActorFactory(name_ar="تعاونية الأمل", name_fr="", place=place)
    duplicates_scan()
    alone = _pending()
    assert alone
    monkeypatch.setattr(compare, "PARALLEL_FROM", 0)
    monkeypatch.setattr(compare, "workers_available", lambda: 2)
    result = duplicates_scan()
    assert _pending() == alone
    assert result.candidates == len(alone)
    assert BlockKey.objects.exists()
    assert result.stats["phases"][0]["phase"] == "load profiles"


def test_a_deleted_actor_takes_its_blocking_keys_with_it(db):
    from tadamun.directory.services import actor_bulk_delete, actor_delete

    kept = ActorFactory(name_fr="Coopérative Al Amal", place="MA-BER-BERKANE")
    gone = ActorFactory(name_fr="Coopérative Al Amal", place="MA-BER-BERKANE")
    assert BlockKey.objects.filter(actor_id=gone.pk).exists()
    also = ActorFactory(name_fr="Coopérative Al Amal", place="MA-BER-BERKANE")
    actor_delete(actor=gone)
    actor_bulk_delete(actor_ids=[also.pk])
    assert set(BlockKey.objects.values_list("actor_id", flat=True)) == {kept.pk}


@pytest.mark.parametrize(
    "fields",
    [
        {"name_fr": "Coopérative Al Amal de tissage", "place": "MA-BER-BERKANE"},
        {"name_ar": "تعاونية الأمل للنسيج", "name_fr": "", "phone": "+212536601122"},
        {"name_fr": "GIE Tadamoun", "name_en": "Tadamoun EIG", "place": None},
        {"name_fr": "Association Annour", "email": " Contact@Annour.MA ", "place": None},
        {"name_fr": "Coop. El Amel", "website": "https://www.elamel.tn/", "country_id": "TN"},
        {"name_fr": "Coopérative Tifawin", "website": "https://facebook.com/tifawin"},
    ],
)
def test_the_keys_of_an_actor_at_hand_are_those_its_stored_profile_gives(db, fields):
    from tadamun.duplicates.keys import actor_keys
    from tadamun.duplicates.profiles import load_profiles

    actor = ActorFactory(**fields)
    (stored,) = load_profiles([actor.pk]).values()
    assert set(actor_keys(actor)) == blocking_keys(stored)
    assert set(actor_keys(actor)) == set(
        BlockKey.objects.filter(actor_id=actor.pk).values_list("key", flat=True)
    )


def test_a_full_scan_stores_the_keys_every_profile_gives_with_their_indexes(db):
    from django.db import connection

    from tadamun.duplicates.profiles import load_profiles

    for n, place in enumerate(["MA-BER-BERKANE", "MA-NAD-NADOR", "TN-KEF"] * 3):
        ActorFactory(name_fr=f"Coopérative Al Amal {n % 2}", place=place, email=f"a{n}@x.ma")
    BlockKey.objects.all().delete()
    duplicates_scan()
    expected = {(key, p.id) for p in load_profiles().values() for key in blocking_keys(p)}
    assert set(BlockKey.objects.values_list("key", "actor_id")) == expected
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, BlockKey._meta.db_table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert {("key", "actor_id"), ("actor_id",)} <= indexed


def test_profiles_share_one_object_for_each_equal_value_they_hold(db):
    from dataclasses import replace

    from tadamun.duplicates.profiles import load_profiles

    a = ActorFactory(name_fr="Coopérative Tifawin de tissage", place="MA-NAD-NADOR")
    b = ActorFactory(name_fr="Association Tifawin de tissage", place="MA-BER-BERKANE")
    for actor in (a, b):
        actor.sectors.set(actor.sectors.model.objects.filter(code="agriculture"))
    profiles = load_profiles([a.pk, b.pk])
    one, other = profiles[a.pk], profiles[b.pk]
    assert one.sectors is other.sectors
    assert [w.text for w in one.names[0].words] == [w.text for w in other.names[0].words]
    for word, same in zip(one.names[0].words, other.names[0].words, strict=True):
        assert word is same
    assert refiners(one) is refiners(replace(one, id=0))  # made anew, shared all the same
