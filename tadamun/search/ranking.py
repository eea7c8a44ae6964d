"""The final order of the best candidates the engine found.

The engines rank by bm25 (SQLite) or ts_rank (PostgreSQL), which weigh words but know
nothing of names. Among the first candidates of a tier, Tadamun orders by:

1. how strongly the name holds the query's terms: a term found as a word of the name (or
   as one of its concept's words) counts 1; a term found by its phonetic key counts as
   much as the two words sound alike (Amana is closer to الأمانة than Imane is);
2. how completely the query covers the name (an exact name before a longer one);
3. the engine's order.
"""

from dataclasses import dataclass

from tadamun.search.analyse import content_words
from tadamun.search.models import SearchDocument
from tadamun.search.phonetic import sound_similarity, word_keys
from tadamun.search.query import Query, Term
from tadamun.search.text import stem, word_forms


@dataclass
class Candidate:
    actor_id: int
    position: int
    names: list[list[str]]  # the content words of each of its names

    def __post_init__(self):
        self.words = [w for name in self.names for w in name]
        self.forms = {f for w in self.words for f in word_forms(w)}
        self.keys = {w: word_keys(w) for w in self.words}


def _literal(term: Term, candidate: Candidate) -> bool:
    for word in term.words:
        if word_forms(word) & candidate.forms:
            return True
        if len(word) >= 4 and any(w.startswith(word) for w in candidate.words):
            return True
    return bool(term.variant_words & candidate.forms)


def term_strength(term: Term, candidate: Candidate) -> float:
    """How strongly a candidate's name holds a term, from 0 to 1."""
    if _literal(term, candidate):
        return 1.0
    if not term.keys:
        return 0.0
    best = 0.0
    for word, keys in candidate.keys.items():
        if keys & term.keys:
            best = max(best, max(sound_similarity(typed, word) for typed in term.words))
    return best


def _covers(term: Term, word: str) -> bool:
    normal = stem(word)
    for typed in term.words:
        if word == typed or normal == stem(typed) or (len(typed) >= 4 and word.startswith(typed)):
            return True
    if normal in term.variant_words or word in term.variant_words:
        return True
    return bool(term.keys and word_keys(word) & term.keys)


def name_coverage(query: Query, words: list[str], covers=_covers) -> float:
    """Share of a name's words that the query accounts for (1.0: the query is the name)."""
    if not words:
        return 0.0
    covered = sum(1 for w in words if any(covers(t, w) for t in query.terms))
    return covered / len(words)


def _candidates(actor_ids: list[int]) -> list[Candidate]:
    rows = SearchDocument.objects.filter(actor_id__in=actor_ids).values_list(
        "actor_id", "actor__name_ar", "actor__name_fr", "actor__name_en"
    )
    by_id = {row[0]: [n for n in row[1:] if n] for row in rows}
    return [
        Candidate(
            actor_id=actor_id,
            position=position,
            names=[content_words(name) for name in by_id[actor_id]],
        )
        for position, actor_id in enumerate(actor_ids)
        if actor_id in by_id
    ]


def rerank(query: Query, actor_ids: list[int]) -> list[int]:
    """The candidates of one tier, best first."""
    memo: dict[tuple[int, str], bool] = {}
    term_index = {id(term): n for n, term in enumerate(query.terms)}

    def covers(term: Term, word: str) -> bool:
        key = (term_index[id(term)], word)
        if key not in memo:
            memo[key] = _covers(term, word)
        return memo[key]

    def key(candidate: Candidate):
        strength = sum(term_strength(term, candidate) for term in query.terms)
        coverage = max((name_coverage(query, n, covers) for n in candidate.names), default=0.0)
        return (-round(strength, 2), -round(coverage, 3), candidate.position)

    return [c.actor_id for c in sorted(_candidates(actor_ids), key=key)]
