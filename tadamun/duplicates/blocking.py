"""Which actors are compared: those that share a blocking key.

Keys: every phonetic key of a name's words in the actor's region (its country when it has
no place; and, for typos in the words of its own, the keys one consonant shorter), the
concepts of a name made only of them ("Coopérative de tissage de Nador"), the phone, the
e-mail, the website. A key
that more than MAX_BLOCK actors share (a common name in a big region) is split by what
else the actors have (their province, their sectors, another word of their names); what is
still too big, or too big to split, is left out, and counted. The number of comparisons
stays near linear in the number of actors, never quadratic.

The blocks, once split, are "groups" whose members are compared pairwise. A pair is
compared once however many groups hold it: each actor's partners are the union of the
groups it is in (`partners`), which needs no set of every pair in memory.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from tadamun.duplicates.profiles import Profile, names_info, shared
from tadamun.search.phonetic import key_variants

MAX_BLOCK = 60
# A key shared by more actors than this (the commonest words of names in a region) is not
# split but left out: splitting it would cost more than all the rest.
MAX_SPLIT = 1000


def _consonants(key: str) -> int:
    return len(key.lstrip("vwy"))


def region(p: Profile) -> str:
    return region_of(p.admin1, p.country)


def region_of(admin1: int | None, country: str) -> str:
    return f"r{admin1}" if admin1 else f"c{country}"


def name_key(p: Profile, key: str) -> str:
    return f"n:{region(p)}:{key}"


@lru_cache(maxsize=200_000)
def _name_keys(texts: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The keys that names give, without the region: ("n", phonetic key or a variant one
    consonant shorter) and ("s", the concepts of a name made only of them)."""
    info = names_info(texts)
    found: set[tuple[str, str]] = set()
    for name in info.names:
        for word in name.words:
            # Typos are looked for in the words that say which organisation it is, not in
            # those that say what it does or where (« de tissage », « Nador »): these are
            # compared by their concept, and are the commonest words of names.
            typos = word.core and not word.concepts
            for key in word.keys:
                found.add(("n", key))
                if typos and _consonants(key) >= 3:
                    found |= {("n", v) for v in key_variants(key)}
    for name in info.names:
        if not name.words and name.concepts:
            found.add(("s", "|".join(sorted(name.concepts))))
    return tuple(sorted(found))


def blocking_keys(p: Profile) -> set[str]:
    return keys_of(
        where=region(p), name_texts=p.name_texts, phone=p.phone, email=p.email, host=p.host
    )


def keys_of(
    *, where: str, name_texts: tuple[str, ...], phone: str, email: str, host: str
) -> set[str]:
    """The keys of an actor from what they are made of (as a `Profile` holds it: the last
    digits of its phone, its e-mail folded, its website's host): for an actor at hand,
    without the rest of a profile."""
    keys = {f"{kind}:{where}:{key}" for kind, key in _name_keys(name_texts)}
    if phone:
        keys.add(f"p:{phone}")
    if email:
        keys.add(f"e:{email}")
    if host:
        keys.add(f"w:{host}")
    return keys


def refiners(p: Profile) -> frozenset[str]:
    """What splits an oversized block: the actor's province, sectors, and name keys (one
    set for the actors that have the same: hundreds of thousands of them are split)."""
    found = {f"k{k}" for k in p.keys}
    if p.admin2:
        found.add(f"a{p.admin2}")
    found |= {f"s{s}" for s in p.sectors}
    return shared(frozenset(found))


def comparison_groups(
    blocks: Iterable[list[int]], profiles: dict[int, Profile], stats: dict | None = None
) -> list[list[int]]:
    """The groups of actors to compare pairwise: the blocks of two to MAX_BLOCK actors,
    and the parts of that size of the blocks up to MAX_SPLIT, split by `refiners`. The
    parts still too big, and the blocks too big to split, are counted in
    stats["oversized"]."""
    stats = stats if stats is not None else {}
    stats.setdefault("oversized", 0)
    groups: list[list[int]] = []
    refined: dict[int, set[str]] = {}
    for members in blocks:
        if len(members) < 2:
            continue
        if len(members) <= MAX_BLOCK:
            groups.append(members)
            continue
        if len(members) > MAX_SPLIT:
            stats["oversized"] += 1
            continue
        parts: dict[str, list[int]] = defaultdict(list)
        for member in members:
            found = refined.get(member)
            if found is None:
                found = refined[member] = refiners(profiles[member])
            for refiner in found:
                parts[refiner].append(member)
        for part in parts.values():
            if len(part) < 2:
                continue
            if len(part) <= MAX_BLOCK:
                groups.append(part)
            else:
                stats["oversized"] += 1
    return groups


def groups_by_actor(groups: list[list[int]]) -> dict[int, list[int]]:
    """For each actor, the indexes of the groups it is in."""
    found: dict[int, list[int]] = defaultdict(list)
    for index, members in enumerate(groups):
        for member in members:
            found[member].append(index)
    return found


def partners(
    owners: Iterable[int],
    groups: list[list[int]],
    membership: dict[int, list[int]],
    focus: set[int] | None = None,
) -> Iterator[tuple[int, list[int]]]:
    """For each of `owners` (in the order given), the actors it is to be compared with,
    in increasing order: those sharing a group with it, each pair given once: with a
    smaller id first and, when `focus` is given, only pairs with one of its actors (a
    pair of two of them at the one with the smaller id)."""
    for a in owners:
        mine = membership.get(a)
        if not mine:
            continue
        near: set[int] = set()
        for index in mine:
            near.update(groups[index])
        if focus is None:
            found = sorted(b for b in near if b > a)
        else:
            found = sorted(b for b in near if b != a and (b > a or b not in focus))
        if found:
            yield a, found


def candidate_pairs(
    blocks: dict[str, list[int]],
    profiles: dict[int, Profile],
    *,
    focus: set[int] | None = None,
    stats: dict | None = None,
) -> set[tuple[int, int]]:
    """Pairs (smaller id first) of actors sharing a block; with `focus`, only the pairs
    with at least one of those actors."""
    groups = comparison_groups(blocks.values(), profiles, stats)
    membership = groups_by_actor(groups)
    owners = sorted(membership) if focus is None else sorted(focus)
    return {
        (a, b) if a < b else (b, a)
        for a, found in partners(owners, groups, membership, focus)
        for b in found
    }


def blocks_of(profiles: Iterable[Profile]) -> dict[str, list[int]]:
    """The actors of each blocking key, in the order of the profiles (no list of every
    (key, actor) pair: seven million for a million actors)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        for key in blocking_keys(p):
            blocks[key].append(p.id)
    return blocks


def caches_clear() -> None:
    """Forget the keys of the names seen (computed again as they were)."""
    _name_keys.cache_clear()
