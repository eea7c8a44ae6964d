"""The search service, on whichever database the suite runs (SQLite or PostgreSQL)."""

import pytest
from django.core.management import call_command

from tadamun.directory.filters import parse_filters
from tadamun.directory.services import actor_update
from tadamun.directory.tests.factories import ActorFactory
from tadamun.search.services import actor_matches, actor_search, search_reindex_all

pytestmark = pytest.mark.django_db


def names(page):
    return [a.name_fr or a.name_ar or a.name_en for a in page.actors]


def test_search_matches_names_in_every_language():
    ActorFactory(name_ar="تعاونية الأمل للنسيج", name_fr="", place="MA-BER-BERKANE")
    ActorFactory(name_fr="Association Tiwizi", place="TN-33-LEKEF")
    assert actor_search(text="الأمل").count == 1
    assert actor_search(text="tiwizi").count == 1


def test_search_is_accent_and_case_insensitive():
    ActorFactory(name_fr="Coopérative Féminine de Tissage")
    assert actor_search(text="COOPERATIVE feminine").count == 1
    assert actor_search(text="tissagé").count == 1


def test_arabic_spelling_variants_match_each_other():
    ActorFactory(name_ar="جمعية الإخلاص لتربية النحل", name_fr="", legal_form=None)
    ActorFactory(name_ar="مؤسسة الهدى", name_fr="", legal_form=None)
    ActorFactory(name_ar="تعاونية", name_fr="", legal_form=None)
    assert actor_search(text="الاخلاص").count == 1  # hamza under alef
    assert actor_search(text="الإِخْلَاص").count == 1  # with diacritics
    assert actor_search(text="موسسة الهدي").count == 1  # hamza carrier, alif maqsura
    assert actor_search(text="تعاونيه").count == 1  # taa marbuta
    assert actor_search(text="تعـاونية").count == 1  # tatweel


def test_search_finds_descriptions_and_places_too():
    ActorFactory(
        name_fr="Les Mains d'Or", description_fr="Nous cousons des caftans.", place="MA-NAD-NADOR"
    )
    assert actor_search(text="caftans").count == 1
    assert actor_search(text="nador").count == 1
    assert actor_search(text="الناظور").count == 1  # the place's Arabic name
    assert actor_search(text="Oriental").count == 1  # the region


def test_search_finds_the_legal_form_and_sector_in_any_language():
    ActorFactory(name_fr="Les Abeilles", legal_form="cooperative", sectors=["care"])
    assert actor_search(text="تعاونية").count == 1
    assert actor_search(text="care economy").count == 1
    assert actor_search(text="اقتصاد الرعاية").count == 1


def test_actors_matching_every_word_come_before_those_missing_one():
    ActorFactory(name_fr="Coopérative Annour")
    ActorFactory(name_fr="Coopérative Al Amal")
    ActorFactory(name_fr="Association Tiwizi", legal_form="association")
    page = actor_search(text="cooperative amal")
    assert names(page) == ["Coopérative Al Amal", "Coopérative Annour"]
    assert page.count == 2


def test_words_of_three_letters_or_more_match_the_start_of_words():
    ActorFactory(name_fr="Coopérative de tissage")
    assert actor_search(text="tiss").count == 1
    assert actor_search(text="ti").count == 0


def test_a_match_in_the_name_ranks_before_a_match_in_the_description():
    ActorFactory(name_fr="Association Horizons", description_fr="Ateliers de poterie.")
    ActorFactory(name_fr="Coopérative Poterie du Rif")
    assert names(actor_search(text="poterie")) == [
        "Coopérative Poterie du Rif",
        "Association Horizons",
    ]


def test_search_and_filters_combine():
    ActorFactory(name_fr="Coopérative Annour", place="TN-72-NEFTA", women_led=True)
    ActorFactory(name_fr="Coopérative Annour", place="MA-BER-BERKANE")
    ActorFactory(name_fr="Association Annour", place="TN-72-NEFTA", legal_form="association")
    filters = parse_filters({"country": "TN", "legal_form": "cooperative"})
    page = actor_search(text="annour", filters=filters)
    assert page.count == 1
    assert page.actors[0].place.code == "TN-72-NEFTA"
    assert actor_search(text="annour", filters=parse_filters({"women_led": "true"})).count == 1
    assert actor_search(text="annour", filters=parse_filters({"territory": "Tozeur"})).count == 2


def test_pages_follow_the_ranking_without_overlap():
    for n in range(7):
        ActorFactory(name_fr=f"Coopérative Sanabel {n}")
    first = actor_search(text="sanabel", limit=4, offset=0)
    second = actor_search(text="sanabel", limit=4, offset=4)
    assert first.count == second.count == 7
    assert len(first.actors) == 4 and len(second.actors) == 3
    assert not {a.pk for a in first.actors} & {a.pk for a in second.actors}


def test_without_a_query_actors_come_in_alphabetical_order_of_the_readers_script():
    ActorFactory(name_fr="Zitouna", name_ar="الزيتونة")
    ActorFactory(name_fr="Annour", name_ar="النور")
    ActorFactory(name_fr="Baraka", name_ar="البركة")
    assert names(actor_search()) == ["Annour", "Baraka", "Zitouna"]
    assert [a.name_ar for a in actor_search(language="ar").actors] == [
        "البركة",
        "الزيتونة",
        "النور",
    ]


def test_an_empty_or_punctuation_query_lists_everything():
    ActorFactory()
    ActorFactory()
    assert actor_search(text="  ").count == 2
    assert actor_search(text="«!?»").count == 2


def test_query_syntax_of_the_engines_is_treated_as_plain_words():
    ActorFactory(name_fr="Coopérative AND OR NOT")
    for text in ['"', "*", "NOT", "a:b", "(", "'", "\\", "x | y & !z", "NEAR(a b)"]:
        actor_search(text=text)  # never an SQL or syntax error
    assert actor_search(text="NOT").count == 1


def test_updating_an_actor_updates_what_search_finds():
    actor = ActorFactory(name_fr="Coopérative Ancienne")
    actor_update(actor=actor, name_fr="Coopérative Nouvelle")
    assert actor_search(text="ancienne").count == 0
    assert actor_search(text="nouvelle").count == 1


def test_deleting_an_actor_removes_it_from_search():
    actor = ActorFactory(name_fr="Coopérative Éphémère")
    actor.delete()
    assert actor_search(text="ephemere").count == 0


def test_the_engines_index_follows_every_write_of_the_documents():
    from django.db import connection

    kept = ActorFactory(name_fr="Coopérative Ancienne")
    gone = ActorFactory(name_fr="Association Tiwizi")
    actor_update(actor=kept, name_fr="Coopérative Nouvelle")
    gone.delete()
    search_reindex_all()  # an INSERT … ON CONFLICT DO UPDATE of every document
    assert actor_search(text="nouvelle").count == 1
    assert actor_search(text="ancienne").count == actor_search(text="tiwizi").count == 0
    if connection.vendor == "postgresql":  # the narrow table of tsvectors, row for row
        with connection.cursor() as cursor:
            cursor.execute("SELECT actor_id, tsv::text FROM search_index")
            ((actor_id, tsv),) = cursor.fetchall()
        assert actor_id == kept.pk
        assert "nouvel" in tsv and "ancien" not in tsv


def test_reindexing_everything_keeps_the_same_results():
    ActorFactory(name_fr="Coopérative Tifawin", place="MA-TET-TETOUAN")
    before = actor_matches(text="tifawin tetouan").count()
    assert search_reindex_all() == 1
    assert actor_matches(text="tifawin tetouan").count() == before == 1


def test_the_command_line_prints_ranked_results(capsys):
    ActorFactory(name_fr="Coopérative Assalam", place="TN-33-LEKEF")
    call_command("search", "assalam", "--country", "TN")
    out = capsys.readouterr().out
    assert "1 actors match 'assalam'." in out
    assert "1. [" in out and "Coopérative Assalam" in out and "Le Kef" in out


@pytest.fixture
def small_limits(monkeypatch):
    """Limits of a large directory, reached with a few dozen actors."""
    from tadamun.search import services

    monkeypatch.setattr(services, "COUNT_LIMIT", 10)
    monkeypatch.setattr(services, "RERANK_WINDOW", 4)
    return services


def test_past_the_count_limit_the_count_is_a_lower_bound(small_limits):
    for n in range(40):
        ActorFactory(name_fr=f"Coopérative Annour {n}")
    page = actor_search(text="annour", limit=5)
    assert (page.count, page.count_exact) == (10, False)
    assert len(page.actors) == 5
    ActorFactory(name_fr="Association Tiwizi")
    assert actor_search(text="tiwizi").count_exact


def test_large_results_page_through_every_match_once(small_limits):
    everyone = {ActorFactory(name_fr=f"Coopérative Tiwizi numéro {n}").pk for n in range(25)}
    seen = []
    for offset in range(0, 30, 4):
        seen += [a.pk for a in actor_search(text="tiwizi", limit=4, offset=offset).actors]
    assert len(seen) == len(set(seen)) == 25
    assert set(seen) == everyone


def test_in_a_large_result_the_exact_name_still_comes_first(small_limits):
    for n in range(25):
        ActorFactory(name_fr=f"Coopérative Al Amal de tissage numéro {n}")
    exact = ActorFactory(name_fr="Coopérative Al Amal")
    assert actor_search(text="Coopérative Al Amal").actors[0].pk == exact.pk
    assert actor_search(text="تعاونية الأمل").actors[0].pk == exact.pk


def test_filters_apply_to_large_results_too(small_limits):
    for n in range(20):
        ActorFactory(name_fr=f"Coopérative Assalam {n}", place="MA-NAD-NADOR")
    in_tunisia = {
        ActorFactory(name_fr=f"Coopérative Assalam {n}", place="TN-33-LEKEF").pk for n in range(12)
    }
    page = actor_search(text="assalam", filters=parse_filters({"country": "TN"}), limit=50)
    assert {a.pk for a in page.actors} == in_tunisia
    assert (page.count, page.count_exact) == (10, False)


def test_the_full_text_index_follows_its_documents_after_every_migration():
    """Each engine's triggers exist (a remade SQLite table loses them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {"search_fts_insert", "search_fts_delete", "search_fts_update"}
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {"search_index_sync", "search_index_truncate"}
        assert expected <= {row[0] for row in cursor.fetchall()}


def test_the_full_text_index_keeps_the_prefixes_that_searches_ask_for():
    # FTS5 reads a prefix index only for a prefix of its very length, and searches ask
    # for prefixes of MIN_PREFIX_LENGTH letters or more (ADR 0016).
    from django.db import connection

    from tadamun.search.analyse import MIN_PREFIX_LENGTH
    from tadamun.search.query import parse_query

    def prefixes(text):
        query = parse_query(text)
        return [
            form.text
            for term in query.terms
            for alternative in term.alternatives
            for form in alternative.forms
            if form.prefix
        ]

    assert prefixes("zarq") == ["zarq"]
    assert prefixes("zar") == []
    assert all(len(p) >= MIN_PREFIX_LENGTH for p in prefixes("Tiwizi zarq tissage النسيج"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
            (definition,) = cursor.fetchone()
        assert f"prefix='{MIN_PREFIX_LENGTH}'" in definition
