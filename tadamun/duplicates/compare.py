"""Comparing the pairs a scan's blocking gives, on every core for a big scan.

A pair is first weighed on what is cheap (everything but the names, summed without making
the reasons): if even identical names, as common as theirs are in the region, could not
lift it to the threshold, it is not compared further. Only the others get their names
compared and their reasons written. Which pairs are proposed, and their scores, are the
same as comparing every pair in full.

A scan of many actors forks worker processes once everything is in memory (the profiles,
the groups): they share it with the scanning process, compare interleaved slices of the
actors, and send back only the pairs found. The database is not touched in them.
"""

import gc
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass

from tadamun.duplicates.blocking import name_key, partners
from tadamun.duplicates.profiles import Profile
from tadamun.duplicates.scoring import (
    NAME_WEIGHTS,
    PRIOR,
    THRESHOLD,
    could_reach,
    name_evidence,
    other_evidence,
    others_weight,
    score,
)

# Below this many actors to compare, forking costs more than it saves.
PARALLEL_FROM = 50_000
# Slices of the actors per worker (interleaved, so that each gets its share of big blocks).
SLICES_PER_WORKER = 8

# A pair whose other evidence weighs less than this cannot be lifted by any name.
_HOPELESS = -PRIOR - NAME_WEIGHTS[-1][1] - 1e-9


@dataclass
class Found:
    """A pair to propose: ids (smaller first), score, reasons [[code, value, weight]…]."""

    a: int
    b: int
    score: float
    reasons: list


def name_count(a: Profile, b: Profile, sizes: dict[str, int]) -> int:
    """How many actors of the region share the rarest word key the two names share."""
    shared = a.keys & b.keys
    counts = [sizes.get(name_key(a, k), 1) for k in shared]
    return min(counts, default=1)


@dataclass
class Work:
    profiles: dict[int, Profile]
    groups: list[list[int]]
    membership: dict[int, list[int]]
    sizes: dict[str, int]
    decided: set[tuple[int, int]]
    focus: set[int] | None = None


def compare_owners(work: Work, owners: Sequence[int]) -> tuple[list[Found], int, int]:
    """Compare each of `owners` with its partners. Returns the pairs found, how many pairs
    were compared (decided pairs are not) and how many had their names compared."""
    profiles, sizes, decided = work.profiles, work.sizes, work.decided
    found: list[Found] = []
    compared = named = 0
    for owner, others in partners(owners, work.groups, work.membership, work.focus):
        p_owner = profiles[owner]
        for other in others:
            if owner < other:
                a, b, pa, pb = owner, other, p_owner, profiles[other]
            else:
                a, b, pa, pb = other, owner, profiles[other], p_owner
            if decided and (a, b) in decided:
                continue
            compared += 1
            weight = others_weight(pa, pb)
            if weight < _HOPELESS:
                continue
            count = name_count(pa, pb, sizes)
            if not could_reach(weight, count):
                continue
            named += 1
            reasons = [name_evidence(pa, pb, count), *other_evidence(pa, pb)]
            value = score(reasons)
            if value >= THRESHOLD:
                found.append(
                    Found(a, b, round(value, 4), [[e.code, e.value, e.weight] for e in reasons])
                )
    return found, compared, named


_WORK: Work | None = None


def _compare_slice(owners: Sequence[int]) -> tuple[list[Found], int, int]:
    assert _WORK is not None
    return compare_owners(_WORK, owners)


def workers_available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def compare(
    work: Work, owners: Sequence[int], *, workers: int | None = None
) -> tuple[list[Found], int, int]:
    """Compare every owner with its partners, in `workers` processes (all the cores by
    default, one for small scans). The pairs found are in increasing order."""
    workers = workers or workers_available()
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if workers <= 1 or len(owners) < PARALLEL_FROM or not can_fork:
        found, compared, named = compare_owners(work, owners)
    else:
        global _WORK
        _WORK = work
        slices = [
            owners[i :: workers * SLICES_PER_WORKER] for i in range(workers * SLICES_PER_WORKER)
        ]
        gc.collect()
        gc.freeze()  # the forked workers then leave the shared objects' pages unwritten
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_compare_slice, slices, chunksize=1)
        finally:
            _WORK = None
            gc.unfreeze()
        found = [f for part, _c, _n in results for f in part]
        compared = sum(c for _f, c, _n in results)
        named = sum(n for _f, _c, n in results)
    found.sort(key=lambda f: (f.a, f.b))
    return found, compared, named
