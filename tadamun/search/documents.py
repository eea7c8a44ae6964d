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

from tadamun.directory.models import Actor
from tadamun.places.selectors import place_index
from tadamun.search import codes
from tadamun.search.analyse import Thesaurus, content_words, thesaurus
from tadamun.search.phonetic import word_keys
from tadamun.search.text import tokens, word_forms


def indexed_words(*texts: str) -> str:
    """The words of some texts with their stems, each once, in order."""
    words: dict[str, None] = {}
    for text in texts:
        for word in tokens(text):
            for form in (word, *sorted(word_forms(word) - {word})):
                words[form] = None
    return " ".join(words)


@dataclass
class IndexingContext:
    """What building documents reads once per batch rather than once per actor."""

    thesaurus: Thesaurus
    places: dict[tuple[int | None, str], list[str]] = field(default_factory=dict)

    def place_codes(self, place_id: int | None, country_id: str) -> list[str]:
        key = (place_id, country_id)
        if key not in self.places:
            index = place_index()
            place = index.by_id.get(place_id) if place_id else None
            found = [codes.place(p.pk) for p in place.ancestors()] if place else []
            self.places[key] = [*found, codes.country(country_id)]
        return self.places[key]


def indexing_context() -> IndexingContext:
    return IndexingContext(thesaurus=thesaurus())


def name_codes(names: list[str]) -> tuple[list[str], int]:
    """Phonetic keys of the words of names and their lengths; the shortest length."""
    keys: set[str] = set()
    lengths: set[int] = set()
    for name in names:
        words = content_words(name)
        if words:
            lengths.add(len(words))
        for word in words:
            keys |= word_keys(word)
    found = [codes.phonetic(k) for k in sorted(keys)]
    found += [codes.name_length(n) for n in sorted(lengths)]
    return found, min(lengths, default=0)


def document_fields(
    actor: Actor, sector_ids: Iterable[int], context: IndexingContext
) -> dict[str, str]:
    names = [n for n in (actor.name_ar, actor.name_fr, actor.name_en) if n]
    descriptions = [actor.description_ar, actor.description_fr, actor.description_en]
    actor_codes, shortest = name_codes(names)
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
    mentioned: set[str] = set()
    for text in [*names, *descriptions]:
        mentioned |= context.thesaurus.tag(text)
    actor_codes += sorted(mentioned)
    return {
        "names": indexed_words(*names),
        "body": indexed_words(*descriptions, actor.address),
        "codes": " ".join(dict.fromkeys(actor_codes)),
        "name_words": min(shortest, 32767),
    }
