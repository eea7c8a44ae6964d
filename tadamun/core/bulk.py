"""Fast inserts of many rows, for imports and generated data.

Django's `bulk_create` prepares every value through the field API and, on SQLite, splits a
batch into statements of at most 999 parameters; at a million rows that dominates. Here a
batch is a few INSERTs of hundreds of rows each (a COPY on PostgreSQL), with primary keys
reserved beforehand so that the caller knows them without a RETURNING clause. Only plain
values pass through unchanged; date and time fields still go through the field's own
conversion.
"""

import gc
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from itertools import chain
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

_CONVERTED = (
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.JSONField,
    models.DecimalField,
    models.UUIDField,
    models.DurationField,
)


# SQLite's page cache while a bulk write runs: the indexes of a million actors (names, sort
# names, territories, the map's counts) outgrow the usual 64 MB, and inserts at scattered
# places in them then take twice as long.
BULK_CACHE_MB = 256


# PostgreSQL's memory for one sort or hash (the map's counts group a million points) and
# for building an index (seven million blocking keys), within a bulk write's transaction.
BULK_WORK_MEM = "64MB"
BULK_MAINTENANCE_WORK_MEM = "256MB"


@contextmanager
def bulk_cache() -> Iterator[None]:
    """A larger page cache for this connection while it writes many rows (SQLite; the
    setting in force before comes back after); on PostgreSQL, inside a transaction, more
    memory for its sorts and index builds until the transaction ends."""
    if connection.vendor == "postgresql":
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('work_mem', %s, true)", [BULK_WORK_MEM])
                cursor.execute(
                    "SELECT set_config('maintenance_work_mem', %s, true)",
                    [BULK_MAINTENANCE_WORK_MEM],
                )
        yield
        return
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")  # in pages, or in KiB when negative
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        kib = -before if before < 0 else before * cursor.fetchone()[0] // 1024
    if kib >= BULK_CACHE_MB * 1024:
        yield
        return
    with _pragmas(cache_size=-BULK_CACHE_MB * 1024):
        yield


@contextmanager
def _pragmas(**settings: int) -> Iterator[None]:
    """SQLite settings of this connection (`PRAGMA name = value`) for a while; those in
    force before come back after, whatever happens meanwhile."""
    before = {}
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")


# SQLite's page cache while it sorts a bulk write's rows (building an index, grouping the
# map's counts): its sorter sorts runs as large as the page cache, then merges them.
SORT_CACHE_MB = 4


@contextmanager
def sorts_in_runs() -> Iterator[None]:
    """Around statements that sort many rows on SQLite (CREATE INDEX, GROUP BY over a
    million points): the sorter sorts runs of a few MB, the other cores sorting some
    (`PRAGMA threads`), then merges them, rather than one run as large as the page cache
    (256 MB within `bulk_cache`) sorted by one thread. (It makes runs only when its
    temporary store is not in memory: the settings leave it to SQLite's default.) The
    indexes of a million-row first import build in 13 to 15 s rather than 26 to 29, the
    map's counts in 11 to 12 s rather than 15 to 16 (`bench/import_floor.py`, ADR 0017).
    The settings in force before come back after."""
    if connection.vendor != "sqlite":
        yield
        return
    with _pragmas(threads=(os.cpu_count() or 1) - 1, cache_size=-SORT_CACHE_MB * 1024):
        yield


@contextmanager
def cycles_left_alone() -> Iterator[None]:
    """Python's collector of reference cycles walks every live object each time enough
    new ones were made: while a file is read or imported that is millions of them (the
    file's cells, the batch's actors) many times over, a fifth of an import's time at
    100,000 rows, half of reading a million rows. They make no cycles to collect (their
    memory stays the same without it): the collector waits until they end, then is put
    back as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    """`items` in slices of `size` (the ids of one query, the rows of one statement)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` unused primary keys of `model`'s table, in increasing order.

    Must run inside a transaction: on SQLite the transaction holds the write lock (Tadamun
    opens them IMMEDIATE), so nobody else can take the same keys; on PostgreSQL the keys
    come from the table's sequence. Neither gives again the key of a deleted row.
    """
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids must run inside transaction.atomic()")
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence named once (named in the select list, it would be looked up
            # again for every key: 4 µs each).
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
            (sequence,) = cursor.fetchone()
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        # Past the largest key ever given (the AUTOINCREMENT counter remembers those of
        # deleted rows): a merged actor comes back under its own key when a merge is
        # undone, which a new actor must not have taken.
        cursor.execute(
            f'SELECT COALESCE(MAX(v), 0) FROM (SELECT MAX("{pk}") AS v FROM "{table}" '  # noqa: S608
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def insert_objects(
    model: type[models.Model], objects: Sequence[models.Model], *, assign_ids: bool = True
) -> None:
    """INSERT model instances in one statement (`load_rows`); sets their primary keys
    first if asked. Fields set automatically (auto_now, auto_now_add) take one time for
    all, set on the instances too."""
    if not objects:
        return
    meta = model._meta
    if assign_ids:
        for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
            obj.pk = pk
    fields = list(meta.concrete_fields)
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                setattr(obj, field.attname, now)
    converted = [n for n, f in enumerate(fields) if isinstance(f, _CONVERTED)]
    values = attrgetter(*(f.attname for f in fields))
    if len(fields) == 1:
        rows = [[values(obj)] for obj in objects]
    else:
        rows = [list(values(obj)) for obj in objects]
    for n in converted:
        field = fields[n]
        prepared: dict = {}  # most objects share their date (a time set above, a default)
        for row in rows:
            value = row[n]
            try:
                row[n] = prepared[value]
            except (KeyError, TypeError):
                row[n] = field.get_db_prep_save(value, connection)
                with suppress(TypeError):
                    prepared[value] = row[n]
    load_rows(meta.db_table, [f.column for f in fields], rows)


# Rows in one INSERT on SQLite (fewer when the table is so wide that their values would
# pass SQLite's limit of parameters in one statement).
ROWS_PER_STATEMENT = 500


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT rows (sequences of values in the order of `columns`) into a table.

    On SQLite the rows go in by hundreds, as one statement of many VALUES each: an
    `executemany` runs its statement once per row, and each run reads and writes the
    table's AUTOINCREMENT counter (Django's primary keys have one); many rows to a
    statement pay that once (bench/sqlite_inserts.py). They go to the driver's own
    cursor, with its own placeholders: Django's would rewrite thousands of placeholders
    for every statement (a tenth of a large import's time). A table with a trigger (the
    search documents', into FTS5, which writes out the terms it holds at the end of every
    statement) takes them all in one statement, from a scratch table in memory that the
    rows fill first; the scratch table takes the table's columns as they are now (a
    migration may have changed them) and goes when the rows are in."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    rows = rows if isinstance(rows, list) else list(rows)
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({names}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                rows,
            )
        return
    if not rows:
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, closing(connection.connection.cursor()) as cursor:
        per = max(1, min(ROWS_PER_STATEMENT, _sqlite_parameters() // max(len(columns), 1)))
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table]
        )
        if len(rows) <= per or cursor.fetchone() is None:
            _values_into(cursor, quote(table), names, len(columns), rows, per)
            return
        scratch = quote(f"scratch_{table}")
        cursor.execute(f"DROP TABLE IF EXISTS temp.{scratch}")
        cursor.execute(
            f"CREATE TEMP TABLE {scratch} AS SELECT {names} FROM {quote(table)} WHERE 0"  # noqa: S608
        )
        try:
            _values_into(cursor, scratch, names, len(columns), rows, per)
            cursor.execute(
                f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {scratch}"  # noqa: S608
            )
        finally:
            cursor.execute(f"DROP TABLE temp.{scratch}")


def _values_into(cursor, table: str, names: str, width: int, rows: list, per: int) -> None:
    """INSERT rows into a (quoted) table of SQLite, `per` rows to a statement."""
    into = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
    one = f"({', '.join('?' * width)})"
    full = len(rows) - len(rows) % per
    values = chain.from_iterable
    if full:
        statement = into + ", ".join([one] * per)
        for start in range(0, full, per):
            cursor.execute(statement, list(values(rows[start : start + per])))
    if full < len(rows):
        rest = rows[full:]
        cursor.execute(into + ", ".join([one] * len(rest)), list(values(rest)))


def _sqlite_parameters() -> int:
    """How many parameters one statement may have on this SQLite connection."""
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def load_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Like `insert_rows` (values as the database adapter takes them: numbers, text,
    booleans, dates prepared by their field), with PostgreSQL's COPY, an order of
    magnitude faster there."""
    if connection.vendor != "postgresql":
        insert_rows(table, columns, rows)
        return
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def indexes_deferred(tables: Sequence[str]) -> Iterator[None]:
    """Within it, the tables' secondary indexes are gone; they are built again from their
    own definitions when it ends. Rows inserted meanwhile cost no search in every index
    each (at scattered places of indexes larger than the page cache, for a million rows):
    each index is built once, from its rows sorted. For writes that at least double a
    table. Unique indexes stay (they are rules, not speed). On PostgreSQL the foreign keys
    from one of the tables to another go too, and come back at the end: adding one checks
    every row with one query, where the key checks each row with one of its own.

    Only inside a transaction, whose end makes the swap atomic (an error puts the indexes
    back with the rollback). Dropping an index locks its table against every reader on
    PostgreSQL until the transaction ends (not on SQLite, whose readers keep reading the
    last committed state): there, give only tables the public pages do not read. (A
    foreign key to a table not given would lock that table too: those stay.)"""
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_deferred must run inside transaction.atomic()")
    quote = connection.ops.quote_name
    keys: list[tuple[str, str, str]] = []  # (table, constraint, definition)
    with connection.cursor() as cursor:
        found: list[tuple[str, str]] = []
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = to_regclass(%s) AND NOT x.indisunique",
                    [quote(table)],
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = %s AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                    [table],
                )
            found += cursor.fetchall()
        if connection.vendor == "postgresql":
            keys = _foreign_keys_among(cursor, tables)
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    if connection.vendor == "postgresql" and found:
        # The rows' deferred foreign key checks, now: PostgreSQL builds no index over a
        # table with pending ones.
        connection.check_constraints(table_names=list(tables))
    with connection.cursor() as cursor:
        with sorts_in_runs():
            for _name, definition in found:
                cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def _foreign_keys_among(cursor, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """The foreign keys (table, name, definition) from one of the tables to one of them
    (PostgreSQL)."""
    quote = connection.ops.quote_name
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c, "
        "LATERAL (SELECT array_agg(to_regclass(t)::oid) AS oids FROM unnest(%s::text[]) t) g "
        "WHERE c.contype = 'f' AND c.conrelid = ANY(g.oids) AND c.confrelid = ANY(g.oids) "
        "ORDER BY c.conrelid, c.conname",
        [[quote(table) for table in tables]],
    )
    return cursor.fetchall()
