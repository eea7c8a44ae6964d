"""Searching the catalogue with the directory's search (tadamun/search/).

A service's search terms are made by the same functions as an actor's search document
(documents.py): the words of its names, its provider's names and its descriptions with
their stems, the phonetic keys of the names' words (خدمة الأمل = Al Amal), the codes of
the thesaurus concepts its texts mention, of the places it serves (and of the places
they contain and are contained in), and the words of its type and audiences in Arabic,
French and English. A query is read by the same analyser (`parse_query`: clitics,
articles, stems, concepts, places, phonetic keys, slips of the keyboard), and its terms
are matched against those terms.

The catalogue holds hundreds of services, not a million actors: the structured filters
run in the database and the query's terms are matched in Python over what they leave,
with the same tiers as the directory (every term, then all but one).
"""

from collections.abc import Iterable

from tadamun.catalogue.types import AUDIENCE_WORDS, TYPE_WORDS
from tadamun.places.selectors import place_index
from tadamun.search import codes
from tadamun.search.documents import indexing_context, name_codes
from tadamun.search.query import Alternative, Query, parse_query

# Below this many services matching every term, those matching all but one follow.
PARTIAL_MATCHES_BELOW = 10


def _place_codes(place_ids: Iterable[int], country_codes: Iterable[str]) -> list[str]:
    index = place_index()
    found: list[str] = []
    served = [index.by_id[pk] for pk in place_ids if pk in index.by_id]
    for place in served:
        found += [codes.place(p.pk) for p in place.ancestors()]
        found.append(codes.country(place.country_id))
    countries = set(country_codes)
    for place in index.by_id.values():
        if place.country_id in countries or any(s in place.ancestors() for s in served):
            found.append(codes.place(place.pk))
    found += [codes.country(c) for c in sorted(countries)]
    return found


def service_terms(service, *, place_ids=None, country_codes=None) -> str:
    """The search terms of a service (its territories and countries read unless given)."""
    context = indexing_context()
    provider = service.provider
    names = [n for n in (service.name_ar, service.name_fr, service.name_en) if n]
    provider_names = [n for n in (provider.name_ar, provider.name_fr, provider.name_en) if n]
    texts = [
        service.description_ar,
        service.description_fr,
        service.description_en,
        TYPE_WORDS.get(service.service_type, ""),
        *(AUDIENCE_WORDS.get(a, "") for a in service.audience_list),
    ]
    found, _shortest = name_codes([*names, *provider_names], context)
    mentioned: set[str] = set()
    for text in [*names, *texts]:
        if text:
            mentioned |= context.tag(text)
    if "women" in service.audience_list:
        mentioned.add(codes.marker("women"))
        mentioned.add(codes.WOMEN_LED)
    if "youth" in service.audience_list:
        mentioned.add(codes.marker("youth"))
        mentioned.add(codes.YOUTH_LED)
    if place_ids is None:
        place_ids = list(service.territories.values_list("pk", flat=True))
    if country_codes is None:
        country_codes = list(service.countries.values_list("code", flat=True))
    found += _place_codes(place_ids, country_codes)
    found += sorted(mentioned)
    words = context.indexed_words(*names, *provider_names, *texts)
    return " ".join(dict.fromkeys([*words.split(), *found]))


def _alternative_matches(alternative: Alternative, terms: set[str], starts) -> bool:
    for form in alternative.forms:
        if form.prefix:
            if not any(t.startswith(form.text) for t in starts(form.text[:2])):
                return False
        elif form.text not in terms:
            return False
    return True


def terms_matched(query: Query, search_terms: str, *, words_only: bool = False) -> int:
    """How many terms of `query` a service's search terms match (by their words alone,
    not phonetic keys nor concepts, with `words_only`)."""
    terms = set(search_terms.split())
    by_start: dict[str, list[str]] = {}
    for term in terms:
        by_start.setdefault(term[:2], []).append(term)

    def starts(prefix: str) -> list[str]:
        return by_start.get(prefix, [])

    return sum(
        1
        for term in query.terms
        if any(
            _alternative_matches(a, terms, starts)
            for a in term.alternatives
            if not (words_only and any(f.codes for f in a.forms))
        )
    )


def _name_hits(query: Query, service) -> tuple[int, int]:
    """How many query terms the names of the service and of its provider hold as words,
    and in all (for the order of a tier)."""
    provider = service.provider
    names = [
        n
        for n in (service.name_ar, service.name_fr, service.name_en, *provider.names.values())
        if n
    ]
    terms = names_terms(names)
    return terms_matched(query, terms, words_only=True), terms_matched(query, terms)


def names_terms(names: list[str]) -> str:
    """The search terms of some names alone: their words, phonetic keys and concepts."""
    context = indexing_context()
    found, _n = name_codes(names, context)
    for name in names:
        found += sorted(context.tag(name))
    return " ".join([*context.indexed_words(*names).split(), *found])


def search_services(services: list, text: str) -> list:
    """The services of `services` that `text` finds, best first: those matching every
    term of the query, then (when few do) those matching all terms but one; within each,
    services whose own name holds more of the query first, then in the order given."""
    query = parse_query(text)
    if not query:
        return list(services)
    wanted = len(query.terms)
    scored = [(terms_matched(query, s.search_terms), s) for s in services]
    every = [s for n, s in scored if n == wanted]
    tiers = [every]
    if len(every) < PARTIAL_MATCHES_BELOW and wanted >= 2:
        tiers.append([s for n, s in scored if n == wanted - 1])
    results = []
    for tier in tiers:
        position = {s.pk: i for i, s in enumerate(tier)}
        hits = {s.pk: _name_hits(query, s) for s in tier}
        results += sorted(tier, key=lambda s: (-hits[s.pk][0], -hits[s.pk][1], position[s.pk]))
    return results
