"""A search query as the engines see it, built from what the user typed by `analyse.py`.

A query is a conjunction of terms. A term is what one typed word or phrase means: a set of
alternatives, any of which may match. An alternative is a conjunction of forms (a concept
written in two words, "huile d'olive", needs both). A form is a word, matched whole or as
the start of a word, in the text of the document or in its codes (phonetic keys, the codes
of its legal form, sectors and places).
"""

from dataclasses import dataclass, field

# Where a form may match: the words of the document, or its codes.
TEXT = "text"
CODES = "codes"


@dataclass(frozen=True)
class Form:
    text: str
    prefix: bool = False
    field: str = TEXT

    @property
    def codes(self) -> bool:
        return self.field == CODES


@dataclass(frozen=True)
class Alternative:
    forms: tuple[Form, ...]


@dataclass(frozen=True)
class Term:
    # The folded words the user typed for this term.
    words: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    # Concepts the term was recognised as (legal form, place, activity…), for ranking.
    concepts: frozenset[str] = field(default_factory=frozenset)
    # Phonetic keys of the typed words, and the words a concept is written with.
    keys: frozenset[str] = field(default_factory=frozenset)
    variant_words: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    # How many typed words may be words of a name (not places): a record whose name has
    # as many is a candidate for an exact match.
    name_words: int = 0

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> Query:
    from tadamun.search.analyse import analyse

    return analyse(text)
