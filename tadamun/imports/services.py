"""Importing actors from a registry's file: every row created, updated, unchanged or
rejected (with its reasons), in one transaction, repeatable."""

import copy
import logging
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from tadamun.atlas.services import atlas_counts_gathered
from tadamun.core.bulk import bulk_cache, chunks, cycles_left_alone
from tadamun.directory.models import Actor, ActorSource
from tadamun.directory.selectors import legal_form_codes, sector_codes
from tadamun.directory.services import (
    NewActorRow,
    actor_bulk_delete,
    actor_bulk_update,
    actor_derive,
    actor_rows_create,
    actor_validate,
    actors_bulk_loading,
    first_import,
)
from tadamun.duplicates.keys import keys_owed_mark
from tadamun.duplicates.models import Merge
from tadamun.imports.columns import REQUIRED, map_headers
from tadamun.imports.formats import Table, UnreadableFile
from tadamun.imports.rows import (
    SECTOR_SEPARATOR,
    CheckedRow,
    actor_maker,
    cell_text,
    checked_batches,
    new_actor,
    refusal,
)
from tadamun.places.selectors import place_index

logger = logging.getLogger(__name__)
BATCH = 10_000
# Rejections and actor ids are listed by slices of this many rows (a divisor of BATCH):
# in each, the rows whose cells are wrong before those the directory's rules refuse, and
# the actors updated before those created.
SLICE = 2000


@dataclass
class Rejection:
    line: int  # the row's line in the file (the headers are line 1)
    cells: list[str]
    column: str
    reason: str


@dataclass
class Change:
    """A field of an actor already there that a row changes, as a file writes it."""

    line: int
    source_id: str
    actor_id: int
    field: str  # the actor's field, or the format's column for a vocabulary or a place
    before: str
    after: str
    # The actor's attribute ("place_id", or "sectors": their ids, sorted), and its values
    # before and after as stored, for the import to be undone (`actors_import_undo`).
    attribute: str
    value_before: object
    value_after: object


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # What the updates change, with the values before (which the actors no longer hold).
    changes: list[Change] = field(default_factory=list)
    # The actors this import created or changed (for the duplicate scan that follows it).
    actor_ids: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


# The fields of an actor a row can set, read to compare a row with its actor.
COMPARED = (
    "name_ar", "name_fr", "name_en", "country_id", "legal_form_id", "place_id", "latitude",
    "longitude", "address", "phone", "email", "website", "founded", "members_women",
    "members_men", "employees", "description_ar", "description_fr",
)  # fmt: skip
# How many ids a query lists at most.
IDS_PER_QUERY = 2000


def _differs(actor, row: CheckedRow, sectors: set[int]) -> dict:
    """What a row changes of an actor (an Actor, or a dict of its COMPARED fields)."""
    get = actor.get if isinstance(actor, dict) else actor.__getattribute__
    changes = {k: v for k, v in row.fields.items() if get(k) != v}
    if row.sector_ids is not None and set(row.sector_ids) != sectors:
        changes["sectors"] = row.sector_ids
    return changes


@transaction.atomic
def actors_import(
    *,
    table: Table,
    source: str,
    mapping: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Create or update the actor recorded under (source, source_id) for every row.

    `progress(done, total)` is called after each batch of rows (for a progress bar)."""
    columns = map_headers(table.headers, mapping)
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        raise UnreadableFile(
            _("Columns missing: %(columns)s (headers found: %(headers)s).")
            % {"columns": ", ".join(missing), "headers": ", ".join(table.headers)}
        )
    result = ImportResult(rows=len(table.rows))
    seen: dict[str, int] = {}
    make = actor_maker()
    total = len(table.rows)
    records = _records(source, table, columns)
    creating = total - len(records)  # the rows that may create an actor
    # A first import's actors get their blocking keys from the full scan that follows it,
    # which computes everyone's anyway: not computed and stored twice.
    keys = not first_import(rows=creating)
    owed = None if keys else keys_owed_mark(reason=f"import from {source}")
    batches = checked_batches(
        table.rows, columns, len(table.headers), BATCH, known=records, keys=keys
    )
    # The map's counts change in the same coarse cells batch after batch: added once.
    with (
        closing(batches),
        cycles_left_alone(),
        bulk_cache(),
        actors_bulk_loading(rows=creating),
        atlas_counts_gathered(),
    ):
        for start, checked in zip(range(0, total, BATCH), batches, strict=True):
            _import_batch(table, checked, source, records, start, seen, result, make, keys)
            if progress is not None and start + BATCH < total:
                progress(start + BATCH, total)
    if owed is not None and not result.created:  # every row rejected or already there
        owed.delete()
    if progress is not None and total:  # the last batch, once its counts are added
        progress(total, total)
    logger.info("import from %s: %s", source, result.summary())
    return result


@dataclass
class UndoResult:
    restored: int = 0  # fields put back as they were before the import
    removed: int = 0  # actors the import created, removed
    # What stays as it is, and why: [{"actor", "source_id", "field", "reason"}, …].
    left: list[dict] = field(default_factory=list)
    # The actors given back their values (for the duplicate scan that follows).
    actor_ids: list[int] = field(default_factory=list)

    def summary(self) -> dict:
        return {"restored": self.restored, "removed": self.removed, "left": len(self.left)}


@transaction.atomic
def actors_import_undo(
    *,
    source: str,
    changes: list[Change],
    since: datetime,
    until: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> UndoResult:
    """Undo an import of `source` that ran from `since` to `until` and made `changes`:
    every field it changed goes back to its value before, unless it has changed again
    since; every actor it created is removed, unless it has changed since, holds another
    record, or kept another actor in a merge. What stays is listed, with why.

    `progress(done, total)` is called after each batch of actors (for a progress bar)."""
    result = UndoResult()
    with connection.cursor() as cursor:
        _source_lock(cursor, source)
    removable = _created_removable(source, since, until, result)
    by_actor: dict[int, list[Change]] = {}
    for change in changes:
        by_actor.setdefault(change.actor_id, []).append(change)
    total, done = len(by_actor) + len(removable), 0
    # The map's counts change in the same cells chunk after chunk: changed once.
    with atlas_counts_gathered():
        for ids in chunks(sorted(by_actor), IDS_PER_QUERY):
            _changes_undo({actor_id: by_actor[actor_id] for actor_id in ids}, result)
            done += len(ids)
            if progress is not None:
                progress(done, total)
        for ids in chunks(removable, IDS_PER_QUERY):
            result.removed += actor_bulk_delete(actor_ids=ids)
            done += len(ids)
            if progress is not None:
                progress(done, total)
    logger.info("import from %s undone: %s", source, result.summary())
    return result


def _changes_undo(by_actor: dict[int, list[Change]], result: UndoResult) -> None:
    """Put back what the import changed in these actors (a few thousand)."""
    ids = list(by_actor)
    found = Actor.objects.in_bulk(ids)
    sectors: dict[int, list[int]] = {}
    for actor_id, sector_id in Actor.sectors.through.objects.filter(actor_id__in=ids).values_list(
        "actor_id", "sector_id"
    ):
        sectors.setdefault(actor_id, []).append(sector_id)
    actors, fields, sector_ids = [], [], []
    for actor_id in ids:
        actor = found.get(actor_id)
        restored: list[Change] = []
        names, sectors_before = [], None
        for change in by_actor[actor_id]:
            if actor is None:
                _left(result, change, _("the actor was removed since"))
                continue
            if change.attribute == "sectors":
                now = sorted(set(sectors.get(actor_id, [])))
            else:
                now = getattr(actor, change.attribute)
            if now != change.value_after:
                _left(result, change, _("changed again since the import"))
                continue
            if change.attribute == "sectors":
                sectors_before = change.value_before
            else:
                setattr(actor, change.attribute, change.value_before)
                names.append(change.attribute)
            restored.append(change)
        if not restored:
            continue
        try:
            actor_validate(actor)
            actor_derive(actor, with_places=False)
        except ValidationError as error:
            for change in restored:
                _left(result, change, refusal(error))
            continue
        actors.append(actor)
        fields.append(names)
        sector_ids.append(sectors_before)
        result.restored += len(restored)
        result.actor_ids.append(actor_id)
    if actors:
        actor_bulk_update(actors=actors, fields=fields, sector_ids=sector_ids, checked=True)


def _left(result: UndoResult, change: Change, reason: str) -> None:
    result.left.append(
        {
            "actor": change.actor_id,
            "source_id": change.source_id,
            "field": change.field,
            "reason": str(reason),
        }
    )


def _created_removable(source: str, since: datetime, until: datetime, result: UndoResult) -> list:
    """The ids of the actors the import created (whose records it added) that can be
    removed; the others are listed in `result.left`, with why they stay."""
    this_import = Q(source=source, added_at__gte=since, added_at__lte=until)
    created = Actor.objects.filter(
        Exists(ActorSource.objects.filter(this_import, actor=OuterRef("pk")))
    )
    reasons = [
        (Q(updated_at__gt=until), _("changed since the import")),
        (
            Exists(ActorSource.objects.filter(actor=OuterRef("pk")).exclude(this_import)),
            _("holds a record of another import"),
        ),
        (
            Exists(Merge.objects.filter(survivor=OuterRef("pk"))),
            _("kept another actor in a merge"),
        ),
    ]
    kept: set[int] = set()
    removable = created
    for condition, reason in reasons:
        removable = removable.exclude(condition)
        for actor_id, source_id in (
            created.filter(condition)
            .filter(sources__in=ActorSource.objects.filter(this_import))
            .values_list("pk", "sources__source_id")
            .order_by("pk")
        ):
            if actor_id not in kept:
                kept.add(actor_id)
                result.left.append(
                    {"actor": actor_id, "source_id": source_id, "field": "", "reason": str(reason)}
                )
    return list(removable.order_by("pk").values_list("pk", flat=True))


# From this many rows on, an import reads all the records of its source at once.
ALL_RECORDS_FROM = 20_000


def _records(source: str, table: Table, columns: dict[int, str]) -> dict[str, int]:
    """{source id: actor id} of the source's records that the file's rows may name (all of
    them for a large file: one read rather than one per batch). Read once, inside the
    import's transaction, which holds them: on SQLite it writes alone from its start; on
    PostgreSQL it waits for any other import of the same source to end, and takes its
    turn (an advisory lock, released with the transaction)."""
    quote = connection.ops.quote_name
    table_name = quote(ActorSource._meta.db_table)
    with connection.cursor() as cursor:
        _source_lock(cursor, source)
        if len(table.rows) >= ALL_RECORDS_FROM:
            cursor.execute(
                f"SELECT source_id, actor_id FROM {table_name} WHERE source = %s",  # noqa: S608
                [source],
            )
            return dict(cursor.fetchall())
        position = next(p for p, column in columns.items() if column == "source_id")
        ids = list({cell_text(cells[position]) for cells in table.rows if position < len(cells)})
        found: dict[str, int] = {}
        for chunk in chunks(ids, IDS_PER_QUERY):
            condition, params = _among("source_id", chunk)
            cursor.execute(
                f"SELECT source_id, actor_id FROM {table_name} "  # noqa: S608
                f"WHERE source = %s AND {condition}",
                [source, *params],
            )
            found.update(cursor.fetchall())
        return found


def _source_lock(cursor, source: str) -> None:
    """On PostgreSQL, wait for any other import (or undoing) of the same source to end:
    an advisory lock, released with the transaction. SQLite writes alone anyway."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [source])


def _among(column: str, values: list) -> tuple[str, list]:
    """A condition that `column` is one of `values`, with its parameters: one array on
    PostgreSQL (a list of thousands of parameters costs it more to plan than to run)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _known(
    records: dict[str, int], checked
) -> tuple[dict[str, int], dict[int, dict], dict[int, set[int]]]:
    """The actors the rows' source ids name: {source_id: actor id}, their COMPARED
    fields and their sectors."""
    quote = connection.ops.quote_name
    known = {
        row.source_id: records[row.source_id]
        for _line, _cells, row in checked
        if row.source_id in records
    }
    values: dict[int, dict] = {}
    sectors: dict[int, set[int]] = {}
    # Plain columns (text, numbers): what the database gives is what the model holds.
    columns = ", ".join(quote(Actor._meta.get_field(name).column) for name in COMPARED)
    # PostgreSQL takes a batch's ids at once; SQLite at most so many parameters.
    size = BATCH if connection.vendor == "postgresql" else IDS_PER_QUERY
    through = Actor.sectors.through._meta.db_table
    with connection.cursor() as cursor:
        for ids in chunks(sorted(set(known.values())), size):
            condition, params = _among("id", ids)
            cursor.execute(
                f"SELECT id, {columns} FROM {quote(Actor._meta.db_table)} WHERE {condition}",  # noqa: S608
                params,
            )
            for fields in cursor.fetchall():
                values[fields[0]] = dict(zip(COMPARED, fields[1:], strict=True))
            condition, params = _among("actor_id", ids)
            cursor.execute(
                f"SELECT actor_id, sector_id FROM {quote(through)} WHERE {condition}",  # noqa: S608
                params,
            )
            for actor_id, sector_id in cursor.fetchall():
                sectors.setdefault(actor_id, set()).add(sector_id)
    return known, values, sectors


# The fields a file names otherwise: by the format's column, with codes for values.
_COLUMN_OF = {
    "country_id": "country",
    "legal_form_id": "legal_form",
    "place_id": "territory",
    "sectors": "sector",
}


def _shown(name: str, before, after) -> tuple[str, str, str]:
    """A changed field as a file writes it: (its name, the value before, the value after),
    with codes for legal forms, places and sectors."""

    def text(value) -> str:
        if value is None:
            return ""
        if name == "legal_form_id":
            return legal_form_codes().get(value, str(value))
        if name == "place_id":
            place = place_index().by_id.get(value)
            return place.code if place else str(value)
        if name == "sectors":
            codes = sector_codes()
            return SECTOR_SEPARATOR.join(sorted(codes.get(pk, str(pk)) for pk in value))
        return str(value)

    return _COLUMN_OF.get(name, name), text(before), text(after)


def _by_slice(first: list[tuple[int, object]], then: list[tuple[int, object]]) -> list:
    """The items of two lists of (line, item) in line order: slice by slice of SLICE rows,
    those of the first list before those of the second."""
    keyed = [((line - 2) // SLICE, 0, item) for line, item in first]
    keyed += [((line - 2) // SLICE, 1, item) for line, item in then]
    keyed.sort(key=lambda entry: entry[:2])  # stable: lines stay in order
    return [item for _slice, _list, item in keyed]


def _import_batch(table, rows_checked, source, records, start, seen, result, make, keys) -> None:
    checked: list[tuple[int, list[str], CheckedRow]] = []
    wrong: list[tuple[int, Rejection]] = []  # rows whose cells are wrong
    refused: list[tuple[int, Rejection]] = []  # rows the directory's rules refuse
    for offset, row in enumerate(rows_checked):
        line = start + offset + 2
        cells = table.rows[start + offset]
        if row is None:
            wrong.append((line, Rejection(line, cells, "", _("more cells than the headers name"))))
            continue
        if row.source_id and row.source_id in seen and not row.errors:
            row.errors.append(
                (
                    "source_id",
                    _("repeated: line %(line)s has it too") % {"line": seen[row.source_id]},
                )
            )
        if row.errors:
            wrong += [(line, Rejection(line, cells, c, r)) for c, r in row.errors]
            continue
        seen[row.source_id] = line
        checked.append((line, cells, row))

    known, values, sectors = _known(records, checked)
    # An actor read a moment ago may be gone: its rows create one, as for an unknown id.
    known = {source_id: pk for source_id, pk in known.items() if pk in values}
    # The rows of an actor that changes, or that several rows name, are compared with the
    # actor itself, one after the other (as an update of one changes what the next
    # finds); the others with what was read of it.
    rows_of: dict[int, int] = {}
    for _line, _cells, row in checked:
        actor_id = known.get(row.source_id)
        if actor_id is not None:
            rows_of[actor_id] = rows_of.get(actor_id, 0) + 1
    loaded = {
        actor_id
        for _line, _cells, row in checked
        if (actor_id := known.get(row.source_id)) is not None
        and (rows_of[actor_id] > 1 or _differs(values[actor_id], row, sectors.get(actor_id, set())))
    }
    actors = Actor.objects.in_bulk(loaded) if loaded else {}

    new: list[tuple[int, NewActorRow, str]] = []
    changed: list[tuple[int, Actor, list[str], list[int] | None]] = []
    for line, cells, row in checked:
        actor_id = known.get(row.source_id)
        if actor_id is None:
            try:
                # The directory's own rules, so that one bad actor does not sink a batch.
                new.append((line, new_actor(row, make, keys=keys), row.source_id))
            except ValidationError as error:
                refused.append((line, Rejection(line, cells, "", refusal(error))))
            continue
        actor = actors.get(actor_id)
        changes = _differs(actor, row, sectors.get(actor_id, set())) if actor else {}
        if not changes:
            result.unchanged += 1
            continue
        sector_ids = changes.pop("sectors", None)
        before = {name: getattr(actor, name) for name in changes}
        for name, value in changes.items():
            setattr(actor, name, value)
        try:
            actor_validate(actor)
            actor_derive(actor, with_places=False)
        except ValidationError as error:
            refused.append((line, Rejection(line, cells, "", refusal(error))))
            continue
        after = changes.copy()
        if sector_ids is not None:
            before["sectors"] = sorted(sectors.get(actor_id, set()))
            after["sectors"] = sorted(set(sector_ids))
        result.changes += [
            Change(
                line,
                row.source_id,
                actor_id,
                *_shown(name, value, after[name]),
                attribute=name,
                value_before=value,
                value_after=after[name],
            )
            for name, value in before.items()
        ]
        # An actor that several rows change is stored as each left it.
        stored = copy.copy(actor) if rows_of[actor_id] > 1 else actor
        changed.append((line, stored, list(changes), sector_ids))
    if changed:
        actor_bulk_update(
            actors=[actor for _line, actor, _fields, _ids in changed],
            fields=[fields for _line, _actor, fields, _ids in changed],
            sector_ids=[ids for _line, _actor, _fields, ids in changed],
            checked=True,
        )
    created = actor_rows_create(
        rows=[row for _line, row, _source_id in new],
        sources=[[(source, source_id)] for _line, _row, source_id in new],
    )
    result.rejected += len({line for line, _rejection in [*wrong, *refused]})
    result.rejections += _by_slice(wrong, refused)
    result.updated += len(changed)
    result.created += len(new)
    result.actor_ids += _by_slice(
        [(line, actor.pk) for line, actor, _fields, _ids in changed],
        [(line, pk) for (line, _row, _source_id), pk in zip(new, created, strict=True)],
    )
