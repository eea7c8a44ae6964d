"""Fast inserts of many rows, for imports and generated data.

Django's `bulk_create` prepares every value through the field API and, on SQLite, splits a
batch into statements of at most 999 parameters; at a million rows that dominates. Here a
batch is one `executemany` of a prepared INSERT, with primary keys reserved beforehand so
that the caller knows them without a RETURNING clause. Only plain values pass through
unchanged; date and time fields still go through the field's own conversion.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models

_CONVERTED = (
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.JSONField,
    models.DecimalField,
    models.UUIDField,
    models.DurationField,
)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` unused primary keys of `model`'s table, in increasing order.

    Must run inside a transaction: on SQLite the transaction holds the write lock (Tadamun
    opens them IMMEDIATE), so nobody else can take the same keys; on PostgreSQL the keys
    come from the table's sequence.
    """
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids must run inside transaction.atomic()")
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def insert_objects(
    model: type[models.Model], objects: Sequence[models.Model], *, assign_ids: bool = True
) -> None:
    """INSERT model instances in one executemany; sets their primary keys first if asked."""
    if not objects:
        return
    meta = model._meta
    if assign_ids:
        for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
            obj.pk = pk
    fields = list(meta.concrete_fields)
    converted = [
        isinstance(f, _CONVERTED)
        or getattr(f, "auto_now", False)
        or getattr(f, "auto_now_add", False)
        for f in fields
    ]
    rows = []
    for obj in objects:
        row = []
        for field, needs_conversion in zip(fields, converted, strict=True):
            if needs_conversion:
                value = field.get_db_prep_save(field.pre_save(obj, add=True), connection)
            else:
                value = getattr(obj, field.attname)
            row.append(value)
        rows.append(row)
    insert_rows(meta.db_table, [f.column for f in fields], rows)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))


def load_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Like `insert_rows` for plain values (numbers, text, booleans), with PostgreSQL's
    COPY, an order of magnitude faster there for rebuilding derived tables."""
    if connection.vendor != "postgresql":
        insert_rows(table, columns, rows)
        return
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
