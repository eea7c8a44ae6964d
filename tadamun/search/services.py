"""The search service: one entry point for the web pages, the API and the command line.

`actor_search` answers a ranked page of actors for a text and filters; `actor_matches` the
unranked set (for facets and exports). Index maintenance is here too: every write to an
actor ends with `search_index_actors` (or `search_documents_add` for bulk creations).

The work of a query is bounded whatever the size of the directory. Each tier of the query
(every term matching, then all but one) is matched once, with the filters, listing at most
COUNT_LIMIT + 1 ids in the engine's own order: their number is the count (exact up to
COUNT_LIMIT, a lower bound beyond). Candidates for the first places are the matches with
the shortest names, or, past COUNT_LIMIT, those whose name has as many words as the query
and the first matches; Tadamun puts the first RERANK_WINDOW of them in its final order
(ranking.py), and the rest follow.
"""

import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.expressions import RawSQL

from tadamun.core.bulk import load_rows
from tadamun.directory.filters import ActorFilters
from tadamun.directory.models import Actor, ActorQuerySet
from tadamun.search import codes
from tadamun.search.backends import ALL, ALL_BUT_ONE, backend
from tadamun.search.documents import IndexingContext, document_fields, indexing_context
from tadamun.search.models import PhoneticVariant, SearchDocument
from tadamun.search.phonetic import key_variants
from tadamun.search.query import Query, parse_query
from tadamun.search.ranking import rerank

logger = logging.getLogger(__name__)

INDEX_BATCH = 2000
# Matches are counted exactly up to this many; beyond, the count is a lower bound.
COUNT_LIMIT = 1_000
# Below this many actors matching every term, those matching all terms but one follow,
# at most PARTIAL_MATCHES_LIMIT of them (more would be counted, not read).
PARTIAL_MATCHES_BELOW = 50
PARTIAL_MATCHES_LIMIT = 100
# How many candidates per tier are put in Tadamun's final order.
RERANK_WINDOW = 100
# The expression of a search that matches nothing.
NOTHING = "nothing"


@dataclass
class ActorPage:
    count: int
    actors: list[Actor]
    # False when more than COUNT_LIMIT actors match: `count` is then a lower bound.
    count_exact: bool = True
    # The match expression of the search (None without a text), for facets of the same.
    expression: str | None = None


@dataclass
class Tier:
    expression: str
    ids: list[int]  # the first `limit` + 1 matches, in the engine's order
    limit: int
    excluding: list[int] = field(default_factory=list)  # listed by an earlier tier
    order: list[int] = field(default_factory=list)  # in result order, once known

    @property
    def exact(self) -> bool:
        return len(self.ids) <= self.limit


@dataclass
class SearchPlan:
    """The tiers of a query over the filtered actors."""

    query: Query
    tiers: list[Tier]

    @property
    def count(self) -> int:
        return min(sum(min(len(t.ids), t.limit) for t in self.tiers), COUNT_LIMIT)

    @property
    def count_exact(self) -> bool:
        return all(t.exact for t in self.tiers) and self.count < COUNT_LIMIT + 1


def _ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _matches(expression: str, *, limit: int, offset: int = 0, excluding=()) -> list[int]:
    sql, params = backend().natural_sql(expression, excluding)
    return _ids(sql, [*params, limit, offset])


def search_plan(query: Query, filters: ActorFilters) -> SearchPlan:
    engine = backend()
    every = engine.with_filters(engine.expression(query, ALL), filters)
    tiers = [Tier(every, _matches(every, limit=COUNT_LIMIT + 1), limit=COUNT_LIMIT)]
    if len(tiers[0].ids) < PARTIAL_MATCHES_BELOW:
        # The first tier is small: its ids are left out by id, cheaper for the engines
        # than excluding its expression.
        partial = engine.expression(query, ALL_BUT_ONE)
        if partial is not None:
            partial = engine.with_filters(partial, filters)
            first = tiers[0].ids
            ids = _matches(partial, limit=PARTIAL_MATCHES_LIMIT + 1, excluding=first)
            tiers.append(Tier(partial, ids, limit=PARTIAL_MATCHES_LIMIT, excluding=first))
    return SearchPlan(query=query, tiers=tiers)


def match_expression(plan: SearchPlan) -> str | None:
    """One match expression for every actor the plan lists (None: there is none).
    (The tiers overlap only in what an earlier tier lists: their union is the same.)"""
    clauses = [tier.expression for tier in plan.tiers if tier.ids]
    if not clauses:
        return None
    return backend().OR.join(f"({c})" for c in clauses)


def actor_matches(
    *, text: str = "", filters: ActorFilters | None = None, expression: str | None = None
) -> ActorQuerySet:
    """Every actor the search lists for the text and filters (all tiers), unranked.

    `expression` reuses the match expression of a plan already made for this text (the
    filters are applied again, by the database, so that facets can leave one out).
    """
    filters = filters or ActorFilters()
    queryset = filters.apply(Actor.objects.all())
    if expression is None:
        query = parse_query(text)
        if not query:
            return queryset
        expression = match_expression(search_plan(query, filters)) or NOTHING
    if expression == NOTHING:
        return queryset.none()
    sql, params = backend().match_sql(expression)
    # The SQL is the engine's own, with the query as a parameter.
    return queryset.filter(id__in=RawSQL(sql, params))  # noqa: S611


def _shortest_names(ids: list[int]) -> list[int]:
    """Ids by the length of their shortest name (fewest words first), then as given."""
    lengths = dict(
        SearchDocument.objects.filter(actor_id__in=ids).values_list("actor_id", "name_words")
    )
    position = {actor_id: n for n, actor_id in enumerate(ids)}
    return sorted(ids, key=lambda i: (lengths.get(i) or 99, position[i]))


def _tier_order(plan: SearchPlan, tier: Tier) -> list[int]:
    """The known matches of a tier in result order: the best candidates in the final
    order, then the others."""
    if tier.order:
        return tier.order
    ids = tier.ids[: tier.limit]
    if len(ids) <= RERANK_WINDOW:
        tier.order = rerank(plan.query, ids)
        return tier.order
    if tier.exact:
        ordered = _shortest_names(ids)
    else:
        # Too many to read them all: the first matches whose name has as many words as the
        # query (where an exact name is), then the first matches.
        same_length = []
        if plan.query.name_words:
            engine = backend()
            expression = engine.both(
                tier.expression, engine.form_code(codes.name_length(plan.query.name_words))
            )
            same_length = _matches(expression, limit=RERANK_WINDOW // 2)
        ordered = list(dict.fromkeys([*same_length, *ids]))
    window = rerank(plan.query, ordered[:RERANK_WINDOW])
    chosen = set(window)
    tier.order = window + [i for i in ordered[RERANK_WINDOW:] if i not in chosen]
    return tier.order


def ranked_actor_ids(plan: SearchPlan, *, limit: int, offset: int) -> list[int]:
    """Ids of a page of results: every tier in turn, each in result order."""
    ids: list[int] = []
    for tier in plan.tiers:
        wanted = limit - len(ids)
        if wanted <= 0:
            break
        order = _tier_order(plan, tier)
        if offset < len(order):
            ids += order[offset : offset + wanted]
            offset = 0
        else:
            offset -= len(order)
        wanted = limit - len(ids)
        if wanted > 0 and not tier.exact:
            # Past the matches listed: the engine's order after them (a tier this large is
            # the last one).
            # Candidates found beyond the listed matches are not shown twice.
            listed = set(tier.ids[: tier.limit])
            ids += _matches(
                tier.expression,
                limit=wanted,
                offset=tier.limit + offset,
                excluding=[*tier.excluding, *(i for i in order if i not in listed)],
            )
            break
    return ids


def actor_search(
    *,
    text: str = "",
    filters: ActorFilters | None = None,
    limit: int = 20,
    offset: int = 0,
    language: str = "fr",
) -> ActorPage:
    """A page of actors matching the text and filters, best match first.

    Actors that match every term of the query come first; when fewer than
    PARTIAL_MATCHES_BELOW do, those that match all terms but one follow. Without a text,
    actors come in alphabetical order of their name in the reader's script.
    """
    filters = filters or ActorFilters()
    query = parse_query(text)
    if not query:
        matches = filters.apply(Actor.objects.all())
        ordering = "sort_name_ar" if language == "ar" else "sort_name"
        actors = list(matches.for_listing().order_by(ordering, "id")[offset : offset + limit])
        return ActorPage(count=matches.count(), actors=actors)
    plan = search_plan(query, filters)
    ids = ranked_actor_ids(plan, limit=limit, offset=offset)
    by_id = Actor.objects.for_listing().in_bulk(ids)
    return ActorPage(
        count=plan.count,
        count_exact=plan.count_exact,
        actors=[by_id[i] for i in ids if i in by_id],
        expression=match_expression(plan) or NOTHING,
    )


# --- Index maintenance ------------------------------------------------------------------


def search_index_actors(actor_ids: Iterable[int]) -> int:
    """(Re)build the search documents of the given actors; returns how many were written."""
    actor_ids = list(actor_ids)
    context = indexing_context()
    written = 0
    for start in range(0, len(actor_ids), INDEX_BATCH):
        batch = actor_ids[start : start + INDEX_BATCH]
        written += _index_batch(Actor.objects.filter(id__in=batch), context)
    return written


def search_reindex_all() -> int:
    """Rebuild the whole index, in batches, from the actors table."""
    context = indexing_context()
    written = 0
    last_id = 0
    while True:
        batch = list(Actor.objects.filter(id__gt=last_id).order_by("id")[:INDEX_BATCH])
        if not batch:
            break
        written += _index_batch(batch, context)
        last_id = batch[-1].id
    logger.info("search index rebuilt: %s actors", written)
    return written


def _record_phonetic_keys(documents: list[SearchDocument]) -> None:
    _record_keys(document.codes for document in documents)


def _record_keys(all_codes: Iterable[str]) -> None:
    """Record the phonetic keys found in documents' codes that are not recorded yet."""
    keys = {
        token[len(codes.PHONETIC) :]
        for document_codes in all_codes
        for token in document_codes.split()
        if token.startswith(codes.PHONETIC)
    }
    if not keys:
        return
    # Every key is recorded under itself: those found so are known, with their variants.
    known = set()
    listed = sorted(keys)
    for start in range(0, len(listed), INDEX_BATCH):
        batch = listed[start : start + INDEX_BATCH]
        known.update(
            variant
            for variant, key in PhoneticVariant.objects.filter(
                variant__in=batch, key__in=batch
            ).values_list("variant", "key")
            if variant == key
        )
    PhoneticVariant.objects.bulk_create(
        [PhoneticVariant(variant=v, key=k) for k in keys - known for v in key_variants(k)],
        ignore_conflicts=True,
        batch_size=2000,
    )


def _documents(
    actors: list[Actor], sector_ids: dict[int, list[int]], context: IndexingContext
) -> list[SearchDocument]:
    return [
        SearchDocument(actor_id=a.pk, **document_fields(a, sector_ids.get(a.pk, ()), context))
        for a in actors
    ]


@transaction.atomic
def _index_batch(actors, context: IndexingContext) -> int:
    actors = list(actors)
    if not actors:
        return 0
    sector_ids: dict[int, list[int]] = {a.id: [] for a in actors}
    through = Actor.sectors.through.objects.filter(actor_id__in=sector_ids)
    for actor_id, sector_id in through.values_list("actor_id", "sector_id"):
        sector_ids[actor_id].append(sector_id)
    documents = _documents(actors, sector_ids, context)
    _record_phonetic_keys(documents)
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["actor"],
        update_fields=["names", "body", "codes", "name_words"],
    )
    return len(actors)


def search_index_tables() -> list[str]:
    """The tables that hold the search index: the documents, and the engine's own (FTS5's
    virtual table on SQLite, the tsvectors and their GIN index on PostgreSQL), for bulk
    writes that build their indexes once at the end."""
    return [SearchDocument._meta.db_table, backend().FROM]


# FTS5's own setting: how many segments of one level it merges after each write (4 unless
# set otherwise on the table).
FTS_AUTOMERGE = 4


@contextmanager
def search_index_bulk_loading() -> Iterator[None]:
    """Around the writes of many documents in one transaction (a first import), on SQLite:
    FTS5 merges none of the segments each statement writes until the writes end, then
    merges them all into one (its 'optimize'), and goes back to its setting. Merging as
    it goes rewrites the same terms again and again as the index grows: for a million
    documents, 6 to 16 % of the index's time (bench/fts_merges.py; ADR 0015). Its crisis
    merge still bounds the segments meanwhile. The setting is written in the
    transaction: an error puts it back with the rollback."""
    if connection.vendor != "sqlite":
        yield
        return
    fts = connection.ops.quote_name(backend().FROM)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v FROM {connection.ops.quote_name(backend().FROM + '_config')} "  # noqa: S608
            "WHERE k = 'automerge'"
        )
        found = cursor.fetchone()
        before = int(found[0]) if found else FTS_AUTOMERGE
        cursor.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', 0)")  # noqa: S608
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', %s)",  # noqa: S608
            [before],
        )


def search_documents_add(documents: list[tuple[int, dict]]) -> int:
    """Store the documents (actor id, `document_fields`) of actors just created in bulk,
    which have none yet."""
    columns = ["names", "body", "codes", "name_words"]
    rows = [(actor_id, *(fields[c] for c in columns)) for actor_id, fields in documents]
    _record_keys(row[3] for row in rows)
    load_rows(SearchDocument._meta.db_table, ["actor_id", *columns], rows)
    return len(rows)


# --- Facets -----------------------------------------------------------------------------

FACETS = ("country", "admin1", "admin2", "legal_form", "sector", "women_led")


def actor_facets(
    *, text: str = "", filters: ActorFilters | None = None, expression: str | None = None
) -> dict[str, dict]:
    """For each facet, how many matching actors each of its values would give.

    A facet's counts ignore its own filter (choosing another legal form shows what the
    other forms hold), but apply every other filter and the text. `expression` reuses the
    match expression of the search that was just made (`ActorPage.expression`).
    """
    filters = filters or ActorFilters()
    if expression is None and parse_query(text):
        expression = match_expression(search_plan(parse_query(text), filters)) or NOTHING
    if expression == NOTHING:
        return {facet: {} for facet in FACETS}
    # Counts over a large directory take time: the same page within FACETS_CACHE_SECONDS
    # reuses them (a directory's counts may thus lag a new record by as long).
    key = (
        "facets:"
        + hashlib.sha256(
            repr((connection.alias, expression, sorted(filters.as_params().items()))).encode()
        ).hexdigest()
    )
    return cache.get_or_set(key, lambda: _facet_counts(filters, expression), FACETS_CACHE_SECONDS)


FACETS_CACHE_SECONDS = 300


def _facet_counts(filters: ActorFilters, expression: str | None) -> dict[str, dict]:
    columns = {
        "country": ("country", "country_id"),
        "admin1": ("territory", "admin1_id"),
        "admin2": ("territory", "admin2_id"),
        "legal_form": ("legal_form", "legal_form_id"),
        "sector": ("sector", "sectors"),
        "women_led": ("women_led", "women_led"),
    }
    facets = {}
    for facet, (filter_name, column) in columns.items():
        rows = (
            actor_matches(filters=filters.without(filter_name), expression=expression)
            .order_by()
            .values_list(column)
            .annotate(n=Count("id"))
        )
        facets[facet] = {key: n for key, n in rows if key is not None}
    return facets
