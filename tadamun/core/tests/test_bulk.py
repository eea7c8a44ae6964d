"""Rows written in bulk (`core.bulk`) are stored as they were given, on both databases."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tadamun.core import bulk
from tadamun.core.bulk import (
    ROWS_PER_STATEMENT,
    indexes_deferred,
    insert_rows,
    load_rows,
    reserve_ids,
)
from tadamun.directory.models import Actor, ActorSource
from tadamun.directory.tests.factories import ActorFactory
from tadamun.duplicates.models import BlockKey

pytestmark = pytest.mark.django_db

# Two full statements' rows on SQLite, and some more.
MANY = 2 * ROWS_PER_STATEMENT + 7


def _probe(columns: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bulk_probe ({columns})")


def _rows(sql: str, params: tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.parametrize("count", [3, MANY])
def test_rows_written_in_bulk_keep_their_values_and_types(count):
    actor = ActorFactory()
    # Texts that look like numbers stay texts; each row comes in the order given.
    keys = [f"00{n}" if n % 3 else f"p:+2126612{n:05d}" for n in range(count)]
    before = max(BlockKey.objects.values_list("pk", flat=True), default=0)
    load_rows(BlockKey._meta.db_table, ["key", "actor_id"], [(key, actor.pk) for key in keys])
    written = BlockKey.objects.filter(pk__gt=before).order_by("pk")
    assert list(written.values_list("key", "actor_id")) == [(key, actor.pk) for key in keys]


def test_rows_written_in_bulk_leave_the_next_ids_after_theirs():
    actor = ActorFactory()
    load_rows(
        BlockKey._meta.db_table, ["key", "actor_id"], [(f"k{n}", actor.pk) for n in range(MANY)]
    )
    written = max(BlockKey.objects.values_list("pk", flat=True))
    assert BlockKey.objects.create(key="after", actor=actor).pk > written


def test_keys_reserved_in_bulk_are_never_those_of_deleted_rows():
    ActorFactory()
    newest = ActorFactory()
    gone = newest.pk
    newest.delete()
    with transaction.atomic():
        (reserved,) = reserve_ids(Actor, 1)
    assert reserved > gone


def test_many_rows_go_in_with_nulls_and_numbers_as_given():
    _probe("id integer PRIMARY KEY, label varchar(20) NULL, amount real NULL, n integer NULL")
    rows = [(n, None if n % 2 else f"{n}", n / 4 if n % 5 else None, n * 3) for n in range(MANY)]
    insert_rows("bulk_probe", ["id", "label", "amount", "n"], rows)
    assert _rows("SELECT id, label, amount, n FROM bulk_probe ORDER BY id") == rows


def test_a_table_changed_since_the_last_bulk_write_takes_its_new_columns():
    _probe("id integer PRIMARY KEY, label varchar(20) NOT NULL")
    insert_rows("bulk_probe", ["id", "label"], [(n, f"a{n}") for n in range(MANY)])
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE bulk_probe ADD COLUMN extra varchar(20) NULL")
    later = [(MANY + n, f"b{n}", f"x{n}") for n in range(MANY)]
    insert_rows("bulk_probe", ["id", "label", "extra"], later)
    assert (
        _rows("SELECT id, label, extra FROM bulk_probe WHERE id >= %s ORDER BY id", (MANY,))
        == later
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's limit of parameters")
def test_rows_too_wide_for_one_statement_go_in_fewer_to_a_statement(monkeypatch):
    _probe("id integer PRIMARY KEY, a varchar(20), b varchar(20), c varchar(20)")
    monkeypatch.setattr(bulk, "_sqlite_parameters", lambda: 10)  # two rows to a statement
    rows = [(n, f"a{n}", None, f"c{n}") for n in range(7)]
    statements = []
    connection.connection.set_trace_callback(statements.append)  # what SQLite runs
    try:
        insert_rows("bulk_probe", ["id", "a", "b", "c"], rows)
    finally:
        connection.connection.set_trace_callback(None)
    assert _rows("SELECT id, a, b, c FROM bulk_probe ORDER BY id") == rows
    assert len([sql for sql in statements if sql.startswith("INSERT")]) == 4  # 2 + 2 + 2 + 1


def test_a_row_that_breaks_a_rule_raises_djangos_integrity_error():
    _probe("id integer PRIMARY KEY, label varchar(20) NOT NULL")
    rows = [(n, f"a{n}") for n in range(MANY)] + [(3, "again")]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows("bulk_probe", ["id", "label"], rows)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's scratch tables")
def test_a_table_with_a_trigger_fires_it_for_every_row_and_leaves_no_scratch_table():
    _probe("id integer PRIMARY KEY, label varchar(20) NOT NULL")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bulk_seen (label varchar(20) NOT NULL)")
        cursor.execute(
            "CREATE TRIGGER bulk_probe_seen AFTER INSERT ON bulk_probe BEGIN "
            "INSERT INTO bulk_seen (label) VALUES (new.label); END"
        )
    rows = [(n, f"a{n}") for n in range(MANY)]
    insert_rows("bulk_probe", ["id", "label"], rows)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE bulk_probe ADD COLUMN extra varchar(20) NULL")
    later = [(MANY + n, f"b{n}", f"x{n}") for n in range(MANY)]
    insert_rows("bulk_probe", ["id", "label", "extra"], later)
    assert _rows("SELECT id, label FROM bulk_probe WHERE id < %s ORDER BY id", (MANY,)) == rows
    assert (
        _rows("SELECT id, label, extra FROM bulk_probe WHERE id >= %s ORDER BY id", (MANY,))
        == later
    )
    assert sorted(_rows("SELECT label FROM bulk_seen")) == sorted(
        [(label,) for _n, label, *_extra in [*rows, *later]]
    )
    assert _rows("SELECT name FROM sqlite_temp_master WHERE name LIKE 'scratch_%'") == []


def _foreign_keys(table: str) -> dict:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: c["foreign_key"] for name, c in constraints.items() if c["foreign_key"]}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's foreign keys")
def test_a_row_pointing_at_nothing_while_indexes_are_deferred_fails_at_their_end():
    tables = [Actor._meta.db_table, ActorSource._meta.db_table]
    before = _foreign_keys(tables[1])
    with transaction.atomic():
        with indexes_deferred(tables):
            assert _foreign_keys(tables[1]) == {}  # dropped, to be checked once at the end
        assert _foreign_keys(tables[1]) == before
        with pytest.raises(IntegrityError), transaction.atomic(), indexes_deferred(tables):
            load_rows(
                ActorSource._meta.db_table,
                ["id", "actor_id", "source", "source_id", "added_at"],
                [(1, 987_654, "registry", "R1", timezone.now())],
            )
    assert _foreign_keys(tables[1]) == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's sorter")
def test_sorts_in_runs_sort_in_small_runs_and_put_the_settings_back_even_after_an_error():
    def settings() -> tuple[int, int]:
        return _rows("PRAGMA cache_size")[0][0], _rows("PRAGMA threads")[0][0]

    before = settings()
    with pytest.raises(ZeroDivisionError), transaction.atomic(), bulk.sorts_in_runs():
        assert settings()[0] == -bulk.SORT_CACHE_MB * 1024
        _probe("id integer PRIMARY KEY, label varchar(20) NOT NULL")
        insert_rows("bulk_probe", ["id", "label"], [(n, f"a{n % 7}") for n in range(MANY)])
        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX bulk_probe_label ON bulk_probe (label, id)")
        assert _rows("SELECT id FROM bulk_probe INDEXED BY bulk_probe_label LIMIT 3") == [
            (0,),
            (7,),
            (14,),
        ]
        1 / 0  # noqa: B018
    assert settings() == before
