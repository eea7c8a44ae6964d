"""What the search index holds for an actor: its words, folded, in three fields.

- names: every word of every name (Arabic, French, English) and its stems;
- body: its descriptions and address, with their stems;
- codes: tokens that are not words: the phonetic keys of its names' words (0…), how many
  words each name has (nl…), and the codes of the concepts it is tagged with or names: its
  legal form, sectors, place with every place that contains it, country, women-led and
  youth-led markers, and the legal forms, sectors, activities and markers its names and
  descriptions mention (see analyse.py).

Words are stored with their stems (تعاونيات and تعاونية meet at تعاون, coopératives and
coopérative at cooperativ), so a query matches whichever form it was typed in.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tadamun.directory.models import Actor
from tadamun.places.selectors import place_index
from tadamun.search import codes
from tadamun.search.analyse import Thesaurus, content_words, thesaurus
from tadamun.search.phonetic import word_keys
from tadamun.search.text import tokens, word_forms


@lru_cache(maxsize=200_000)
def _word_forms_in_order(word: str) -> tuple[str, ...]:
    """A word and its stems (the words of a directory repeat: once each)."""
    return (word, *sorted(word_forms(word) - {word}))


def indexed_words(*texts: str) -> str:
    """The words of some texts with their stems, each once, in order."""
    words: dict[str, None] = {}
    for text in texts:
        for word in tokens(text):
            for form in _word_forms_in_order(word):
                words[form] = None
    return " ".join(words)


# What a context remembers of each distinct text, at most this many texts.
REMEMBERED_TEXTS = 200_000


@dataclass
class IndexingContext:
    """What building documents reads once per batch rather than once per actor, and what
    it found for each distinct text (names and descriptions repeat: "Coopérative
    agricole", the same description on every row of a registry)."""

    thesaurus: Thesaurus
    places: dict[tuple[int | None, str], list[str]] = field(default_factory=dict)
    # text -> the codes of the concepts it mentions, its words with their stems, and (for
    # a name) the phonetic keys of its words and how many there are.
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keys: dict[str, tuple[frozenset[str], int]] = field(default_factory=dict)
    # The parts of a document that an actor's names alone give, and its texts alone
    # (records share their names, and their descriptions and addresses, whole).
    named: dict[tuple[str, ...], tuple[str, list[str], int, frozenset[str]]] = field(
        default_factory=dict
    )
    described: dict[tuple[str, ...], tuple[str, frozenset[str]]] = field(default_factory=dict)

    def name_part(self, names: tuple[str, ...]) -> tuple[str, list[str], int, frozenset[str]]:
        """The words of names with their stems, their phonetic and length codes, the
        length of the shortest, and the concepts they mention."""
        found = self.named.get(names)
        if found is None:
            if len(self.named) >= REMEMBERED_TEXTS:
                self.named.clear()
            name_codes_found, shortest = name_codes(list(names), self)
            mentioned: frozenset[str] = frozenset()
            for text in names:
                mentioned |= self.tag(text)
            found = self.named[names] = (
                self.indexed_words(*names),
                name_codes_found,
                shortest,
                mentioned,
            )
        return found

    def text_part(self, texts: tuple[str, ...]) -> tuple[str, frozenset[str]]:
        """The words of descriptions and an address (the last text) with their stems, and
        the concepts the descriptions mention."""
        found = self.described.get(texts)
        if found is None:
            if len(self.described) >= REMEMBERED_TEXTS:
                self.described.clear()
            mentioned: frozenset[str] = frozenset()
            for text in texts[:-1]:
                if text:
                    mentioned |= self.tag(text)
            found = self.described[texts] = (self.indexed_words(*texts), mentioned)
        return found

    def place_codes(self, place_id: int | None, country_id: str) -> list[str]:
        key = (place_id, country_id)
        if key not in self.places:
            index = place_index()
            place = index.by_id.get(place_id) if place_id else None
            found = [codes.place(p.pk) for p in place.ancestors()] if place else []
            self.places[key] = [*found, codes.country(country_id)]
        return self.places[key]

    def tag(self, text: str) -> frozenset[str]:
        """`Thesaurus.tag`, once per distinct text."""
        found = self.tags.get(text)
        if found is None:
            if len(self.tags) >= REMEMBERED_TEXTS:
                self.tags.clear()
            found = self.tags[text] = frozenset(self.thesaurus.tag(text))
        return found

    def word_forms(self, text: str) -> tuple[str, ...]:
        """The words of a text with their stems, in order (repeats kept)."""
        found = self.forms.get(text)
        if found is None:
            if len(self.forms) >= REMEMBERED_TEXTS:
                self.forms.clear()
            found = self.forms[text] = tuple(
                form for word in tokens(text) for form in _word_forms_in_order(word)
            )
        return found

    def indexed_words(self, *texts: str) -> str:
        """`indexed_words`, with what each text gives remembered."""
        return " ".join(dict.fromkeys(form for text in texts for form in self.word_forms(text)))

    def name_keys(self, name: str) -> tuple[frozenset[str], int]:
        """The phonetic keys of a name's words, and how many they are."""
        found = self.keys.get(name)
        if found is None:
            if len(self.keys) >= REMEMBERED_TEXTS:
                self.keys.clear()
            words = content_words(name)
            keys: set[str] = set()
            for word in words:
                keys |= word_keys(word)
            found = self.keys[name] = (frozenset(keys), len(words))
        return found


_contexts: dict = {}


def indexing_context() -> IndexingContext:
    """A context for the thesaurus and places in force, shared by the batches that index
    while they are (what it remembers of texts depends on nothing else)."""
    book, index = thesaurus(), place_index()
    context = _contexts.get("context")
    if context is None or context.thesaurus is not book or _contexts.get("index") is not index:
        context = IndexingContext(thesaurus=book)
        _contexts.update(context=context, index=index)
    return context


def name_codes(names: list[str], context: IndexingContext | None = None) -> tuple[list[str], int]:
    """Phonetic keys of the words of names and their lengths; the shortest length."""
    keys: set[str] = set()
    lengths: set[int] = set()
    for name in names:
        if context is None:
            words = content_words(name)
            name_keys: set[str] = set()
            for word in words:
                name_keys |= word_keys(word)
            count = len(words)
        else:
            name_keys, count = context.name_keys(name)
        if count:
            lengths.add(count)
        keys |= name_keys
    found = [codes.phonetic(k) for k in sorted(keys)]
    found += [codes.name_length(n) for n in sorted(lengths)]
    return found, min(lengths, default=0)


def document_fields(
    actor: Actor, sector_ids: Iterable[int], context: IndexingContext
) -> dict[str, str]:
    names = tuple(n for n in (actor.name_ar, actor.name_fr, actor.name_en) if n)
    names_words, found_codes, shortest, mentioned = context.name_part(names)
    body, described = context.text_part(
        (actor.description_ar, actor.description_fr, actor.description_en, actor.address)
    )
    actor_codes = list(found_codes)
    if actor.legal_form_id:
        actor_codes.append(codes.legal_form(actor.legal_form_id))
    actor_codes += [codes.sector(s) for s in sector_ids]
    actor_codes += context.place_codes(
        actor.place_id or actor.admin2_id or actor.admin1_id, actor.country_id
    )
    if actor.women_led:
        actor_codes.append(codes.WOMEN_LED)
    if actor.youth_led:
        actor_codes.append(codes.YOUTH_LED)
    actor_codes += sorted(mentioned | described)
    return {
        "names": names_words,
        "body": body,
        "codes": " ".join(dict.fromkeys(actor_codes)),
        "name_words": min(shortest, 32767),
    }
