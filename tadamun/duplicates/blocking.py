"""Which actors are compared: those that share a blocking key.

Keys: every phonetic key of a name's words in the actor's region (its country when it has
no place; and, for typos, the keys one consonant shorter), the concepts of a name made
only of them ("Coopérative de tissage de Nador"), the phone, the e-mail, the website. A key
that more than MAX_BLOCK actors share (a common name in a big region) is split by what
else the actors have (their province, their sectors, another word of their names); what is
still too big, or too big to split, is left out, and counted. The number of comparisons
stays near linear in the number of actors, never quadratic.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations

from tadamun.duplicates.profiles import Profile
from tadamun.search.phonetic import key_variants

MAX_BLOCK = 60
# A key shared by more actors than this (the commonest words of names in a region) is not
# split but left out: splitting it would cost more than all the rest.
MAX_SPLIT = 1000


def _consonants(key: str) -> int:
    return len(key.lstrip("vwy"))


def region(p: Profile) -> str:
    return f"r{p.admin1}" if p.admin1 else f"c{p.country}"


def name_key(p: Profile, key: str) -> str:
    return f"n:{region(p)}:{key}"


def blocking_keys(p: Profile) -> set[str]:
    where = region(p)
    keys: set[str] = set()
    for key in p.keys:
        keys.add(f"n:{where}:{key}")
        if _consonants(key) >= 3:
            keys |= {f"n:{where}:{v}" for v in key_variants(key)}
    for name in p.names:
        if not name.words and name.concepts:
            keys.add(f"s:{where}:{'|'.join(sorted(name.concepts))}")
    if p.phone:
        keys.add(f"p:{p.phone}")
    if p.email:
        keys.add(f"e:{p.email}")
    if p.host:
        keys.add(f"w:{p.host}")
    return keys


def refiners(p: Profile) -> set[str]:
    """What splits an oversized block: the actor's province, sectors, and name keys."""
    found = {f"k{k}" for k in p.keys}
    if p.admin2:
        found.add(f"a{p.admin2}")
    found |= {f"s{s}" for s in p.sectors}
    return found


def _pairs_of(members: list[int], focus: set[int] | None) -> Iterator[tuple[int, int]]:
    if focus is None:
        yield from combinations(sorted(members), 2)
        return
    inside = [m for m in members if m in focus]
    for a in inside:
        for b in members:
            if a != b and (b not in focus or a < b):
                yield (a, b) if a < b else (b, a)


def candidate_pairs(
    blocks: dict[str, list[int]],
    profiles: dict[int, Profile],
    *,
    focus: set[int] | None = None,
    stats: dict | None = None,
) -> set[tuple[int, int]]:
    """Pairs (smaller id first) of actors sharing a block; with `focus`, only the pairs
    with at least one of those actors."""
    stats = stats if stats is not None else {}
    stats.setdefault("oversized", 0)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= MAX_BLOCK:
            pairs.update(_pairs_of(members, focus))
            continue
        if len(members) > MAX_SPLIT:
            stats["oversized"] += 1
            continue
        parts: dict[str, list[int]] = defaultdict(list)
        for member in members:
            for refiner in refiners(profiles[member]):
                parts[refiner].append(member)
        for part in parts.values():
            if len(part) < 2:
                continue
            if len(part) <= MAX_BLOCK:
                pairs.update(_pairs_of(part, focus))
            else:
                stats["oversized"] += 1
    return pairs


def group(keyed: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for key, actor_id in keyed:
        blocks[key].append(actor_id)
    return blocks
