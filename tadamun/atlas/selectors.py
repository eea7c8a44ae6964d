"""Reads of the Atlas: clusters for a box of the map, and counts per territory.

An answer is computed from the counts per cell (`AtlasCell`) when the filters are among
the keys those counts are kept by (country, region or province, legal form, women-led,
sector) and the cells are coarse enough to be counted ahead of time; otherwise from the
points (`AtlasPoint`), which a small box holds few of. A search, or a town as territory,
restricts the points to the actors the directory lists for them.
"""

from dataclasses import dataclass, field

from django.db import connection

from tadamun.atlas import grid
from tadamun.atlas.models import AtlasCell, AtlasPoint
from tadamun.atlas.services import CUBE_TOP, SECTOR_TOP
from tadamun.core.i18n import FALLBACKS
from tadamun.directory.filters import ActorFilters
from tadamun.directory.models import Actor
from tadamun.directory.selectors import legal_form_codes
from tadamun.places.models import Place
from tadamun.places.selectors import place_index
from tadamun.search.backends import backend
from tadamun.search.query import parse_query
from tadamun.search.services import (
    COUNT_LIMIT,
    actor_matches,
    match_expression,
    search_plan,
)

MAX_ZOOM = 18  # the closest the map zooms; there every actor is shown on its own
MAX_BOX_CELLS = 600  # a box larger than this many cells is answered at a coarser level
MAX_ACTORS = 500  # at most this many actors one by one in an answer
UNSPECIFIED = "unspecified"
MIN_SEPARATION = 40  # pixels between the centres of two clusters


@dataclass
class Cluster:
    cell: int
    count: int = 0
    sum_x: int = 0
    sum_y: int = 0
    sum_id: int = 0
    legal_forms: dict[int, int] = field(default_factory=dict)
    cells: list[int] = field(default_factory=list)  # the cells merged into it

    @property
    def centre(self) -> tuple[float, float]:
        return self.sum_x / self.count, self.sum_y / self.count

    @property
    def position(self) -> tuple[float, float]:
        return grid.unproject(*self.centre)

    def absorb(self, other: "Cluster") -> None:
        self.count += other.count
        self.sum_x += other.sum_x
        self.sum_y += other.sum_y
        self.sum_id += other.sum_id
        for form, n in other.legal_forms.items():
            self.legal_forms[form] = self.legal_forms.get(form, 0) + n
        self.cells += other.cells


def _merge_close(clusters: dict[int, Cluster], zoom: int) -> list[Cluster]:
    """Merge neighbouring cells whose centres would be drawn closer than MIN_SEPARATION
    pixels, largest first, so that clusters do not cover each other on the screen."""
    pixel = 1 << max(0, grid.BITS - 8 - zoom)  # grid units per screen pixel
    reach = (MIN_SEPARATION * pixel) ** 2
    at = {grid.deinterleave(cell): cluster for cell, cluster in clusters.items()}
    merged: list[Cluster] = []
    absorbed: set[int] = set()
    for (x, y), cluster in sorted(at.items(), key=lambda item: (-item[1].count, item[1].cell)):
        if cluster.cell in absorbed:
            continue
        ax, ay = cluster.centre
        for neighbour in (
            at.get((x + dx, y + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy
        ):
            if neighbour is None or neighbour.cell in absorbed:
                continue
            bx, by = neighbour.centre
            if (ax - bx) ** 2 + (ay - by) ** 2 < reach:
                cluster.absorb(neighbour)
                absorbed.add(neighbour.cell)
        absorbed.add(cluster.cell)
        merged.append(cluster)
    return merged


@dataclass
class MapActor:
    id: int
    latitude: float
    longitude: float
    name: str = ""
    legal_form: str = UNSPECIFIED


@dataclass
class ClusterAnswer:
    zoom: int
    level: int
    clusters: list[Cluster]
    actors: list[MapActor]
    legal_form_codes: dict[int, str]

    @property
    def count(self) -> int:
        return sum(c.count for c in self.clusters) + len(self.actors)


@dataclass
class _Source:
    """Where an answer is counted from, and the conditions that select its actors: on the
    counts per cell, on the points, and (for a search) the actors the directory lists."""

    conditions: list[str]
    params: list
    sector: int = 0
    matches: tuple[str, list] | None = None

    @property
    def counted_ahead(self) -> bool:
        return self.matches is None

    def where(self, *, cells: bool, extra: list[str] = (), extra_params: list = ()) -> tuple:
        conditions = [*extra, *self.conditions]
        params = [*extra_params, *self.params]
        if cells:
            conditions.append("sector = %s")
            params.append(self.sector)
        elif self.sector:
            conditions.append("sectors LIKE %s")
            params.append(f"%,{self.sector},%")
        if self.matches is not None:
            sql, match_params = self.matches
            conditions.append(f"actor_id IN ({sql})")
            params += list(match_params)
        return " AND ".join(conditions) or "1 = 1", params


# Up to this many matches, a search's actors are named by id rather than by its query.
LISTED_MATCHES = COUNT_LIMIT


def _source(filters: ActorFilters, text: str) -> _Source:
    conditions, params = [], []
    general = False
    if filters.country is not None:
        conditions.append("country = %s")
        params.append(filters.country.code)
    if filters.territory is not None:
        territory = filters.territory
        if territory.level in (1, 2):
            ids = [territory.pk]
            if territory.level == 1:
                ids += [p.pk for p in place_index().by_id.values() if p.parent_id == territory.pk]
            conditions.append(f"territory IN ({', '.join(['%s'] * len(ids))})")
            params += ids
        else:
            general = True  # a town: the directory's own rule decides who is in it
    if filters.legal_form is not None:
        conditions.append("legal_form = %s")
        params.append(filters.legal_form.pk)
    if filters.women_led is not None:
        conditions.append("women_led = %s")
        params.append(filters.women_led)
    sector = filters.sector.pk if filters.sector is not None else 0
    matches = None
    query = parse_query(text)
    if query:
        plan = search_plan(query, filters)
        if plan.count_exact and plan.count <= LISTED_MATCHES:
            ids = sorted({i for tier in plan.tiers for i in tier.ids[: tier.limit]})
            matches = (", ".join(["%s"] * len(ids)) or "NULL", ids)
        else:
            # The expression holds the filters as codes: the engine's match alone is the
            # directory's list, no need to join the actors.
            expression = match_expression(plan)
            matches = backend().match_sql(expression) if expression else ("NULL", [])
    elif general:
        queryset = actor_matches(filters=filters).order_by().values("id")
        matches = queryset.query.sql_with_params()
    return _Source(conditions, params, sector, matches)


def _ranges_condition(column: str, ranges: list[tuple[int, int]]) -> tuple[str, list]:
    parts = " OR ".join([f"{column} BETWEEN %s AND %s"] * len(ranges))
    return f"({parts})", [bound for run in ranges for bound in run]


EDGES = ["x BETWEEN %s AND %s", "y BETWEEN %s AND %s"]


def _union_of_ranges(
    select: str, column: str, ranges, source: _Source, *, cells: bool, extra=(), extra_params=()
) -> tuple[str, list]:
    """One SELECT per run of codes, joined by UNION ALL: each is a plain range scan of an
    index, which both engines plan well (an OR of ranges makes SQLite read the table's rows
    and sometimes a whole level)."""
    parts, params = [], []
    for low, high in ranges:
        where, part_params = source.where(
            cells=cells,
            extra=[f"{column} BETWEEN %s AND %s", *extra],
            extra_params=[low, high, *extra_params],
        )
        parts.append(f"{select} WHERE {where}")
        params += part_params
    return " UNION ALL ".join(parts), params


def _cell_rows(box: grid.Box, source: _Source) -> list[tuple]:
    """(cell, legal form, count, sum x, sum y, sum id) of the box's cells."""
    shift = grid.shift(box.level)
    per_cell = f"SELECT code >> {shift}, legal_form, COUNT(*), SUM(x), SUM(y), SUM(actor_id)"
    if source.counted_ahead and box.level <= (SECTOR_TOP if source.sector else CUBE_TOP):
        union, params = _union_of_ranges(
            "SELECT cell AS c, legal_form, n, sum_x, sum_y, sum_id "  # noqa: S608
            f"FROM {AtlasCell._meta.db_table}",
            "cell",
            box.ranges(),
            source,
            cells=True,
            extra=["level = %s"],
            extra_params=[box.level],
        )
        sql = (
            "SELECT c, legal_form, SUM(n), SUM(sum_x), SUM(sum_y), SUM(sum_id) "  # noqa: S608
            f"FROM ({union}) AS box GROUP BY c, legal_form"
        )
    elif source.matches is not None:
        # A search: its matches are few next to the points, so they drive the query.
        condition, params = _ranges_condition("code", box.point_ranges())
        where, params = source.where(cells=False, extra=[condition], extra_params=params)
        sql = (
            f"{per_cell} FROM {AtlasPoint._meta.db_table} WHERE {where} "
            f"GROUP BY code >> {shift}, legal_form"
        )
    else:
        # The points, read from the covering index only, the box's edges checked on its
        # entries.
        union, params = _union_of_ranges(
            f"SELECT code, legal_form, x, y, actor_id FROM {AtlasPoint._meta.db_table}",  # noqa: S608
            "code",
            box.point_ranges(),
            source,
            cells=False,
            extra=EDGES,
            extra_params=box.point_edges(),
        )
        sql = f"{per_cell} FROM ({union}) AS box GROUP BY code >> {shift}, legal_form"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _single_points(box: grid.Box, source: _Source) -> list[tuple] | None:
    """(actor id, x, y, legal form) of every actor in the box, or None if there are more
    than MAX_ACTORS."""
    condition, params = _ranges_condition("code", box.point_ranges())
    where, params = source.where(
        cells=False, extra=[condition, *EDGES], extra_params=[*params, *box.point_edges()]
    )
    sql = (
        f"SELECT actor_id, x, y, legal_form FROM {AtlasPoint._meta.db_table} "  # noqa: S608
        f"WHERE {where} LIMIT {MAX_ACTORS + 1}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return rows if len(rows) <= MAX_ACTORS else None


def _name_actors(actors: list[MapActor], codes: dict[int, str], language: str) -> None:
    by_id = {a.id: a for a in actors}
    order = [f"name_{code}" for code in FALLBACKS[language]]
    fields = ["id", "legal_form_id", *order]
    for row in Actor.objects.filter(id__in=by_id).values(*fields):
        entry = by_id[row["id"]]
        entry.name = next((row[f] for f in order if row[f]), "")
        entry.legal_form = codes.get(row["legal_form_id"] or 0, UNSPECIFIED)


def _box_for(zoom: int, bounds: tuple[float, float, float, float]) -> grid.Box:
    west, south, east, north = bounds
    level = max(0, min(zoom + grid.CELL_LEVELS_ABOVE_ZOOM, grid.BITS))
    box = grid.Box.from_bounds(level, west=west, south=south, east=east, north=north)
    while box.cells > MAX_BOX_CELLS and box.level > 0:
        box = box.coarser()
    return box


def atlas_clusters(
    *,
    bounds: tuple[float, float, float, float],
    zoom: int,
    filters: ActorFilters | None = None,
    text: str = "",
    language: str = "fr",
) -> ClusterAnswer:
    """The actors in a box of the map (west, south, east, north), grouped by cells of about
    64 pixels at `zoom`: a cluster per cell, an actor on its own where a cell holds one
    (every actor on its own at MAX_ZOOM, if the box holds at most MAX_ACTORS)."""
    filters = filters or ActorFilters()
    source = _source(filters, text)
    box = _box_for(zoom, bounds)
    codes = legal_form_codes()
    clusters: dict[int, Cluster] = {}
    actors: list[MapActor] = []
    singles = _single_points(box, source) if zoom >= MAX_ZOOM else None
    if singles is not None:
        for pk, x, y, _form in singles:
            actors.append(MapActor(pk, *grid.unproject(x, y)))
    else:
        outside: set[int] = set()
        for cell, form, n, sum_x, sum_y, sum_id in _cell_rows(box, source):
            if not n or cell in outside:
                continue
            cluster = clusters.get(cell)
            if cluster is None:
                if not box.contains(cell):
                    outside.add(cell)
                    continue
                cluster = clusters[cell] = Cluster(cell, cells=[cell])
            # (PostgreSQL sums big integers as numerics: back to integers.)
            cluster.count += int(n)
            cluster.sum_x += int(sum_x)
            cluster.sum_y += int(sum_y)
            cluster.sum_id += int(sum_id)
            cluster.legal_forms[form] = cluster.legal_forms.get(form, 0) + int(n)
        kept = []
        for cluster in _merge_close(clusters, zoom):
            if cluster.count == 1:
                actors.append(MapActor(cluster.sum_id, *cluster.position))
            else:
                kept.append(cluster)
        clusters = {c.cell: c for c in kept}
    _name_actors(actors, codes, language)
    return ClusterAnswer(
        zoom=zoom,
        level=box.level,
        clusters=sorted(clusters.values(), key=lambda c: -c.count),
        actors=actors,
        legal_form_codes=codes,
    )


# --- Counts per territory ----------------------------------------------------------------


@dataclass
class TerritoryCount:
    place: Place
    actors: int = 0
    women_led: int = 0
    members: int = 0
    members_women: int = 0

    @property
    def women_led_share(self) -> float:
        return self.women_led / self.actors if self.actors else 0.0


def atlas_territories(
    *, level: int = 1, filters: ActorFilters | None = None, text: str = ""
) -> list[TerritoryCount]:
    """Actors, members, women members and women-led actors per region or governorate
    (`level` 1) or per province (`level` 2), most actors first."""
    filters = filters or ActorFilters()
    source = _source(filters, text)
    if source.counted_ahead:
        where, params = source.where(cells=True, extra=["level = 0"])
        sql = (
            "SELECT territory, SUM(n), SUM(CASE WHEN women_led THEN n ELSE 0 END), "  # noqa: S608
            f"SUM(members), SUM(members_women) FROM {AtlasCell._meta.db_table} "
            f"WHERE {where} GROUP BY territory"
        )
    else:
        where, params = source.where(cells=False)
        sql = (
            "SELECT territory, COUNT(*), SUM(CASE WHEN women_led THEN 1 ELSE 0 END), "  # noqa: S608
            f"SUM(members), SUM(members_women) FROM {AtlasPoint._meta.db_table} "
            f"WHERE {where} GROUP BY territory"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    index = place_index()
    counts: dict[int, TerritoryCount] = {}
    for territory, n, women_led, members, women in rows:
        place = index.by_id.get(territory)
        if place is None:
            continue
        place = place.ancestor_at(1) if level == 1 else place
        if place is None or place.level != level:
            continue
        entry = counts.get(place.pk)
        if entry is None:
            entry = counts[place.pk] = TerritoryCount(place)
        entry.actors += int(n)
        entry.women_led += int(women_led or 0)
        entry.members += int(members or 0)
        entry.members_women += int(women or 0)
    return sorted(counts.values(), key=lambda t: (-t.actors, t.place.code))
