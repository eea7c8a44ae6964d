"""Writes to the directory. Every change to an actor goes through here, so that its derived
fields (territories, sort names) and its search document never fall out of step.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadamun.atlas.models import AtlasPoint
from tadamun.atlas.services import atlas_actors_sync, atlas_point_of, atlas_points_created
from tadamun.core.bulk import indexes_deferred, load_rows, reserve_ids
from tadamun.core.i18n import localized
from tadamun.directory.models import Actor, ActorSource, Sector
from tadamun.duplicates.keys import actor_keys, duplicates_keys_refresh, keys_add
from tadamun.duplicates.models import BlockKey
from tadamun.places.selectors import place_index
from tadamun.search.documents import document_fields, indexing_context
from tadamun.search.services import (
    search_documents_add,
    search_index_actors,
    search_index_bulk_loading,
    search_index_tables,
)
from tadamun.search.text import fold

DERIVED_FIELDS = ["admin1", "admin2", "sort_name", "sort_name_ar"]


def actor_derive(actor: Actor, *, with_places: bool = True) -> None:
    """Set the fields computed from others: the territories of its place, its sort names.

    `with_places=False` sets the territories' ids only, not their (cached) places: for
    bulk writes, which never read them from the actor."""
    index = place_index()
    place = index.by_id.get(actor.place_id) if actor.place_id else None
    if place is not None:
        if actor.country_id and place.country_id != actor.country_id:
            raise ValidationError(
                {"place": _("The place is not in the actor's country.")}, code="place_country"
            )
        actor.country_id = place.country_id
    admin1, admin2 = _territories(index, actor.place_id if place else None)
    if with_places:
        actor.admin1 = index.by_id[admin1] if admin1 else None
        actor.admin2 = index.by_id[admin2] if admin2 else None
    else:  # (setting an id forgets a place cached for another one)
        actor.admin1_id, actor.admin2_id = admin1, admin2
    latin, arabic = localized(actor, "name", "fr"), localized(actor, "name", "ar")
    actor.sort_name = _sort_name(latin)
    actor.sort_name_ar = actor.sort_name if arabic == latin else _sort_name(arabic)


# What derived fields come from, for the places and names of an import (a million rows
# share a few hundred places and repeat many names).
_derived: dict = {"index": None, "territories": {}}


def _territories(index, place_id: int | None) -> tuple[int | None, int | None]:
    """The ids of a place's nearest ancestors (itself included) at levels 1 and 2."""
    if _derived["index"] is not index:
        _derived.update(index=index, territories={})
    known = _derived["territories"]
    found = known.get(place_id)
    if found is None:
        place = index.by_id.get(place_id) if place_id else None
        by_level = {}
        for ancestor in place.ancestors() if place else ():
            by_level.setdefault(ancestor.level, ancestor.pk)  # the nearest at each level
        found = known[place_id] = (by_level.get(1), by_level.get(2))
    return found


@lru_cache(maxsize=100_000)
def _sort_name(name: str) -> str:
    return fold(name)[:300]


def actor_validate(actor: Actor) -> None:
    """The rules a stored actor obeys beyond its column types."""
    errors = {}
    if not (actor.name_ar or actor.name_fr or actor.name_en):
        errors["name_fr"] = _("An actor needs a name in at least one language.")
    if actor.founded is not None and actor.founded > date.today().year:
        errors["founded"] = _("The founding year cannot be in the future.")
    if (actor.latitude is None) != (actor.longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    elif actor.latitude is not None:
        if not (-90 <= actor.latitude <= 90 and -180 <= actor.longitude <= 180):
            errors["latitude"] = _("Coordinates out of range.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def actor_save(
    *,
    actor: Actor,
    sectors: Iterable[Sector] | None = None,
    sources: Iterable[tuple[str, str]] = (),
) -> Actor:
    """Validate, derive and store an actor (new or changed) with its sectors and sources."""
    actor_validate(actor)
    actor_derive(actor)
    actor.save()
    if sectors is not None:
        actor.sectors.set(sectors)
    for source, source_id in sources:
        actor_source_add(actor=actor, source=source, source_id=source_id)
    actor_derived_refresh(actor_ids=[actor.pk])
    return actor


def actor_derived_refresh(*, actor_ids: Iterable[int]) -> None:
    """Bring what is derived from actors (their search documents, the map's counts) in
    step after they were written; every write of an actor ends here."""
    actor_ids = list(actor_ids)
    search_index_actors(actor_ids)
    atlas_actors_sync(actor_ids=actor_ids)
    duplicates_keys_refresh(actor_ids=actor_ids)
    _services_refresh(actor_ids)


def _services_refresh(actor_ids: list[int]) -> None:
    """The search terms of the support services these actors offer hold their names."""
    from tadamun.catalogue.services import services_reindex

    for start in range(0, len(actor_ids), 2000):
        services_reindex(provider_ids=actor_ids[start : start + 2000])


def actor_create(
    *,
    country_id: str,
    name_ar: str = "",
    name_fr: str = "",
    name_en: str = "",
    sectors: Iterable[Sector] = (),
    sources: Iterable[tuple[str, str]] = (),
    **fields,
) -> Actor:
    actor = Actor(
        country_id=country_id, name_ar=name_ar, name_fr=name_fr, name_en=name_en, **fields
    )
    return actor_save(actor=actor, sectors=list(sectors), sources=sources)


@transaction.atomic
def actor_update(*, actor: Actor, sectors: Iterable[Sector] | None = None, **changes) -> Actor:
    for name, value in changes.items():
        setattr(actor, name, value)
    actor_validate(actor)
    actor_derive(actor)
    actor.save(update_fields=[*changes, *DERIVED_FIELDS, "country", "updated_at"])
    if sectors is not None:
        actor.sectors.set(sectors)
    actor_derived_refresh(actor_ids=[actor.pk])
    return actor


def actor_source_add(*, actor: Actor, source: str, source_id: str) -> ActorSource:
    """Record that an actor was built from a source's record; a record names one actor."""
    record, created = ActorSource.objects.get_or_create(
        source=source, source_id=source_id, defaults={"actor": actor}
    )
    if not created and record.actor_id != actor.pk:
        raise ValidationError(
            _("%(source)s:%(id)s already belongs to another actor.")
            % {"source": source, "id": source_id},
            code="source_taken",
        )
    return record


@transaction.atomic
def actor_delete(*, actor: Actor) -> None:
    pk = actor.pk
    actor.delete()
    atlas_actors_sync(actor_ids=[pk])


@transaction.atomic
def actor_bulk_delete(*, actor_ids: Iterable[int]) -> int:
    """Delete many actors (the admin's action on a selection); returns how many."""
    actor_ids = list(actor_ids)
    _deleted, by_model = Actor.objects.filter(id__in=actor_ids).delete()
    atlas_actors_sync(actor_ids=actor_ids)
    return by_model.get(Actor._meta.label, 0)  # not the records deleted with them


# The times that storing an actor sets (auto_now, auto_now_add), and the other columns of
# its row but its id, which its fields give (plain values all, that the database adapter
# takes as they are).
_STAMPED = tuple(
    f
    for f in Actor._meta.concrete_fields
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
)
_ROW_FIELDS = tuple(
    f for f in Actor._meta.concrete_fields if not f.primary_key and f not in _STAMPED
)
_row_values = attrgetter(*(f.attname for f in _ROW_FIELDS))


class NewActorRow(NamedTuple):
    """A new actor ready to be stored (`actor_rows_create`): the values of its row, its
    sectors, and what storing it derives beyond its own fields: its search document's
    fields, its blocking keys for the duplicates scan, its point on the map. A tuple: the
    checking processes send a million of them, and a tuple is the quickest to unpickle."""

    values: tuple  # in the order of _ROW_FIELDS
    sector_ids: tuple[int, ...]
    document: dict
    keys: tuple[str, ...]
    point: tuple  # the map's point but its actor id (`atlas_point_of`)


def actor_new_row(actor: Actor, sector_ids: Iterable[int], *, keys: bool = True) -> NewActorRow:
    """The row of an actor not stored yet (validated and derived); without its blocking
    keys if not `keys` (a first import, which owes them: `first_import`). Reads no
    database: the processes that check a large import's rows make them for the rows that
    create actors, while this one stores the rows before."""
    sector_ids = tuple(dict.fromkeys(sector_ids))
    return NewActorRow(
        _row_values(actor),
        sector_ids,
        document_fields(actor, sector_ids, indexing_context()),
        actor_keys(actor) if keys else (),
        atlas_point_of(actor, sector_ids),
    )


# A bulk write of at least this many actors, which at least doubles the directory, builds
# the indexes of the tables it writes once at its end (`actors_bulk_loading`).
BULK_LOADING_FROM = 50_000


def first_import(*, rows: int) -> bool:
    """Whether a bulk write of `rows` new actors is a first import: many, and at least as
    many as the actors already there. It builds its indexes at its end
    (`actors_bulk_loading`) and leaves its actors' blocking keys to the full scan that
    follows it (`keys_owed_mark`)."""
    return rows >= BULK_LOADING_FROM and rows >= Actor.objects.count()


@contextmanager
def actors_bulk_loading(*, rows: int) -> Iterator[None]:
    """Around the writes of `rows` new actors in one transaction (an import): when they
    are many and at least as many as the actors already there (a first import), the
    secondary indexes of what creating actors writes are built once, at the end, rather
    than row by row (`indexes_deferred`). On SQLite that is all of them: its readers go
    on reading what was committed. On PostgreSQL dropping an index keeps every reader of
    its table waiting until the import ends: the public directory's tables are treated so
    only while the directory is empty (a new platform's first import, which nobody is
    reading yet); otherwise only the duplicates' blocking keys, which staff's scans alone
    read."""
    if not first_import(rows=rows):
        yield
        return
    tables = [BlockKey._meta.db_table]
    if connection.vendor == "sqlite" or not Actor.objects.exists():
        tables += [
            Actor._meta.db_table,
            Actor.sectors.through._meta.db_table,
            ActorSource._meta.db_table,
            AtlasPoint._meta.db_table,
            *search_index_tables(),
        ]
    with indexes_deferred(tables), search_index_bulk_loading():
        yield


@transaction.atomic
def actor_bulk_create(
    *,
    actors: list[Actor],
    sector_ids: list[list[int]],
    sources: list[list[tuple[str, str]]],
    checked: bool = False,
) -> list[Actor]:
    """Create many actors at once (demo data, evaluation sets), with their sectors and
    sources: `actor_rows_create` of their rows, then their ids and times set on them.

    Same rules and derived fields as `actor_save`, in a few statements per batch instead of
    a few per actor. `checked`: the caller has just applied `actor_validate` and
    `actor_derive` to every actor.
    """
    if not checked:
        for actor in actors:
            actor_validate(actor)
            actor_derive(actor)
    now = timezone.now()
    rows = [actor_new_row(a, ids) for a, ids in zip(actors, sector_ids, strict=True)]
    ids = actor_rows_create(rows=rows, sources=sources, now=now)
    for actor, pk in zip(actors, ids, strict=True):
        actor.id = pk
        for stamped in _STAMPED:
            setattr(actor, stamped.attname, now)
    return actors


@transaction.atomic
def actor_rows_create(
    *,
    rows: list[NewActorRow],
    sources: list[list[tuple[str, str]]],
    now: datetime | None = None,
) -> list[int]:
    """Store new actors (`actor_new_row`: validated and derived), their sectors, sources
    (source, source id), search documents, points on the map and blocking keys, in a few
    statements per batch: an import's rows, made by its checking processes, go in as
    they come. Returns their ids, in order."""
    if not rows:
        return []
    ids = reserve_ids(Actor, len(rows))
    now = now or timezone.now()
    stamps = tuple(f.get_db_prep_save(now, connection) for f in _STAMPED)
    load_rows(
        Actor._meta.db_table,
        [Actor._meta.pk.column, *(f.column for f in (*_ROW_FIELDS, *_STAMPED))],
        [(pk, *row.values, *stamps) for pk, row in zip(ids, rows, strict=True)],
    )
    Through = Actor.sectors.through
    load_rows(
        Through._meta.db_table,
        ["id", "actor_id", "sector_id"],
        _numbered(
            Through,
            [
                (pk, sector_id)
                for pk, row in zip(ids, rows, strict=True)
                for sector_id in row.sector_ids
            ],
        ),
    )
    added_at = ActorSource._meta.get_field("added_at").get_db_prep_save(now, connection)
    load_rows(
        ActorSource._meta.db_table,
        ["id", "actor_id", "source", "source_id", "added_at"],
        _numbered(
            ActorSource,
            [
                (pk, source, source_id, added_at)
                for pk, records in zip(ids, sources, strict=True)
                for source, source_id in records
            ],
        ),
    )
    search_documents_add([(pk, row.document) for pk, row in zip(ids, rows, strict=True)])
    atlas_points_created(points=[(pk, *row.point) for pk, row in zip(ids, rows, strict=True)])
    keys_add([(key, pk) for pk, row in zip(ids, rows, strict=True) for key in row.keys])
    return ids


def _numbered(model, rows: list[tuple]) -> list[tuple]:
    """Rows with a new primary key of `model` in front."""
    return [(pk, *row) for pk, row in zip(reserve_ids(model, len(rows)), rows, strict=True)]


@transaction.atomic
def actor_bulk_update(
    *,
    actors: list[Actor],
    fields: list[list[str]],
    sector_ids: list[list[int] | None],
    checked: bool = False,
) -> list[Actor]:
    """Store many changed actors at once (imports): for each, what `actor_update` stores
    after setting `fields` (the names of the fields changed on it), and its sectors unless
    None; derived data refreshed once for all. `checked` as for `actor_bulk_create`.

    An actor may come more than once (as copies of its instance at each change): they
    are stored one after the other, as by `actor_update` each time."""
    if not checked:
        for actor in actors:
            actor_validate(actor)
            actor_derive(actor)
    now = timezone.now()
    meta = Actor._meta
    times = Counter(actor.pk for actor in actors)
    together: dict[tuple, list] = {}  # actors that come once, by the columns written
    in_turn = []
    for actor, names in zip(actors, fields, strict=True):
        actor.updated_at = now
        written = tuple(
            dict.fromkeys(
                meta.get_field(name) for name in [*names, *DERIVED_FIELDS, "country", "updated_at"]
            )
        )
        if times[actor.pk] == 1:
            together.setdefault(written, []).append(actor)
        else:
            in_turn.append((written, [actor]))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for written, group in [*together.items(), *in_turn]:
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in written)
            cursor.executemany(
                f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
                f"WHERE {quote(meta.pk.column)} = %s",
                [
                    [
                        *(f.get_db_prep_save(getattr(a, f.attname), connection) for f in written),
                        a.pk,
                    ]
                    for a in group
                ],
            )
    for actor, ids in zip(actors, sector_ids, strict=True):
        if ids is not None:
            actor.sectors.set(ids)  # few actors change sectors: as `actor_update` does
    actor_derived_refresh(actor_ids=[actor.pk for actor in actors])
    return actors
