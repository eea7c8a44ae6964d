"""The review queue: merge field by field (nothing lost, undoable), "not the same"
(remembered), and the export."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from tadamun.accounts.testing import log_in
from tadamun.directory import services as directory_services
from tadamun.directory.models import Actor, ActorSource
from tadamun.directory.tests.factories import ActorFactory
from tadamun.duplicates.keys import actor_keys
from tadamun.duplicates.models import BlockKey, Candidate, KeysOwed, Merge
from tadamun.duplicates.services import (
    actors_merge,
    candidate_dismiss,
    default_choices,
    duplicates_scan,
    duplicates_scan_after_import,
    merge_undo,
)
from tadamun.imports import services as import_services
from tadamun.imports.formats import Table
from tadamun.imports.services import actors_import
from tadamun.search.services import actor_search


def the_candidate(twins):
    first, second = twins
    duplicates_scan()
    return Candidate.objects.get(actor_a=first, actor_b=second)


def test_merge_keeps_chosen_values_and_every_source(twins, salma):
    first, second = twins
    choices = {**default_choices(first, second), "name_ar": "b", "email": "b"}
    actors_merge(survivor=first, merged=second, choices=choices, by=salma)

    assert not Actor.objects.filter(pk=second.pk).exists()
    kept = Actor.objects.get(pk=first.pk)
    assert kept.name_ar == "تعاونية التضامن النسائية"
    assert kept.name_fr == "Coopérative Tadamoun des femmes"
    assert kept.email == "tadamoun@example.ma"
    assert kept.members_women == 24  # empty on the survivor: the other's value by default
    assert set(kept.sources.values_list("source", "source_id")) == {
        ("rnc", "RNC-7"),
        ("partners", "P-9"),
    }
    assert set(kept.sectors.values_list("code", flat=True)) == {"agrifood", "textile"}
    # Both names now find it, and only it.
    assert [a.pk for a in actor_search(text="التضامن").actors] == [first.pk]


def test_undo_brings_back_both_actors_as_they_were(twins, salma):
    first, second = twins
    candidate = the_candidate(twins)
    before = Actor.objects.get(pk=second.pk)
    merge = actors_merge(
        survivor=first,
        merged=second,
        choices={**default_choices(first, second), "name_ar": "b", "sectors": "a"},
        by=salma,
    )
    merge_undo(merge=merge, by=salma)

    again = Actor.objects.get(pk=before.pk)
    for field in ("name_ar", "phone", "email", "members_women", "place_id", "latitude"):
        assert getattr(again, field) == getattr(before, field)
    assert list(again.sectors.values_list("code", flat=True)) == ["textile"]
    assert list(again.sources.values_list("source_id", flat=True)) == ["P-9"]
    kept = Actor.objects.get(pk=first.pk)
    assert kept.name_ar == ""  # given back: nobody changed it since the merge
    assert list(kept.sources.values_list("source_id", flat=True)) == ["RNC-7"]
    merge.refresh_from_db()
    assert merge.undone_by == salma
    # The pair is back in the queue, with its score.
    back = Candidate.objects.pending().get(actor_a=first, actor_b=before)
    assert back.score == candidate.score


def test_a_merge_can_be_undone_after_an_import_created_actors(twins, salma):
    first, second = twins  # the merged actor is the newest: its key was the largest
    merged_id = second.pk
    merge = actors_merge(
        survivor=first, merged=second, choices=default_choices(first, second), by=salma
    )
    table = Table("utf-8", ";", ["source_id", "name", "country"], [["N1", "Coop Atlas", "MA"]])
    (created,) = actors_import(table=table, source="registry").actor_ids
    assert created > merged_id
    merge_undo(merge=merge, by=salma)
    assert Actor.objects.filter(pk__in=[first.pk, merged_id, created]).count() == 3


def test_a_merge_cannot_be_undone_twice(twins, salma):
    first, second = twins
    merge = actors_merge(
        survivor=first, merged=second, choices=default_choices(first, second), by=salma
    )
    merge_undo(merge=merge, by=salma)
    with pytest.raises(ValidationError) as refused:
        merge_undo(merge=merge, by=salma)
    assert refused.value.code == "undone"


def test_not_the_same_is_never_proposed_again(twins, salma):
    candidate = the_candidate(twins)
    candidate_dismiss(candidate=candidate, by=salma)
    duplicates_scan()
    duplicates_scan(actor_ids=[t.pk for t in twins])
    assert not Candidate.objects.pending().exists()
    assert Candidate.objects.get(pk=candidate.pk).status == Candidate.Status.DISTINCT


def test_export_names_pairs_by_their_source_ids(twins):
    the_candidate(twins)
    out = io.StringIO()
    call_command("duplicates", "export", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["source_id_a", "source_id_b", "score"]
    assert rows[1][:2] == ["RNC-7", "P-9"]
    assert 0.5 <= float(rows[1][2]) <= 1


def test_a_scan_after_import_compares_new_actors_with_everyone(twins):
    late = ActorFactory(
        name_fr="Cooperative Attadamoun", place="MA-NAD-NADOR", phone="+212 661-112233"
    )
    result = duplicates_scan(actor_ids=[late.pk])
    assert result.candidates == 2
    assert result.actors == 1
    assert Candidate.objects.filter(actor_b=late).count() == 2


def test_a_scan_after_an_import_of_most_of_the_directory_is_a_full_scan(twins):
    late = ActorFactory(
        name_fr="Cooperative Attadamoun", place="MA-NAD-NADOR", phone="+212 661-112233"
    )
    few = duplicates_scan_after_import(actor_ids=[late.pk])
    found = set(Candidate.objects.pending().values_list("actor_a", "actor_b"))
    most = duplicates_scan_after_import(actor_ids=[late.pk, twins[0].pk])
    # The full scan (its first phase loads every profile) finds the pairs the scan of
    # the new actor found, and the twins' own.
    assert few.actors == 1
    assert len(found) == 2
    assert most.actors == Actor.objects.count() == 3
    assert most.stats["phases"][0]["phase"] == "load profiles"
    pending = set(Candidate.objects.pending().values_list("actor_a", "actor_b"))
    assert pending == found | {tuple(sorted(t.pk for t in twins))}
    assert duplicates_scan_after_import(actor_ids=[]) is None


def test_the_full_scan_after_an_import_keeps_the_keys_the_writes_stored(twins):
    late = ActorFactory(
        name_fr="Cooperative Attadamoun", place="MA-NAD-NADOR", phone="+212 661-112233"
    )
    stored = sorted(BlockKey.objects.values_list("pk", "key", "actor_id"))
    scan = duplicates_scan_after_import(actor_ids=[late.pk, twins[0].pk])
    assert "store keys" not in [phase["phase"] for phase in scan.stats["phases"]]
    assert sorted(BlockKey.objects.values_list("pk", "key", "actor_id")) == stored
    # They are the keys that renewing them all writes.
    renewing = duplicates_scan()
    assert "store keys" in [phase["phase"] for phase in renewing.stats["phases"]]
    assert sorted(BlockKey.objects.values_list("key", "actor_id")) == sorted(k[1:] for k in stored)
    assert renewing.candidates == scan.candidates


def _registry(*rows: tuple[str, str, str, str]) -> Table:
    return Table("utf-8", ";", ["source_id", "name", "country", "phone"], [list(r) for r in rows])


FIRST_REGISTRY = _registry(
    ("R-1", "Coopérative Tadamoun des femmes", "MA", "+212 661-112233"),
    ("R-2", "Association Annour", "MA", ""),
    ("R-3", "Coopérative Al Amal", "TN", ""),
)


def test_a_first_import_leaves_its_actors_keys_to_the_full_scan_after_it(db, monkeypatch):
    monkeypatch.setattr(directory_services, "BULK_LOADING_FROM", 2)
    result = actors_import(table=FIRST_REGISTRY, source="rnc")
    # Not computed for the import, then again by the scan: owed.
    assert result.created == 3
    assert not BlockKey.objects.exists()
    assert KeysOwed.objects.get().reason == "import from rnc"

    scan = duplicates_scan_after_import(actor_ids=result.actor_ids)
    assert "store keys" in [phase["phase"] for phase in scan.stats["phases"]]
    assert not KeysOwed.objects.exists()
    stored = sorted(BlockKey.objects.values_list("key", "actor_id"))
    assert stored == sorted(
        (key, actor.pk) for actor in Actor.objects.all() for key in actor_keys(actor)
    )


def test_a_scan_of_new_actors_while_keys_are_owed_renews_everyones(db, monkeypatch):
    monkeypatch.setattr(directory_services, "BULK_LOADING_FROM", 2)
    actors_import(table=FIRST_REGISTRY, source="rnc")  # as `--no-scan`
    later = actors_import(
        table=_registry(("P-9", "Cooperative Attadamoun", "MA", "0661112233")), source="partners"
    )
    assert BlockKey.objects.filter(actor_id__in=later.actor_ids).exists()  # not a first import

    # The stored keys alone would find the new actor no partner.
    scan = duplicates_scan(actor_ids=later.actor_ids)
    assert scan.actors == 4
    assert not KeysOwed.objects.exists()
    assert BlockKey.objects.values("actor_id").distinct().count() == 4
    pair = Candidate.objects.pending().get()
    assert {pair.actor_a.sources.get().source_id, pair.actor_b.sources.get().source_id} == {
        "R-1",
        "P-9",
    }


def test_a_first_import_that_creates_no_actor_owes_no_keys(db, monkeypatch):
    monkeypatch.setattr(directory_services, "BULK_LOADING_FROM", 2)
    nameless = _registry(("R-1", "", "MA", ""), ("R-2", "", "TN", ""))
    assert actors_import(table=nameless, source="rnc").rejected == 2
    assert not KeysOwed.objects.exists()


def test_a_first_import_that_fails_owes_no_keys(db, monkeypatch):
    monkeypatch.setattr(directory_services, "BULK_LOADING_FROM", 2)
    monkeypatch.setattr(
        import_services, "_import_batch", lambda *args: (_ for _ in ()).throw(OSError("full"))
    )
    with pytest.raises(OSError):
        actors_import(table=FIRST_REGISTRY, source="rnc")
    assert not KeysOwed.objects.exists()


def test_staff_review_queue_lists_pairs_in_few_queries(
    twins, salma, client, django_assert_max_num_queries
):
    the_candidate(twins)
    ActorFactory(name_fr="Association Annour", place="MA-BER-BERKANE", phone="+212662000001")
    ActorFactory(name_ar="جمعية النور", name_fr="", place="MA-BER-BERKANE", phone="0662000001")
    duplicates_scan()
    assert Candidate.objects.pending().count() == 2
    log_in(client, salma)
    with django_assert_max_num_queries(10):  # with the roles of who asks
        response = client.get("/en/staff/duplicates/")
    page = response.content.decode()
    assert "Tadamoun" in page and "النور" in page
    assert "same phone" in page


def test_outsiders_cannot_see_the_queue(twins, outsider, client):
    candidate = the_candidate(twins)
    for url in (
        reverse("duplicates:queue"),
        reverse("duplicates:pair", args=[candidate.pk]),
        reverse("duplicates:merges"),
    ):
        assert client.get(url).status_code == 302  # to the login page
        log_in(client, outsider)
        assert client.get(url).status_code == 404  # no role that opens it
        client.logout()


def test_staff_merge_through_the_pair_page_then_undo(twins, salma, client):
    first, second = twins
    first_id = first.pk
    candidate = the_candidate(twins)
    log_in(client, salma)
    page = client.get(reverse("duplicates:pair", args=[candidate.pk])).content.decode()
    assert 'class="differs"' in page
    response = client.post(
        reverse("duplicates:pair", args=[candidate.pk]),
        {"action": "merge", "keep": "b", "choice_name_fr": "a", "choice_sectors": "both"},
    )
    assert response.status_code == 302
    kept = Actor.objects.get(pk=second.pk)
    assert kept.name_fr == "Coopérative Tadamoun des femmes"
    assert not Actor.objects.filter(pk=first_id).exists()
    assert ActorSource.objects.filter(actor=kept).count() == 2

    merge = Merge.objects.get()
    assert "Tadamoun" in client.get(reverse("duplicates:merges")).content.decode()
    client.post(reverse("duplicates:undo", args=[merge.pk]))
    assert Actor.objects.filter(pk=first_id).exists()
    assert Actor.objects.get(pk=second.pk).name_fr == ""


def test_staff_mark_not_the_same_through_the_pair_page(twins, salma, client):
    candidate = the_candidate(twins)
    log_in(client, salma)
    client.post(reverse("duplicates:pair", args=[candidate.pk]), {"action": "distinct"})
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.DISTINCT
    assert candidate.decided_by == salma
