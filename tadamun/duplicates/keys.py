"""The blocking keys of actors, kept in step with every write of an actor (the directory's
services call `duplicates_keys_refresh`), so that a scan of a few actors finds their
partners among all others without recomputing anyone else's keys."""

from collections.abc import Iterable

from tadamun.core.bulk import load_rows
from tadamun.duplicates.blocking import blocking_keys
from tadamun.duplicates.models import BlockKey
from tadamun.duplicates.profiles import Profile, chunks, load_profiles


def keys_store(profiles: dict[int, Profile]) -> list[tuple[str, int]]:
    """Replace the keys of these actors; returns them as (key, actor id)."""
    for chunk in chunks(list(profiles)):
        BlockKey.objects.filter(actor_id__in=chunk).delete()
    keyed = [(key, p.id) for p in profiles.values() for key in blocking_keys(p)]
    load_rows(BlockKey._meta.db_table, ["key", "actor_id"], keyed)
    return keyed


def duplicates_keys_refresh(*, actor_ids: Iterable[int]) -> None:
    """After actors were written: their keys anew (deleted actors lose theirs by cascade)."""
    keys_store(load_profiles(actor_ids))
