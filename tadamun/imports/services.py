"""Importing actors from a registry's file: every row created, updated, unchanged or
rejected (with its reasons), in one transaction, repeatable."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tadamun.directory.models import Actor, ActorSource
from tadamun.directory.services import (
    actor_bulk_create,
    actor_derive,
    actor_update,
    actor_validate,
)
from tadamun.imports.columns import REQUIRED, map_headers
from tadamun.imports.formats import Table, UnreadableFile
from tadamun.imports.rows import CheckedRow, check_row

logger = logging.getLogger(__name__)
BATCH = 2000


@dataclass
class Rejection:
    line: int  # the row's line in the file (the headers are line 1)
    cells: list[str]
    column: str
    reason: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
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


def _differs(actor: Actor, row: CheckedRow, sectors: set[int]) -> dict:
    changes = {k: v for k, v in row.fields.items() if getattr(actor, k) != v}
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
    for start in range(0, len(table.rows), BATCH):
        _import_batch(table, columns, source, start, seen, result)
        if progress is not None:
            progress(min(start + BATCH, len(table.rows)), len(table.rows))
    logger.info("import from %s: %s", source, result.summary())
    return result


def _import_batch(table, columns, source, start, seen, result) -> None:
    checked: list[tuple[int, list[str], CheckedRow]] = []
    for offset, cells in enumerate(table.rows[start : start + BATCH]):
        line = start + offset + 2
        if len(cells) > len(table.headers):
            result.rejected += 1
            result.rejections.append(
                Rejection(line, cells, "", _("more cells than the headers name"))
            )
            continue
        row = check_row({column: cells[position] for position, column in columns.items()})
        if row.source_id and row.source_id in seen and not row.errors:
            row.errors.append(
                (
                    "source_id",
                    _("repeated: line %(line)s has it too") % {"line": seen[row.source_id]},
                )
            )
        if row.errors:
            result.rejected += 1
            result.rejections += [Rejection(line, cells, c, r) for c, r in row.errors]
            continue
        seen[row.source_id] = line
        checked.append((line, cells, row))

    known = dict(
        ActorSource.objects.filter(
            source=source, source_id__in=[row.source_id for _l, _c, row in checked]
        ).values_list("source_id", "actor_id")
    )
    actors = Actor.objects.in_bulk(known.values())
    sectors: dict[int, set[int]] = {}
    for actor_id, sector_id in Actor.sectors.through.objects.filter(
        actor_id__in=known.values()
    ).values_list("actor_id", "sector_id"):
        sectors.setdefault(actor_id, set()).add(sector_id)

    new: list[tuple[Actor, list[int], list[tuple[str, str]]]] = []
    for line, cells, row in checked:
        actor = actors.get(known.get(row.source_id))
        if actor is None:
            actor = Actor(status=Actor.Status.ACTIVE, **row.fields)
            try:
                # The directory's own rules, so that one bad actor does not sink a batch.
                actor_validate(actor)
                actor_derive(actor)
            except ValidationError as error:
                result.rejected += 1
                result.rejections.append(Rejection(line, cells, "", _reason(error)))
                continue
            new.append((actor, row.sector_ids or [], [(source, row.source_id)]))
            continue
        changes = _differs(actor, row, sectors.get(actor.pk, set()))
        if not changes:
            result.unchanged += 1
            continue
        try:
            with transaction.atomic():
                sector_ids = changes.pop("sectors", None)
                actor_update(actor=actor, sectors=sector_ids, **changes)
        except ValidationError as error:
            result.rejected += 1
            result.rejections.append(Rejection(line, cells, "", _reason(error)))
            continue
        result.updated += 1
        result.actor_ids.append(actor.pk)
    if new:
        actor_bulk_create(
            actors=[actor for actor, _ids, _sources in new],
            sector_ids=[ids for _actor, ids, _sources in new],
            sources=[sources for _actor, _ids, sources in new],
        )
        result.created += len(new)
        result.actor_ids += [actor.pk for actor, _ids, _sources in new]


def _reason(error: ValidationError) -> str:
    return "; ".join(error.messages)
