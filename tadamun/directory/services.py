"""Writes to the directory. Every change to an actor goes through here, so that its derived
fields (territories, sort names) and its search document never fall out of step.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadamun.atlas.services import atlas_actors_sync
from tadamun.core.bulk import insert_objects
from tadamun.core.i18n import localized
from tadamun.directory.models import Actor, ActorSource, Sector
from tadamun.places.selectors import place_index
from tadamun.search.services import search_index_actors, search_index_new
from tadamun.search.text import fold

DERIVED_FIELDS = ["admin1", "admin2", "sort_name", "sort_name_ar"]


def actor_derive(actor: Actor) -> None:
    """Set the fields computed from others: the territories of its place, its sort names."""
    place = place_index().by_id.get(actor.place_id) if actor.place_id else None
    if place is not None:
        if actor.country_id and place.country_id != actor.country_id:
            raise ValidationError(
                {"place": _("The place is not in the actor's country.")}, code="place_country"
            )
        actor.country_id = place.country_id
    actor.admin1 = place.ancestor_at(1) if place else None
    actor.admin2 = place.ancestor_at(2) if place else None
    actor.sort_name = fold(localized(actor, "name", "fr"))[:300]
    actor.sort_name_ar = fold(localized(actor, "name", "ar"))[:300]


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
    deleted, _by_model = Actor.objects.filter(id__in=actor_ids).delete()
    atlas_actors_sync(actor_ids=actor_ids)
    return deleted


@transaction.atomic
def actor_bulk_create(
    *,
    actors: list[Actor],
    sector_ids: list[list[int]],
    sources: list[list[tuple[str, str]]],
) -> list[Actor]:
    """Create many actors at once (imports, demo data), with their sectors and sources.

    Same rules and derived fields as `actor_save`, in a few statements per batch instead of
    a few per actor.
    """
    for actor in actors:
        actor_validate(actor)
        actor_derive(actor)
    now = timezone.now()
    for actor in actors:
        actor.created_at = actor.updated_at = now
    insert_objects(Actor, actors)
    Through = Actor.sectors.through
    insert_objects(
        Through,
        [
            Through(actor_id=actor.pk, sector_id=sector_id)
            for actor, ids in zip(actors, sector_ids, strict=True)
            for sector_id in dict.fromkeys(ids)
        ],
    )
    insert_objects(
        ActorSource,
        [
            ActorSource(actor_id=actor.pk, source=source, source_id=source_id, added_at=now)
            for actor, records in zip(actors, sources, strict=True)
            for source, source_id in records
        ],
    )
    search_index_new(actors, {a.pk: list(ids) for a, ids in zip(actors, sector_ids, strict=True)})
    atlas_actors_sync(actor_ids=[actor.pk for actor in actors])
    return actors
