"""Writes to the Atlas's tables: the grid position of each actor and the counts per cell.

The directory's services call `atlas_actors_sync` whenever actors are created, changed or
deleted; it moves each changed actor out of the counts it was in and into the new ones,
at every level, in the same transaction as the change itself. `atlas_rebuild` recomputes
everything from the directory (after a bulk change made outside the services, or to
check the incremental counts: both must give the same tables).
"""

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

from django.db import connection, transaction

from tadamun.atlas import grid
from tadamun.atlas.models import CELL_KEY, KEY_COLUMNS, AtlasCell, AtlasPoint
from tadamun.core.bulk import chunks, load_rows, sorts_in_runs
from tadamun.directory.models import Actor
from tadamun.places.selectors import place_index

logger = logging.getLogger(__name__)

# The finest levels counted ahead of time: zoom 14 (cells of about 600 m at the equator)
# for all sectors, zoom 12 (2.4 km) per sector. Finer answers cover so small an area that
# they are counted from the points directly.
CUBE_TOP = 16
SECTOR_TOP = 14
CHUNK = 20_000
# From this many cells emptied by one change of the counts on, they are deleted in one
# statement rather than one by one.
EMPTIED_TOGETHER = 1000

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
        "".join(f",{s}" for s in sorted(set(sectors[pk]))) + "," if pk in sectors else "",
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


# --- Counts per cell ----------------------------------------------------------------------


def _gather(top: dict, per_sector: dict, removed: Iterable[tuple], added: Iterable[tuple]) -> None:
    """Add what points leaving and arriving change to the finest counts: `top` (level
    CUBE_TOP, all sectors) and `per_sector` (level SECTOR_TOP, each sector), both
    {(cell, (country, territory, legal form, women-led, sector)): sums}."""
    top_shift, sector_shift = grid.shift(CUBE_TOP), grid.shift(SECTOR_TOP)
    for sign, points in ((-1, removed), (1, added)):
        for point in points:
            pk, code, x, y, country, territory, form, women_led, members, women, sectors = point
            delta = (sign, sign * x, sign * y, sign * pk, sign * members, sign * women)
            targets = [(top, (code >> top_shift, (country, territory, form, women_led, 0)))]
            if sectors:
                cell = code >> sector_shift
                targets += [
                    (per_sector, (cell, (country, territory, form, women_led, sector)))
                    for sector in _sector_ids(sectors)
                ]
            for changes, key in targets:
                sums = changes.get(key)
                if sums is None:
                    changes[key] = list(delta)
                else:
                    sums[0] += delta[0]
                    sums[1] += delta[1]
                    sums[2] += delta[2]
                    sums[3] += delta[3]
                    sums[4] += delta[4]
                    sums[5] += delta[5]


def _coarser(changes: dict) -> dict:
    """The changes one level up (four cells in one)."""
    coarser: dict = {}
    for (cell, rest), sums in changes.items():
        key = (cell >> 2, rest)
        total = coarser.get(key)
        if total is None:
            coarser[key] = list(sums)
        else:
            total[0] += sums[0]
            total[1] += sums[1]
            total[2] += sums[2]
            total[3] += sums[3]
            total[4] += sums[4]
            total[5] += sums[5]
    return coarser


def _levels(top: dict, per_sector: dict) -> Iterator[tuple[int, dict]]:
    """Every level's changes, from the finest, each computed from the one below it."""
    changes = top
    for level in range(CUBE_TOP, -1, -1):
        if level < CUBE_TOP:
            changes = _coarser(changes)
        if level == SECTOR_TOP:
            _merged(changes, per_sector)
        yield level, changes


def _merged(changes: dict, more: dict) -> None:
    """Add `more` to `changes` (of one level)."""
    for key, sums in more.items():
        total = changes.get(key)
        if total is None:
            changes[key] = list(sums)
        else:
            for i, value in enumerate(sums):
                total[i] += value


def _deltas(removed: Iterable[tuple], added: Iterable[tuple]) -> dict[int, dict[tuple, list]]:
    """The change to every level's counts when points leave and others arrive:
    {level: {(cell, (country, territory, legal form, women-led, sector)): sums}}, without
    the keys that do not change. Rows per sector are kept from SECTOR_TOP down."""
    top: dict[tuple, list] = {}
    per_sector: dict[tuple, list] = {}
    _gather(top, per_sector, removed, added)
    return {
        level: {key: sums for key, sums in changes.items() if any(sums)}
        for level, changes in _levels(top, per_sector)
    }


def _apply(deltas: dict[int, dict[tuple, list]] | Iterable[tuple[int, dict]]) -> None:
    """Add changes to the counts ({level: changes}, or (level, changes) one level after
    the other, so that the levels of many changes need not be in memory together)."""
    table = _table(AtlasCell)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in CELL_COLUMNS)
    emptied = (
        f"DELETE FROM {table} WHERE n = 0 AND "  # noqa: S608
        + " AND ".join(f"{quote(c)} = %s" for c in CELL_KEY)
    )
    postgresql = connection.vendor == "postgresql"
    shrunk = []
    with connection.cursor() as cursor:
        # The changes are copied into a scratch table, then added in one statement (a key
        # is once in the changes: no row is updated twice, which PostgreSQL refuses), in
        # the order of the table's key.
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS atlas_delta AS "  # noqa: S608
            f"SELECT {columns} FROM {table} " + ("WITH NO DATA" if postgresql else "WHERE 0")
        )
        empty = "TRUNCATE atlas_delta" if postgresql else "DELETE FROM atlas_delta"
        cursor.execute(empty)
        for level, changes in deltas.items() if isinstance(deltas, dict) else deltas:
            rows = []
            for (cell, rest), sums in changes.items():
                if any(sums):
                    rows.append((level, cell, *rest, *sums))
                    if sums[0] < 0:
                        shrunk.append((level, cell, *rest))
            load_rows("atlas_delta", CELL_COLUMNS, rows)
        _delta_added(cursor)
        if len(shrunk) >= EMPTIED_TOGETHER:
            # Many cells emptied at once (actors removed in bulk): one statement, the
            # scratch table telling which.
            keys = ", ".join(quote(c) for c in CELL_KEY)
            cursor.execute(
                f"DELETE FROM {table} WHERE n = 0 AND ({keys}) IN "  # noqa: S608
                f"(SELECT {keys} FROM atlas_delta WHERE n < 0)"
            )
        else:
            for batch in chunks(shrunk, CHUNK):
                cursor.executemany(emptied, batch)
        cursor.execute(empty)


def _delta_added(cursor) -> None:
    """Add the changes of the scratch table atlas_delta (a key at most once) to the
    counts, in the order of the table's key. Into an empty table (a first import) they
    are inserted: PostgreSQL's ON CONFLICT checks each row before inserting it, and
    costs more than half as much again."""
    table = _table(AtlasCell)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in CELL_COLUMNS)
    order = ", ".join(quote(c) for c in ("level", "sector", "cell", *KEY_COLUMNS))
    insert = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM atlas_delta"  # noqa: S608
    if not AtlasCell.objects.exists():
        cursor.execute(f"{insert} ORDER BY {order}")
        return
    keys = ", ".join(quote(c) for c in CELL_KEY)
    updates = ", ".join(
        f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in SUM_COLUMNS
    )
    # (WHERE true: SQLite's parser needs it before ON CONFLICT after a SELECT.)
    cursor.execute(
        f"{insert} WHERE true ORDER BY {order} ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    )


# --- Keeping the tables in step with the directory ---------------------------------------


@transaction.atomic
def atlas_actors_sync(*, actor_ids: Iterable[int]) -> int:
    """Bring the map in step with the directory for these actors (created, changed or
    deleted). Returns how many actors moved, arrived or left."""
    actor_ids = list(dict.fromkeys(actor_ids))
    new: dict[int, tuple] = {}
    for batch in chunks(actor_ids, CHUNK):
        new.update(_points_of(batch))
    return _sync(actor_ids, new)


_actor_values = attrgetter(*_ACTOR_FIELDS[1:])


def atlas_point_of(actor, sector_ids: tuple[int, ...]) -> tuple:
    """The map's point of an actor with these sectors, stored or not (the columns of its
    AtlasPoint row after the actor's id). Reads no database but the places."""
    sectors = {0: sector_ids} if sector_ids else {}
    _actor_id, *point = _point((0, *_actor_values(actor)), place_index(), sectors)
    return tuple(point)


@transaction.atomic
def atlas_points_created(*, points: list[tuple]) -> int:
    """`atlas_actors_sync` for actors just stored (in bulk), from their points at hand
    (AtlasPoint rows, `atlas_point_of` after each actor's id) rather than read back."""
    new = {point[0]: point for point in points}
    gathered = getattr(_gathering, "created", None)
    if gathered is None:
        return _sync(list(new), new)
    # New actors have no point yet: theirs are written, and counted with one statement
    # per level when the gathering ends.
    load_rows(AtlasPoint._meta.db_table, POINT_COLUMNS, points)
    gathered.update(new)
    return len(new)


def _sync(actor_ids: list[int], new: dict[int, tuple]) -> int:
    created = getattr(_gathering, "created", None)
    if created and not created.isdisjoint(actor_ids):
        # Actors created since the gathering began change again: counted first as created.
        _count_points_of(sorted(created))
        created.clear()
    old: dict[int, tuple] = {}
    for batch in chunks(actor_ids, CHUNK):
        old.update(
            (row[0], row)
            for row in AtlasPoint.objects.filter(actor_id__in=batch).values_list(*POINT_COLUMNS)
        )
    leaving = [point for pk, point in old.items() if new.get(pk) != point]
    arriving = [point for pk, point in new.items() if old.get(pk) != point]
    if not leaving and not arriving:
        return 0
    for batch in chunks([point[0] for point in leaving], CHUNK):
        AtlasPoint.objects.filter(actor_id__in=batch).delete()
    load_rows(AtlasPoint._meta.db_table, POINT_COLUMNS, arriving)
    gathered = getattr(_gathering, "changes", None)
    if gathered is None:
        _apply(_deltas(leaving, arriving))
    else:
        top, per_sector, _coarse = gathered
        _gather(top, per_sector, leaving, arriving)
        if len(top) + len(per_sector) >= GATHERED_KEYS:
            _apply_gathered(gathered, last=False)
    return len({point[0] for point in [*leaving, *arriving]})


# Changes gathered by `atlas_counts_gathered`, per thread (a thread has its own
# connection and transaction).
_gathering = threading.local()
# The finest levels' changes are added when they hold this many keys (some tens of MB)...
GATHERED_KEYS = 200_000
# ... those of the levels up to this one at the end only: whatever the actors, they fall
# in the same few cells (a quarter of a million keys at most for the whole region).
COARSE_TOP = 11


@contextmanager
def atlas_counts_gathered() -> Iterator[None]:
    """Within it, the changes that `atlas_actors_sync` and `atlas_points_created` make
    to the counts are gathered and added together when it ends (or when there are many),
    rather than at each call; the points are written at once as always. For bulk writes
    in batches (imports), whose changes mostly fall in the same coarse cells: the counts
    come out the same, written once rather than once per batch. Use it inside the
    transaction of the writes; after an error nothing gathered is added."""
    if getattr(_gathering, "changes", None) is not None:  # the outer one adds them
        yield
        return
    # The finest counts (all sectors; per sector), and the coarse levels' changes; the
    # ids of the actors created (their points are counted by the database at the end).
    _gathering.changes = gathered = ({}, {}, {})
    _gathering.created = created = set()
    try:
        yield
        _apply_gathered(gathered, last=True)
        _count_points_of(sorted(created))
    finally:
        _gathering.changes = None
        _gathering.created = None


def _apply_gathered(gathered: tuple[dict, dict, dict], *, last: bool) -> None:
    top, per_sector, coarse = gathered

    def levels() -> Iterator[tuple[int, dict]]:
        for level, changes in _levels(top, per_sector):
            if level > COARSE_TOP:
                yield level, changes
                continue
            _merged(coarse.setdefault(level, {}), changes)
            if last:
                yield level, coarse.pop(level)

    _apply(levels())
    top.clear()
    per_sector.clear()


def _count_points_of(actor_ids: list[int] | None) -> None:
    """Add the points of these actors to the counts (points that were in none; None: every
    point, into empty counts), every level grouped by the database: the finest from the
    points (for all sectors, then per sector), then each from the one below it."""
    if actor_ids is not None and not actor_ids:
        return
    points, cells = _table(AtlasPoint), _table(AtlasCell)
    quote = connection.ops.quote_name
    postgresql = connection.vendor == "postgresql"
    keys = ", ".join(quote(c) for c in KEY_COLUMNS)
    columns = ", ".join(quote(c) for c in CELL_COLUMNS)
    point_keys = ", ".join(f"p.{quote(c)}" for c in KEY_COLUMNS)
    sums = "COUNT(*), SUM(x), SUM(y), SUM(p.actor_id), SUM(members), SUM(members_women)"
    through = quote(Actor.sectors.through._meta.db_table)
    with connection.cursor() as cursor, sorts_in_runs():
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS atlas_added (actor_id bigint PRIMARY KEY)")
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS atlas_delta AS "  # noqa: S608
            f"SELECT {columns} FROM {cells} " + ("WITH NO DATA" if postgresql else "WHERE 0")
        )
        empty = "TRUNCATE {}" if postgresql else "DELETE FROM {}"
        cursor.execute(empty.format("atlas_added"))
        cursor.execute(empty.format("atlas_delta"))
        added = f"FROM {points} p"
        if actor_ids is not None:
            load_rows("atlas_added", ["actor_id"], [(pk,) for pk in actor_ids])
            if postgresql:
                cursor.execute("ANALYZE atlas_added")
            added += " JOIN atlas_added a ON a.actor_id = p.actor_id"
        # The shifts and levels are integers of this module, not input.
        top_shift, sector_shift = grid.shift(CUBE_TOP), grid.shift(SECTOR_TOP)
        cursor.execute(
            f"INSERT INTO atlas_delta ({columns}) "
            f"SELECT {CUBE_TOP}, code >> {top_shift}, {point_keys}, 0, {sums} {added} "
            f"GROUP BY code >> {top_shift}, {point_keys}"
        )
        cursor.execute(
            f"INSERT INTO atlas_delta ({columns}) "
            f"SELECT {SECTOR_TOP}, code >> {sector_shift}, {point_keys}, t.sector_id, {sums} "
            f"{added} JOIN {through} t ON t.actor_id = p.actor_id "
            f"GROUP BY code >> {sector_shift}, {point_keys}, t.sector_id"
        )
        for level in range(CUBE_TOP - 1, -1, -1):
            only_all = "AND sector = 0 " if level == SECTOR_TOP else ""
            cursor.execute(
                f"INSERT INTO atlas_delta ({columns}) "  # noqa: S608
                f"SELECT {level}, cell >> 2, {keys}, sector, SUM(n), SUM(sum_x), SUM(sum_y), "
                f"SUM(sum_id), SUM(members), SUM(members_women) FROM atlas_delta "
                f"WHERE level = {level + 1} {only_all}GROUP BY cell >> 2, {keys}, sector"
            )
        _delta_added(cursor)
        cursor.execute(empty.format("atlas_delta"))
        cursor.execute(empty.format("atlas_added"))


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
        _count_points_of(None)
        cursor.execute(f"SELECT COUNT(*) FROM {cells}")  # noqa: S608
        cell_count = cursor.fetchone()[0]
        cursor.execute(f"ANALYZE {points}")
        cursor.execute(f"ANALYZE {cells}")
    report = RebuildReport(count, cell_count, time.monotonic() - started)
    logger.info("atlas rebuilt: %s points, %s cells, %.1f s", *vars(report).values())
    return report
