"""From what a user typed to a `Query`, and from a record to the concepts it names.

The thesaurus gathers every concept Tadamun knows with the words that name it in Arabic,
French and English: legal forms and sectors (directory vocabularies), the activities and
markers of the search thesaurus, places and their spellings, and countries. Each concept
has a code. A search document carries the codes of the concepts its record is tagged with
(its legal form, sectors, place) or names in its text (a cooperative "de tissage", an
association "féminine"); a query that names a concept, in any language, looks for its
code: one token, however many words name it.

A typed word that names no concept matches its forms (stem, without clitics), and, for
names, any spelling with the same phonetic key. A misspelt word (one letter off a
concept's word, or sounding like a place) gets the concept's code too, without losing its
own forms; a name whose phonetic key no record has also tries the keys one edit away.

The thesaurus is built from the database and kept per process, rebuilt when staff change
it here and within five minutes in the other server processes (core/caching.py). Codes
found in a record's text are written when it is indexed: after a change to the words of a
concept, `tadamun search --reindex` brings older records in line.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from tadamun.core.caching import refreshed_every
from tadamun.search import codes
from tadamun.search.phonetic import drop_articles, key_distance, key_variants, word_keys
from tadamun.search.query import CODES, Alternative, Form, Query, Term
from tadamun.search.text import STOPWORDS, is_arabic, stem, tokens, word_forms

MAX_TERMS = 8
# Words shorter than this match whole words only: "al" must not match every "al…".
MIN_PREFIX_LENGTH = 4
# Words this long may be one letter off a concept's word.
MIN_FUZZY_LENGTH = 5
# How many keys one edit away a misspelt name may stand for.
MAX_MISSPELT_KEYS = 12
# Kinds of concept that a record's text can name (a place's name in a text is too often
# something else: "Al Medina" is "the city"; places come from the record's place).
TAGGED_FROM_TEXT = ("legal_form", "sector", "activity", "marker")


def content_words(text: str) -> list[str]:
    """Folded words of a text without articles and stopwords."""
    return list(_content_words(text))


@lru_cache(maxsize=50_000)
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in drop_articles(tokens(text)) if w not in STOPWORDS)


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in content_words(text))


@dataclass
class Entry:
    key: str  # kind:identifier, e.g. legal_form:cooperative
    code: str  # what a record's text mentioning it is tagged with
    # What records tagged with it by their own fields carry (a legal form, a place…).
    field_code: str | None = None
    words: set[str] = field(default_factory=set)  # the stems of every word naming it

    @property
    def codes(self) -> list[str]:
        return [c for c in (self.field_code, self.code) if c]

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


@dataclass
class Thesaurus:
    entries: dict[str, Entry] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    longest: int = 1
    # Single-word phrases by their one-letter deletions, for misspellings.
    deletions: dict[str, set[str]] = field(default_factory=dict)
    # Places by the phonetic keys of their one-word spellings.
    place_keys: dict[str, set[str]] = field(default_factory=dict)

    def add(self, key: str, code: str, spellings, field_code: str | None = None) -> None:
        entry = self.entries.setdefault(key, Entry(key=key, code=code, field_code=field_code))
        for spelling in _with_parts(spellings):
            phrase = phrase_key(spelling)
            if phrase:
                entry.words |= set(phrase)
                self.phrases.setdefault(phrase, set()).add(key)
                self.longest = max(self.longest, len(phrase))

    def index_misspellings(self) -> None:
        for phrase, keys in self.phrases.items():
            if len(phrase) != 1:
                continue
            if len(phrase[0]) >= MIN_FUZZY_LENGTH:
                for deletion in _deletions(phrase[0]):
                    self.deletions.setdefault(deletion, set()).add(phrase[0])
            for key in keys:
                if self.entries[key].kind == "place":
                    for phonetic_key in word_keys(phrase[0]):
                        if _consonants(phonetic_key) >= 3:
                            self.place_keys.setdefault(phonetic_key, set()).add(key)

    def longest_phrase(self, normals: list[set[str]], start: int) -> tuple[int, set[str]]:
        """(words, concept keys) of the longest phrase starting at `start`; (0, ∅) if none."""
        for size in range(min(self.longest, len(normals) - start), 0, -1):
            for candidate in product(*normals[start : start + size]):
                if candidate in self.phrases:
                    return size, self.phrases[candidate]
        return 0, set()

    def tag(self, text: str) -> set[str]:
        """Codes of the concepts a record's text names (see TAGGED_FROM_TEXT)."""
        normals = [normal_forms(w) for w in content_words(text)]
        found: set[str] = set()
        position = 0
        while position < len(normals):
            size, keys = self.longest_phrase(normals, position)
            for key in keys:
                entry = self.entries[key]
                if entry.kind in TAGGED_FROM_TEXT and entry.code:
                    found.add(entry.code)
            position += size or 1
        return found


@lru_cache(maxsize=200_000)
def normal_forms(word: str) -> frozenset[str]:
    """The stems of a word's forms, as the thesaurus's phrases are written (once per
    word: the words of a directory repeat)."""
    return frozenset(stem(f) for f in word_forms(word))


def _with_parts(spellings):
    """Spellings, and the two parts of one written "name (abbreviation)"."""
    for spelling in spellings:
        yield spelling
        if "(" in spelling and spelling.rstrip().endswith(")"):
            name, _, inside = spelling.rstrip()[:-1].partition("(")
            yield name
            yield inside


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _consonants(key: str) -> int:
    return len(key.lstrip("vwy"))


def build_thesaurus() -> Thesaurus:
    from tadamun.directory.models import LegalForm, Sector
    from tadamun.places.models import PlaceName
    from tadamun.places.selectors import place_index
    from tadamun.search.models import Concept

    book = Thesaurus()
    for form in LegalForm.objects.all():
        book.add(
            f"legal_form:{form.code}",
            codes.mentioned_legal_form(form.pk),
            [form.name_ar, form.name_fr, form.name_en, *form.synonym_list()],
            field_code=codes.legal_form(form.pk),
        )
    for sector in Sector.objects.all():
        book.add(
            f"sector:{sector.code}",
            codes.mentioned_sector(sector.pk),
            [sector.name_ar, sector.name_fr, sector.name_en, *sector.synonym_list()],
            field_code=codes.sector(sector.pk),
        )
    for concept in Concept.objects.all():
        if concept.kind == Concept.Kind.MARKER:
            book.add(
                f"marker:{concept.code}",
                codes.marker(concept.code),
                concept.terms(),
                field_code=codes.MARKER_FLAGS.get(concept.code),
            )
        else:
            book.add(f"activity:{concept.code}", codes.activity(concept.pk), concept.terms())
    index = place_index()
    spellings: dict[int, list[str]] = {}
    for place_id, name in PlaceName.objects.values_list("place_id", "name"):
        spellings.setdefault(place_id, []).append(name)
    for place in index.by_id.values():
        book.add(
            f"place:{place.code}",
            "",
            [place.name_ar, place.name_fr, place.name_en, *spellings.get(place.pk, [])],
            field_code=codes.place(place.pk),
        )
    for country in index.countries.values():
        if country.min_latitude is not None:  # the countries of the region Tadamun serves
            book.add(
                f"country:{country.code}",
                "",
                [country.name_ar, country.name_fr, country.name_en],
                field_code=codes.country(country.code),
            )
    book.index_misspellings()
    return book


@refreshed_every(300)
def thesaurus() -> Thesaurus:
    return build_thesaurus()


def thesaurus_clear() -> None:
    thesaurus.cache_clear()


def misspelt_keys(keys: set[str]) -> set[str]:
    """Keys of the index one edit away from a word's keys, when none of these is indexed
    (a name nobody wrote is probably a slip of the keyboard)."""
    from tadamun.search.models import PhoneticVariant

    worth_correcting = {k for k in keys if _consonants(k) >= 2}
    if not worth_correcting:
        return set()
    if PhoneticVariant.objects.filter(variant__in=keys, key__in=keys).exists():
        return set()
    variants = {v for k in worth_correcting for v in key_variants(k)}
    found = PhoneticVariant.objects.filter(variant__in=variants).values_list("key", flat=True)

    def distance(key: str) -> int:
        return min(key_distance(key, k) for k in worth_correcting)

    near = sorted(
        (key for key in set(found) if distance(key) <= 1), key=lambda key: (distance(key), key)
    )
    return set(near[:MAX_MISSPELT_KEYS])


def _misspelt_concepts(word: str, book: Thesaurus) -> set[str]:
    """Concepts a word may mean though it is not exactly one of their words."""
    found: set[str] = set()
    normal = stem(word)
    if len(normal) >= MIN_FUZZY_LENGTH and not is_arabic(normal):
        candidates = set(book.deletions.get(normal, ()))
        for deletion in _deletions(normal):
            candidates |= book.deletions.get(deletion, set())
            if (deletion,) in book.phrases:
                candidates.add(deletion)
        for candidate in candidates:
            found |= book.phrases.get((candidate,), set())
    for key in word_keys(word):
        if _consonants(key) >= 3:
            found |= book.place_keys.get(key, set())
    return found


def _code_alternatives(entries: list[Entry]) -> list[Alternative]:
    return [Alternative((Form(code, field=CODES),)) for e in entries for code in e.codes]


def _concept_term(words: tuple[str, ...], keys: set[str], book: Thesaurus) -> Term:
    entries = [book.entries[k] for k in sorted(keys)]
    alternatives = _code_alternatives(entries)
    if any(e.kind in ("place", "country") for e in entries):
        # A place is its records' place; the typed words find it in an address too.
        alternatives.append(Alternative(tuple(Form(stem(w)) for w in words)))
    return Term(
        words=words,
        alternatives=tuple(alternatives),
        concepts=frozenset(keys),
        variant_words=frozenset(w for e in entries for w in e.words),
    )


def _word_term(word: str, book: Thesaurus) -> Term:
    alternatives = [Alternative((Form(word, prefix=len(word) >= MIN_PREFIX_LENGTH),))]
    for form in sorted(word_forms(word) - {word}):
        alternatives.append(Alternative((Form(form),)))
    keys = word_keys(word)
    keys |= misspelt_keys(keys)
    for key in sorted(keys):
        alternatives.append(Alternative((Form(codes.phonetic(key), field=CODES),)))
    concepts = _misspelt_concepts(word, book)
    entries = [book.entries[k] for k in sorted(concepts)]
    alternatives += _code_alternatives(entries)
    return Term(
        words=(word,),
        alternatives=tuple(dict.fromkeys(alternatives)),
        concepts=frozenset(concepts),
        keys=frozenset(keys),
        variant_words=frozenset(w for e in entries for w in e.words),
    )


def analyse(text: str) -> Query:
    words = list(dict.fromkeys(content_words(text)))
    book = thesaurus()
    normals = [normal_forms(w) for w in words]
    terms: list[Term] = []
    position = 0
    while position < len(words) and len(terms) < MAX_TERMS:
        size, keys = book.longest_phrase(normals, position)
        if size:
            terms.append(_concept_term(tuple(words[position : position + size]), keys, book))
            position += size
        else:
            terms.append(_word_term(words[position], book))
            position += 1
    name_words = sum(
        len(t.words)
        for t in terms
        if not any(book.entries[k].kind in ("place", "country") for k in t.concepts)
    )
    return Query(terms=tuple(terms), name_words=name_words)
