"""A first import's search documents: on SQLite, FTS5 merges the segments they make once,
at the end, and its own setting comes back whatever happens."""

import pytest
from django.db import connection, transaction

from tadamun.directory.tests.factories import ActorFactory
from tadamun.search.services import FTS_AUTOMERGE, actor_search, search_index_bulk_loading

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's merges"),
]


def _automerge() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM search_fts_config WHERE k = 'automerge'")
        found = cursor.fetchone()
    return None if found is None else int(found[0])


def _index_is_sound() -> None:
    with connection.cursor() as cursor:  # raises when the index and the documents differ
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


def test_documents_written_while_bulk_loading_are_found_once_it_ends():
    with transaction.atomic():
        with search_index_bulk_loading():
            assert _automerge() == 0
            for n in range(30):  # a segment each
                ActorFactory(name_fr=f"Coopérative Tifawin {n}", place="MA-BER-BERKANE")
        assert _automerge() == FTS_AUTOMERGE
    _index_is_sound()
    assert actor_search(text="tifawin").count == 30


def test_a_merge_setting_of_the_platforms_own_comes_back_after_bulk_loading():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 8)")
    with transaction.atomic(), search_index_bulk_loading():
        ActorFactory(name_fr="Association Tiwizi")
    assert _automerge() == 8
    assert actor_search(text="tiwizi").count == 1


def test_an_import_that_fails_leaves_the_merge_setting_and_the_index_as_they_were():
    ActorFactory(name_fr="Association Tiwizi")
    with pytest.raises(RuntimeError), transaction.atomic(), search_index_bulk_loading():
        ActorFactory(name_fr="Coopérative Tifawin")
        raise RuntimeError("the file could not be read")
    assert _automerge() is None  # never set: FTS5's default
    _index_is_sound()
    assert actor_search(text="tifawin").count == 0
    assert actor_search(text="tiwizi").count == 1
