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
