"""Rows derived from actors: those the database does not tie to them by a constraint
(their search documents, their territories) are kept right by the directory's own rules;
a first import builds their indexes once, at its end."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.models import ProtectedError

from tadamun.directory import services as directory_services
from tadamun.directory.models import Actor
from tadamun.directory.services import actor_bulk_delete, actor_delete
from tadamun.directory.tests.factories import ActorFactory
from tadamun.duplicates.models import BlockKey
from tadamun.search.models import SearchDocument
from tadamun.search.services import actor_search, search_index_tables

pytestmark = pytest.mark.django_db


def test_a_deleted_actor_takes_its_search_document_with_it():
    kept = ActorFactory(name_fr="Coopérative Tifawin", place="MA-BER-BERKANE")
    gone = ActorFactory(name_fr="Coopérative Tifawin", place="MA-BER-BERKANE")
    also = ActorFactory(name_fr="Coopérative Tifawin", place="MA-BER-BERKANE")
    assert SearchDocument.objects.filter(actor_id=gone.pk).exists()
    actor_delete(actor=gone)
    actor_bulk_delete(actor_ids=[also.pk])
    assert set(SearchDocument.objects.values_list("actor_id", flat=True)) == {kept.pk}
    assert [actor.pk for actor in actor_search(text="tifawin").actors] == [kept.pk]


def test_the_territories_an_actor_is_counted_in_cannot_be_deleted():
    # Their own PROTECT, and the chain of places below them (each protects its parent,
    # the actor its place), without a constraint in the database.
    actor = ActorFactory(place="MA-BER-BERKANE")
    assert actor.admin1 is not None and actor.admin2 is not None
    for territory in (actor.admin1, actor.admin2):
        with pytest.raises(ProtectedError):
            territory.delete()


def _deferred(monkeypatch, rows: int) -> list[str]:
    """The tables whose indexes `actors_bulk_loading` would build at the end."""
    given: list[str] = []

    @contextmanager
    def recorded(tables):
        given.extend(tables)
        yield

    monkeypatch.setattr(directory_services, "indexes_deferred", recorded)
    with directory_services.actors_bulk_loading(rows=rows):
        pass
    return given


def test_a_first_import_builds_the_indexes_of_every_table_it_writes_at_its_end(monkeypatch):
    monkeypatch.setattr(directory_services, "BULK_LOADING_FROM", 10)
    assert _deferred(monkeypatch, rows=9) == []
    deferred = _deferred(monkeypatch, rows=10)
    assert {Actor._meta.db_table, BlockKey._meta.db_table} <= set(deferred)
    assert set(search_index_tables()) <= set(deferred)


def test_a_large_import_into_a_directory_in_use_leaves_the_public_indexes_on_postgresql(
    monkeypatch,
):
    monkeypatch.setattr(directory_services, "BULK_LOADING_FROM", 10)
    ActorFactory()
    deferred = _deferred(monkeypatch, rows=10)
    if connection.vendor == "postgresql":
        # Readers of the directory would wait for the import's end.
        assert deferred == [BlockKey._meta.db_table]
    else:  # SQLite's readers read what was committed
        assert Actor._meta.db_table in deferred


def test_a_new_actors_row_holds_only_values_the_database_takes_as_they_are():
    # `actor_rows_create` writes them without the fields' conversions (dates, JSON…).
    from tadamun.core.bulk import _CONVERTED

    assert not [f.name for f in directory_services._ROW_FIELDS if isinstance(f, _CONVERTED)]


def test_actors_created_in_bulk_are_stored_as_one_by_one_with_their_keys_and_times_set():
    from tadamun.directory.models import LegalForm, Sector
    from tadamun.places.selectors import place_by_code

    place = place_by_code("MA-BER-BERKANE")
    honey = Sector.objects.get(code="agriculture")
    fields = {
        "name_fr": "Coopérative Nahla",
        "name_ar": "تعاونية النحلة",
        "country_id": "MA",
        "place": place,
        "legal_form": LegalForm.objects.get(code="cooperative"),
        "latitude": place.latitude,
        "longitude": place.longitude,
        "phone": "+212536000000",
        "members_women": 12,
        "status": Actor.Status.ACTIVE,
    }
    alone = ActorFactory(**fields, sectors=[honey], sources=[("registry", "1")])
    (bulk,) = directory_services.actor_bulk_create(
        actors=[Actor(**fields)], sector_ids=[[honey.pk, honey.pk]], sources=[[("registry", "2")]]
    )
    stored = Actor.objects.get(pk=bulk.pk)
    assert (stored.created_at, stored.updated_at) == (bulk.created_at, bulk.updated_at)
    columns = [f.attname for f in directory_services._ROW_FIELDS]
    row = Actor.objects.filter(pk__in=[alone.pk, bulk.pk]).order_by("pk").values_list(*columns)
    assert row[0] == row[1]
    assert list(stored.sectors.all()) == [honey]
    assert list(stored.sources.values_list("source", "source_id")) == [("registry", "2")]
    documents = SearchDocument.objects.filter(actor_id__in=[alone.pk, bulk.pk]).order_by("pk")
    assert len({(d.names, d.body, d.codes) for d in documents}) == 1
    keys = [
        sorted(BlockKey.objects.filter(actor_id=pk).values_list("key", flat=True))
        for pk in (alone.pk, bulk.pk)
    ]
    assert keys[0] == keys[1] != []
