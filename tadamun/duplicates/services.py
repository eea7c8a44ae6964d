"""Finding duplicates (a scan of everything, or of the actors an import wrote) and what
staff do with them: merge, field by field, undo a merge, or say two are not the same."""

import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tadamun.core.bulk import bulk_cache, chunks, insert_objects
from tadamun.directory.models import Actor, ActorSource
from tadamun.directory.services import actor_delete, actor_derived_refresh, actor_update
from tadamun.duplicates import blocking, profiles, scoring
from tadamun.duplicates.blocking import blocks_of, comparison_groups, groups_by_actor
from tadamun.duplicates.compare import Work, compare
from tadamun.duplicates.keys import duplicates_keys_refresh, keys_owed, keys_replace_all
from tadamun.duplicates.models import BlockKey, Candidate, Merge
from tadamun.duplicates.profiles import IDS_PER_QUERY, load_profiles

logger = logging.getLogger(__name__)


@dataclass
class ScanResult:
    actors: int = 0
    pairs_compared: int = 0
    candidates: int = 0
    oversized_blocks: int = 0
    # Pairs whose names were compared: the others could not reach the threshold whatever
    # their names.
    names_compared: int = 0
    stats: dict = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "stats"}


class Phases:
    """The time and a count of each step of a scan (`tadamun duplicates scan --json`,
    bench/duplicates/scan_speed.py)."""

    def __init__(self, stats: dict) -> None:
        self.rows = stats.setdefault("phases", [])

    @contextmanager
    def __call__(self, name: str, what: str = "") -> Iterator[dict]:
        row = {"phase": name, "what": what, "count": None}
        started = time.perf_counter()
        yield row
        row["seconds"] = round(time.perf_counter() - started, 2)
        self.rows.append(row)


def _decided() -> set[tuple[int, int]]:
    return set(
        Candidate.objects.exclude(status=Candidate.Status.PENDING).values_list(
            "actor_a_id", "actor_b_id"
        )
    )


def _compare(work: Work, owners: list[int], result: ScanResult, phases: Phases) -> list[Candidate]:
    with phases("compare pairs", "pairs compared") as row:
        found, result.pairs_compared, result.names_compared = compare(work, owners)
        row["count"] = result.pairs_compared
    result.stats["names_compared"] = result.names_compared
    return [
        Candidate(actor_a_id=f.a, actor_b_id=f.b, score=f.score, reasons=f.reasons) for f in found
    ]


def _store(found: list[Candidate], result: ScanResult, phases: Phases) -> None:
    with phases("store candidates", "candidates") as row:
        with bulk_cache():
            for start in range(0, len(found), 50_000):
                insert_objects(Candidate, found[start : start + 50_000])
        row["count"] = result.candidates = len(found)


@transaction.atomic
def duplicates_scan(
    *, actor_ids: Iterable[int] | None = None, renew_keys: bool = True
) -> ScanResult:
    """Find the probable duplicates among all actors (and renew every blocking key, unless
    `renew_keys` is false), or between the given actors and all others. Pairs staff
    decided about are kept as they are; pending pairs are found anew. While keys are owed
    (`keys_owed_mark`), any scan is a full one that renews them: the stored keys cannot
    tell who the given actors' partners are."""
    owed = keys_owed()
    if actor_ids is not None and not owed:
        return _scan_some(sorted(set(actor_ids)))
    renew_keys = renew_keys or owed
    result = ScanResult()
    phases = Phases(result.stats)
    with phases("load profiles", "actors") as row:
        profiles = load_profiles()
        row["count"] = result.actors = len(profiles)
    with phases("blocking keys", "keys") as row:
        blocks = blocks_of(profiles.values())
        row["count"] = sum(len(members) for members in blocks.values())
    if renew_keys:
        with phases("store keys", "keys") as row:
            row["count"] = keys_replace_all(blocks)
    with phases("group keys", "blocks of 2 actors or more") as row:
        sizes = {key: len(members) for key, members in blocks.items() if len(members) > 1}
        row["count"] = len(sizes)
    with phases("split blocks", "groups compared pairwise") as row:
        groups = comparison_groups(
            (m for m in blocks.values() if len(m) > 1), profiles, result.stats
        )
        del blocks
        membership = groups_by_actor(groups)
        row["count"] = len(groups)
    result.oversized_blocks = result.stats["oversized"]
    with phases("clear pending", "decided pairs") as row:
        Candidate.objects.pending().delete()
        decided = _decided()
        row["count"] = len(decided)
    work = Work(profiles, groups, membership, sizes, decided)
    _store(_compare(work, sorted(membership), result, phases), result, phases)
    logger.info("duplicates scan: %s", result.summary())
    return result


def _scan_some(actor_ids: list[int]) -> ScanResult:
    result = ScanResult()
    phases = Phases(result.stats)
    profiles = load_profiles(actor_ids)
    result.actors = len(profiles)
    # Their keys, as every write of an actor stored them (`duplicates_keys_refresh`).
    keys: set[str] = set()
    for chunk in chunks(list(profiles), IDS_PER_QUERY):
        keys.update(BlockKey.objects.filter(actor_id__in=chunk).values_list("key", flat=True))
    keys = sorted(keys)
    blocks: dict[str, list[int]] = defaultdict(list)
    for chunk in chunks(keys, IDS_PER_QUERY):
        for key, actor_id in BlockKey.objects.filter(key__in=chunk).values_list("key", "actor_id"):
            blocks[key].append(actor_id)
    sizes = {key: len(members) for key, members in blocks.items()}
    others = {m for members in blocks.values() for m in members} - set(profiles)
    profiles |= load_profiles(others)
    groups = comparison_groups(blocks.values(), profiles, result.stats)
    result.oversized_blocks = result.stats["oversized"]
    for chunk in chunks(actor_ids, IDS_PER_QUERY):
        Candidate.objects.pending().filter(actor_a_id__in=chunk).delete()
        Candidate.objects.pending().filter(actor_b_id__in=chunk).delete()
    focus = set(actor_ids)
    work = Work(profiles, groups, groups_by_actor(groups), sizes, _decided(), focus)
    _store(_compare(work, actor_ids, result, phases), result, phases)
    logger.info("duplicates scan of %s actors: %s", len(actor_ids), result.summary())
    return result


def duplicates_memory_release() -> None:
    """Forget what scans remember about names (their parts, keys, shared values and
    similarities), for a process that goes on serving pages after a scan (an import job):
    a hundred thousand actors' worth is about a hundred megabytes. Each module forgets
    only what it computes again as it was (`caches_clear`)."""
    for module in (profiles, blocking, scoring):
        module.caches_clear()


def duplicates_scan_after_import(*, actor_ids: Iterable[int]) -> ScanResult | None:
    """Compare the actors an import created or changed with everyone (nothing to do when
    it wrote none). When they are half the directory or more (a first import), the full
    scan does it: it finds the same pairs for them, and compares everyone at once rather
    than looking up each of their keys among the others'. It leaves the stored keys as
    they are, unless a first import left its actors' keys to it (`keys_owed`): every
    other write keeps them in step, and `tadamun duplicates scan` renews them all."""
    actor_ids = list(actor_ids)
    if not actor_ids:
        return None
    if 2 * len(set(actor_ids)) >= Actor.objects.count():
        return duplicates_scan(renew_keys=False)
    return duplicates_scan(actor_ids=actor_ids)


@transaction.atomic
def candidate_dismiss(*, candidate: Candidate, by) -> Candidate:
    """Two actors are not the same organisation: remembered, never proposed again."""
    candidate.status = Candidate.Status.DISTINCT
    candidate.decided_at = timezone.now()
    candidate.decided_by = by
    candidate.save(update_fields=["status", "decided_at", "decided_by"])
    logger.info("duplicates: %s marked distinct by user %s", candidate, getattr(by, "pk", None))
    return candidate


# What staff choose between, field by field, when merging: groups of fields that go
# together (a place with its country, a latitude with its longitude).
MERGE_GROUPS: dict[str, tuple[str, ...]] = {
    "name_ar": ("name_ar",),
    "name_fr": ("name_fr",),
    "name_en": ("name_en",),
    "legal_form": ("legal_form_id",),
    "status": ("status",),
    "place": ("country_id", "place_id"),
    "address": ("address",),
    "coordinates": ("latitude", "longitude"),
    "phone": ("phone",),
    "email": ("email",),
    "website": ("website",),
    "founded": ("founded",),
    "members": ("members_women", "members_men"),
    "employees": ("employees",),
    "women_led": ("women_led",),
    "youth_led": ("youth_led",),
    "description_ar": ("description_ar",),
    "description_fr": ("description_fr",),
    "description_en": ("description_en",),
}
SECTORS = "sectors"  # choice "a", "b" or "both"


def _plain(values: dict) -> dict:
    """Values as JSON keeps them (dates as ISO text)."""
    return json.loads(DjangoJSONEncoder().encode(values))


def _values(actor: Actor) -> dict:
    return _plain({f.attname: getattr(actor, f.attname) for f in Actor._meta.concrete_fields})


def _restore(values: dict) -> dict:
    return {
        f.attname: f.to_python(values[f.attname])
        for f in Actor._meta.concrete_fields
        if f.attname in values
    }


def default_choices(a: Actor, b: Actor) -> dict[str, str]:
    """Which side's value survives unless staff say otherwise: the survivor's (a) when it
    has one, else the other's."""
    choices = {}
    for group_name, attnames in MERGE_GROUPS.items():
        a_empty = all(getattr(a, n) in (None, "", False) for n in attnames)
        b_empty = all(getattr(b, n) in (None, "", False) for n in attnames)
        choices[group_name] = "b" if a_empty and not b_empty else "a"
    choices[SECTORS] = "both"
    return choices


def _protected_relations():
    """The other apps' foreign keys to an actor that forbid its deletion (a diagnostic of
    an organisation, a service it offers…): a merge moves those rows to the survivor."""
    from django.db import models

    return [
        relation
        for relation in Actor._meta.related_objects
        if relation.one_to_many and relation.on_delete is models.PROTECT
    ]


def _rows_move(moved: dict, to_actor_id: int, *, from_actor_id: int | None = None) -> dict:
    """Points the rows of `_protected_relations` at `to_actor_id`: those of `from_actor_id`
    (returning {"app.model.field": [ids]}), or those listed in `moved` (for an undo)."""
    done = {}
    for relation in _protected_relations():
        model, name = relation.related_model, relation.field.name
        key = f"{model._meta.label_lower}.{name}"
        if from_actor_id is not None:
            ids = list(model.objects.filter(**{name: from_actor_id}).values_list("pk", flat=True))
        else:
            ids = moved.get(key, [])
        if ids:
            model.objects.filter(pk__in=ids).update(**{name: to_actor_id})
            done[key] = ids
    return done


def actors_merge(*, survivor: Actor, merged: Actor, choices: dict[str, str], by) -> Merge:
    """Merge `merged` into `survivor`: the chosen values, the sectors chosen, every source
    record of both; `merged` is deleted. Everything needed to undo it is kept."""
    if survivor.pk == merged.pk:
        raise ValidationError(_("An actor cannot be merged with itself."))
    before = _values(survivor)
    merged_values = _values(merged)
    survivor_sectors = sorted(survivor.sectors.values_list("pk", flat=True))
    merged_sectors = sorted(merged.sectors.values_list("pk", flat=True))
    merged_sources = list(merged.sources.values_list("source", "source_id"))
    a, b = sorted((survivor.pk, merged.pk))
    pair = Candidate.objects.filter(actor_a_id=a, actor_b_id=b).first()
    decisions = [
        {
            "a": c.actor_a_id,
            "b": c.actor_b_id,
            "score": c.score,
            "reasons": c.reasons,
            "status": c.status,
        }
        for c in Candidate.objects.exclude(status=Candidate.Status.PENDING).filter(
            Q(actor_a=merged) | Q(actor_b=merged)
        )
    ]

    changes: dict = {}
    for group_name, attnames in MERGE_GROUPS.items():
        if choices.get(group_name, "a") == "b":
            for attname in attnames:
                if getattr(survivor, attname) != getattr(merged, attname):
                    changes[attname] = getattr(merged, attname)
    sector_choice = choices.get(SECTORS, "both")
    sectors = {
        "a": survivor_sectors,
        "b": merged_sectors,
        "both": sorted(set(survivor_sectors) | set(merged_sectors)),
    }[sector_choice]

    copied = []
    for decision in decisions:
        other = decision["b"] if decision["a"] == merged.pk else decision["a"]
        if other == survivor.pk:
            continue
        x, y = sorted((other, survivor.pk))
        _made, created = Candidate.objects.get_or_create(
            actor_a_id=x,
            actor_b_id=y,
            defaults={
                "score": decision["score"],
                "reasons": decision["reasons"],
                "status": decision["status"],
                "decided_at": timezone.now(),
                "decided_by": by,
            },
        )
        if created:
            copied.append([x, y])

    record = Merge.objects.create(
        survivor=survivor,
        survivor_name=survivor.name,
        merged_id=merged.pk,
        merged_name=merged.name,
        score=pair.score if pair else None,
        merged_by=by,
        snapshot={
            "survivor": before,
            "survivor_sectors": survivor_sectors,
            "merged": merged_values,
            "merged_sectors": merged_sectors,
            "merged_sources": merged_sources,
            "choices": choices,
            "changes": _plain(changes),
            "sectors_after": sectors,
            "pair": {"score": pair.score, "reasons": pair.reasons} if pair else None,
            "decisions": decisions,
            "copied_decisions": copied,
        },
    )
    ActorSource.objects.filter(actor=merged).update(actor=survivor)
    moved = _rows_move({}, survivor.pk, from_actor_id=merged.pk)
    if moved:
        record.snapshot["moved_rows"] = moved
        record.save(update_fields=["snapshot"])
    merged_id = merged.pk
    actor_delete(actor=merged)
    # The survivor's unique values (a name…) are written once the other one is gone.
    actor_update(actor=survivor, sectors=sectors, **changes)
    duplicates_keys_refresh(actor_ids=([survivor.pk]))
    logger.info(
        "duplicates: actor %s merged into %s by user %s (merge %s)",
        merged_id,
        survivor.pk,
        getattr(by, "pk", None),
        record.pk,
    )
    return record


@transaction.atomic
def merge_undo(*, merge: Merge, by) -> Actor:
    """Bring the merged actor back as it was, with its sources, sectors and decisions, and
    give the survivor back the values it had where nobody changed them since."""
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was already undone."), code="undone")
    if merge.survivor_id is None:
        raise ValidationError(
            _("The kept actor was deleted since: this merge cannot be undone."), code="gone"
        )
    data = merge.snapshot
    if Actor.objects.filter(pk=merge.merged_id).exists():
        raise ValidationError(_("The merged actor exists again."), code="exists")
    survivor = Actor.objects.get(pk=merge.survivor_id)

    restore = {}
    before = _restore(data["survivor"])
    for attname, value in _restore(data["changes"]).items():
        if getattr(survivor, attname) == value:  # nobody changed it since the merge
            restore[attname] = before[attname]
    current_sectors = sorted(survivor.sectors.values_list("pk", flat=True))
    sectors = data["survivor_sectors"] if current_sectors == data["sectors_after"] else None
    actor_update(actor=survivor, sectors=sectors, **restore)

    merged = Actor(**_restore(data["merged"]))
    merged.save(force_insert=True)
    merged.sectors.set(data["merged_sectors"])
    for source, source_id in data["merged_sources"]:
        ActorSource.objects.filter(source=source, source_id=source_id).update(actor=merged)
    _rows_move(data.get("moved_rows", {}), merged.pk)
    # Derived data of both (the search terms of the services each offers again included).
    actor_derived_refresh(actor_ids=[merged.pk, survivor.pk])
    for x, y in data["copied_decisions"]:
        Candidate.objects.filter(actor_a_id=x, actor_b_id=y).delete()
    for decision in data["decisions"]:
        Candidate.objects.get_or_create(
            actor_a_id=decision["a"],
            actor_b_id=decision["b"],
            defaults={
                "score": decision["score"],
                "reasons": decision["reasons"],
                "status": decision["status"],
            },
        )
    if data["pair"]:
        a, b = sorted((survivor.pk, merged.pk))
        Candidate.objects.get_or_create(
            actor_a_id=a,
            actor_b_id=b,
            defaults={"score": data["pair"]["score"], "reasons": data["pair"]["reasons"]},
        )
    duplicates_keys_refresh(actor_ids=([survivor.pk, merged.pk]))
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.save(update_fields=["undone_at", "undone_by"])
    logger.info("duplicates: merge %s undone by user %s", merge.pk, getattr(by, "pk", None))
    return merged
