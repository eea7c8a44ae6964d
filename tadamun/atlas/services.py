"""Writes to the Atlas's tables: the grid position of each actor and the counts per cell.

The directory's services call `atlas_actors_sync` whenever actors are created, changed or
deleted; it moves each changed actor out of the counts it was in and into the new ones,
at every level, in the same transaction as the change itself. `atlas_rebuild` recomputes
everything from the directory (after a bulk change made outside the services, or to
check the incremental counts: both must give the same tables).
"""

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from tadamun.atlas import grid
from tadamun.atlas.models import CELL_KEY, KEY_COLUMNS, AtlasCell, AtlasPoint
from tadamun.core.bulk import load_rows
from tadamun.directory.models import Actor
from tadamun.places.selectors import place_index

logger = logging.getLogger(__name__)

# The finest levels counted ahead of time: zoom 14 (cells of about 600 m at the equator)
# for all sectors, zoom 12 (2.4 km) per sector. Finer answers cover so small an area that
# they are counted from the points directly.
CUBE_TOP = 16
SECTOR_TOP = 14
CHUNK = 20_000

POINT_COLUMNS = (
    "actor_id",
    "code",
    "x",
    "y",
    "country",
    "territory",
    "legal_form",
    "women_led",
    "members",
    "members_women",
    "sectors",
)
SUM_COLUMNS = ("n", "sum_x", "sum_y", "sum_id", "members", "members_women")
CELL_COLUMNS = (*CELL_KEY, *SUM_COLUMNS)

_ACTOR_FIELDS = (
    "id",
    "latitude",
    "longitude",
    "place_id",
    "country_id",
    "admin1_id",
    "admin2_id",
    "legal_form_id",
    "women_led",
    "members_women",
    "members_men",
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _point(row: tuple, index, sectors: dict[int, list[int]]) -> tuple:
    """The AtlasPoint row (in POINT_COLUMNS order) of an actor's values and sectors."""
    (pk, lat, lon, place_id, country, admin1, admin2, form, women_led, women, men) = row
    if lat is None or lon is None:
        place = index.by_id.get(place_id) if place_id else None
        where = place if place is not None else index.countries.get(country)
        lat, lon = (where.latitude or 0.0, where.longitude or 0.0) if where else (0.0, 0.0)
    x, y = grid.project(lat, lon)
    return (
        pk,
        grid.interleave(x, y),
        x,
        y,
        country,
        admin2 or admin1 or 0,
        form or 0,
        bool(women_led),
        (women or 0) + (men or 0),
        women or 0,
        "".join(f",{s}" for s in sorted(sectors.get(pk, ()))) + "," if pk in sectors else "",
    )


def _sectors_of(**lookup) -> dict[int, list[int]]:
    sectors: dict[int, list[int]] = {}
    through = Actor.sectors.through.objects.filter(**lookup)
    for actor_id, sector_id in through.values_list("actor_id", "sector_id"):
        sectors.setdefault(actor_id, []).append(sector_id)
    return sectors


def _points_of(actor_ids: list[int]) -> dict[int, tuple]:
    index = place_index()
    sectors = _sectors_of(actor_id__in=actor_ids)
    rows = Actor.objects.filter(id__in=actor_ids).values_list(*_ACTOR_FIELDS)
    return {row[0]: _point(row, index, sectors) for row in rows}


def _sector_ids(sectors: str) -> list[int]:
    return [int(s) for s in sectors.strip(",").split(",") if s]


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Counts per cell ----------------------------------------------------------------------


def _deltas(removed: Iterable[tuple], added: Iterable[tuple]) -> dict[int, dict[tuple, list]]:
    """The change to every level's counts when points leave and others arrive."""
    top: dict[tuple, list] = {}
    top_shift = grid.shift(CUBE_TOP)
    for sign, points in ((-1, removed), (1, added)):
        for point in points:
            pk, code, x, y, country, territory, form, women_led, members, women, sectors = point
            cell = code >> top_shift
            for sector in (0, *_sector_ids(sectors)):
                key = (cell, country, territory, form, women_led, sector)
                sums = top.get(key)
                if sums is None:
                    sums = top[key] = [0, 0, 0, 0, 0, 0]
                sums[0] += sign
                sums[1] += sign * x
                sums[2] += sign * y
                sums[3] += sign * pk
                sums[4] += sign * members
                sums[5] += sign * women
    levels = {CUBE_TOP: top}
    for level in range(CUBE_TOP - 1, -1, -1):
        coarser: dict[tuple, list] = {}
        for (cell, *rest), sums in levels[level + 1].items():
            key = (cell >> 2, *rest)
            total = coarser.get(key)
            if total is None:
                coarser[key] = list(sums)
            else:
                for i, value in enumerate(sums):
                    total[i] += value
        levels[level] = coarser
    return {
        level: {
            key: sums
            for key, sums in changes.items()
            if any(sums) and (level <= SECTOR_TOP or not key[-1])
        }
        for level, changes in levels.items()
    }


def _apply(deltas: dict[int, dict[tuple, list]]) -> None:
    table = _table(AtlasCell)
    quote = connection.ops.quote_name
    keys = ", ".join(quote(c) for c in CELL_KEY)
    updates = ", ".join(
        f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in SUM_COLUMNS
    )
    columns = ", ".join(quote(c) for c in CELL_COLUMNS)
    emptied = (
        f"DELETE FROM {table} WHERE n = 0 AND "  # noqa: S608
        + " AND ".join(f"{quote(c)} = %s" for c in CELL_KEY)
    )
    rows, shrunk = [], []
    for level, changes in deltas.items():
        for key, sums in changes.items():
            rows.append((level, *key, *sums))
            if sums[0] < 0:
                shrunk.append((level, *key))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The changes are copied into a scratch table, then added in one statement (a
            # key is once in `deltas`: no row is updated twice, which PostgreSQL refuses).
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS atlas_delta AS "  # noqa: S608
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
            cursor.execute("TRUNCATE atlas_delta")
            load_rows("atlas_delta", CELL_COLUMNS, rows)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM atlas_delta "  # noqa: S608
                f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
            )
        else:
            upsert = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(CELL_COLUMNS))}) "
                f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
            )
            for batch in _chunks(rows):
                cursor.executemany(upsert, batch)
        for batch in _chunks(shrunk):
            cursor.executemany(emptied, batch)


# --- Keeping the tables in step with the directory ---------------------------------------


@transaction.atomic
def atlas_actors_sync(*, actor_ids: Iterable[int]) -> int:
    """Bring the map in step with the directory for these actors (created, changed or
    deleted). Returns how many actors moved, arrived or left."""
    actor_ids = list(dict.fromkeys(actor_ids))
    old: dict[int, tuple] = {}
    new: dict[int, tuple] = {}
    for batch in _chunks(actor_ids):
        old.update(
            (row[0], row)
            for row in AtlasPoint.objects.filter(actor_id__in=batch).values_list(*POINT_COLUMNS)
        )
        new.update(_points_of(batch))
    leaving = [point for pk, point in old.items() if new.get(pk) != point]
    arriving = [point for pk, point in new.items() if old.get(pk) != point]
    if not leaving and not arriving:
        return 0
    for batch in _chunks([point[0] for point in leaving]):
        AtlasPoint.objects.filter(actor_id__in=batch).delete()
    load_rows(AtlasPoint._meta.db_table, POINT_COLUMNS, arriving)
    _apply(_deltas(leaving, arriving))
    return len({point[0] for point in [*leaving, *arriving]})


@dataclass
class RebuildReport:
    points: int
    cells: int
    seconds: float


def _actor_rows() -> Iterator[list[tuple]]:
    """Every actor's values, in chunks, by increasing id."""
    last = 0
    while True:
        rows = list(
            Actor.objects.filter(id__gt=last).order_by("id").values_list(*_ACTOR_FIELDS)[:CHUNK]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


@transaction.atomic
def atlas_rebuild() -> RebuildReport:
    """Recompute the Atlas's tables from the directory."""
    started = time.monotonic()
    points, cells = _table(AtlasPoint), _table(AtlasCell)
    index = place_index()
    quote = connection.ops.quote_name
    keys = ", ".join(quote(c) for c in KEY_COLUMNS)
    columns = ", ".join(quote(c) for c in CELL_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Room to group a million rows in memory rather than on disk.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(f"TRUNCATE {cells}, {points}")
        else:
            cursor.execute(f"DELETE FROM {cells}")  # noqa: S608
            cursor.execute(f"DELETE FROM {points}")  # noqa: S608
        count = 0
        for rows in _actor_rows():
            sectors = _sectors_of(actor_id__gte=rows[0][0], actor_id__lte=rows[-1][0])
            load_rows(
                AtlasPoint._meta.db_table,
                POINT_COLUMNS,
                [_point(r, index, sectors) for r in rows],
            )
            count += len(rows)
        # The finest level from the points (for all sectors, then per sector), then each
        # level from the one below it. The shifts are integers of this module, not input.
        top_shift = grid.shift(CUBE_TOP)
        sums = "COUNT(*), SUM(x), SUM(y), SUM(p.actor_id), SUM(members), SUM(members_women)"
        point_keys = ", ".join(f"p.{quote(c)}" for c in KEY_COLUMNS)
        through = quote(Actor.sectors.through._meta.db_table)
        cursor.execute(
            f"INSERT INTO {cells} ({columns}) "  # noqa: S608
            f"SELECT {CUBE_TOP}, code >> {top_shift}, {point_keys}, 0, {sums} "
            f"FROM {points} p GROUP BY code >> {top_shift}, {point_keys}"
        )
        sector_shift = grid.shift(SECTOR_TOP)
        cursor.execute(
            f"INSERT INTO {cells} ({columns}) "  # noqa: S608
            f"SELECT {SECTOR_TOP}, code >> {sector_shift}, {point_keys}, t.sector_id, {sums} "
            f"FROM {points} p JOIN {through} t ON t.actor_id = p.actor_id "
            f"GROUP BY code >> {sector_shift}, {point_keys}, t.sector_id"
        )
        for level in range(CUBE_TOP - 1, -1, -1):
            # Above SECTOR_TOP, the rows per sector come from the points (just above).
            only_all = "AND sector = 0 " if level == SECTOR_TOP else ""
            cursor.execute(
                f"INSERT INTO {cells} ({columns}) "  # noqa: S608
                f"SELECT {level}, cell >> 2, {keys}, sector, SUM(n), SUM(sum_x), SUM(sum_y), "
                f"SUM(sum_id), SUM(members), SUM(members_women) FROM {cells} "
                f"WHERE level = {level + 1} {only_all}GROUP BY cell >> 2, {keys}, sector"
            )
        cursor.execute(f"SELECT COUNT(*) FROM {cells}")  # noqa: S608
        cell_count = cursor.fetchone()[0]
        cursor.execute(f"ANALYZE {points}")
        cursor.execute(f"ANALYZE {cells}")
    report = RebuildReport(count, cell_count, time.monotonic() - started)
    logger.info("atlas rebuilt: %s points, %s cells, %.1f s", *vars(report).values())
    return report
