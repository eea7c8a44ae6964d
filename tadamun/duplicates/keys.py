"""The blocking keys of actors, kept in step with every write of an actor (the directory's
services call `duplicates_keys_refresh`), so that a scan of a few actors finds their
partners among all others without recomputing anyone else's keys. A first import is the
exception: it leaves its actors' keys to the full scan that follows it (`KeysOwed`)."""

from collections.abc import Iterable

from django.db import connection

from tadamun.core.bulk import bulk_cache, chunks, indexes_deferred, load_rows
from tadamun.duplicates.blocking import blocking_keys, keys_of, region_of
from tadamun.duplicates.models import BlockKey, KeysOwed
from tadamun.duplicates.profiles import (
    IDS_PER_QUERY,
    Profile,
    folded_email,
    load_profiles,
    name_texts,
    phone_digits,
    website_host,
)


def keys_store(profiles: dict[int, Profile]) -> list[tuple[str, int]]:
    """Replace the keys of these actors; returns them as (key, actor id)."""
    for chunk in chunks(list(profiles), IDS_PER_QUERY):
        BlockKey.objects.filter(actor_id__in=chunk).delete()
    keyed = [(key, p.id) for p in profiles.values() for key in blocking_keys(p)]
    keys_add(keyed)
    return keyed


def actor_keys(actor) -> tuple[str, ...]:
    """The blocking keys of an actor at hand (one being created: not read back), the same
    as `keys_store` finds for it once stored, from the fields they are made of (through a
    whole profile they take a fifth longer: `bench/import_profile.py --steps`). Needs no
    database: the processes that check an import's rows compute them."""
    return tuple(
        keys_of(
            where=region_of(actor.admin1_id, actor.country_id),
            name_texts=name_texts(actor.name_ar, actor.name_fr, actor.name_en),
            phone=phone_digits(actor.phone),
            email=folded_email(actor.email),
            host=website_host(actor.website),
        )
    )


def keys_owed_mark(*, reason: str) -> KeysOwed:
    """Actors are being created without their keys (a first import, in its transaction):
    the next scan writes everyone's. Delete the mark returned if none was created."""
    return KeysOwed.objects.create(reason=reason[: KeysOwed._meta.get_field("reason").max_length])


def keys_owed() -> bool:
    """Whether some actors have no keys stored yet (`keys_owed_mark`)."""
    return KeysOwed.objects.exists()


def keys_add(keyed: list[tuple[str, int]]) -> None:
    """The keys (key, actor id) of actors just created, which have none yet."""
    load_rows(BlockKey._meta.db_table, ["key", "actor_id"], keyed)


# Keys written to a statement (or a COPY) at a time when all are replaced.
KEYS_PER_WRITE = 100_000


def keys_replace_all(blocks: dict[str, list[int]]) -> int:
    """Every actor's keys anew (a full scan), from the actors of each key; returns how many.
    Tens of millions of rows for a million actors: the indexes of the keys are dropped and
    built again once they are in (`indexes_deferred`), which sorts them once instead of
    inserting each at its place (the rows come key after key, at scattered places of the
    index by actor). Inside the scan's transaction: others see the old keys until it
    commits (SQLite), or wait (PostgreSQL)."""
    table = BlockKey._meta.db_table
    written = 0
    with bulk_cache(), indexes_deferred([table]), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        rows: list[tuple[str, int]] = []
        for key, members in blocks.items():
            rows += [(key, actor_id) for actor_id in members]
            if len(rows) >= KEYS_PER_WRITE:
                load_rows(table, ["key", "actor_id"], rows)
                written += len(rows)
                rows = []
        load_rows(table, ["key", "actor_id"], rows)
        written += len(rows)
    KeysOwed.objects.all().delete()
    return written


def duplicates_keys_refresh(*, actor_ids: Iterable[int]) -> None:
    """After actors were written: their keys anew (deleted actors lose theirs by cascade)."""
    keys_store(load_profiles(actor_ids))
