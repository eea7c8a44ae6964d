import pytest
from django.urls import reverse
from django.utils import translation

from tadamun.directory.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def directory_url(language="fr"):
    with translation.override(language):
        return reverse("directory:list")


def test_the_root_redirects_to_the_readers_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_pages_declare_their_language_and_direction(client, language, direction):
    ActorFactory()
    for url in ["/" + language + "/", directory_url(language)]:
        html = client.get(url).content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html


def test_every_page_links_to_itself_in_the_three_languages(client):
    actor = ActorFactory(name_fr="Coopérative Annour")
    response = client.get(f"/fr/directory/{actor.pk}/")
    html = response.content.decode()
    for language in ["ar", "fr", "en"]:
        assert f'href="/{language}/directory/{actor.pk}/"' in html


def test_language_links_keep_the_search_and_filters(client):
    html = client.get(directory_url("fr") + "?q=amal&country=MA").content.decode()
    assert 'href="/ar/directory/?q=amal&amp;country=MA"' in html


def test_the_home_page_counts_actors_by_country_and_legal_form(client):
    ActorFactory(place="MA-TNG-TANGER", legal_form="cooperative")
    ActorFactory(place="TN-33-LEKEF", legal_form="cooperative")
    ActorFactory(place="TN-72-NEFTA", legal_form="association", women_led=True)
    response = client.get("/en/")
    totals = response.context["totals"]
    assert totals["total"] == 3
    assert [(c.code, n) for c, n in totals["by_country"]] == [("TN", 2), ("MA", 1)]
    assert [(f.code, n) for f, n in totals["by_legal_form"]] == [
        ("cooperative", 2),
        ("association", 1),
    ]
    assert totals["women_led"] == 1
    assert "Tunisia" in response.content.decode()


def test_the_directory_lists_actors_with_their_legal_form_place_and_sectors(client):
    ActorFactory(
        name_fr="Coopérative Tiwizi", place="MA-NAD-NADOR", sectors=["care"], women_led=True
    )
    html = client.get(directory_url("fr")).content.decode()
    assert "Coopérative Tiwizi" in html
    assert "Nador" in html
    assert "Économie du soin" in html
    assert "1 actor" in html or "1 acteur" in html


def test_the_directory_searches_and_filters(client):
    ActorFactory(name_fr="Coopérative Annour", place="TN-72-NEFTA")
    ActorFactory(name_fr="Coopérative Annour", place="MA-BER-BERKANE")
    ActorFactory(name_fr="Association Assalam", place="TN-72-NEFTA", legal_form="association")
    response = client.get(directory_url("fr"), {"q": "annour", "country": "TN"})
    assert response.context["page"].count == 1
    response = client.get(directory_url("fr"), {"legal_form": "association"})
    assert [a.name_fr for a in response.context["page"].actors] == ["Association Assalam"]


def test_facets_count_what_each_choice_would_give(client):
    ActorFactory(place="TN-72-NEFTA", legal_form="cooperative")
    ActorFactory(place="TN-33-LEKEF", legal_form="association")
    ActorFactory(place="MA-BER-BERKANE", legal_form="cooperative")
    response = client.get(directory_url("en"), {"legal_form": "cooperative"})
    countries = {c.code: n for c, n in response.context["countries"]}
    forms = {f.code: n for f, n in response.context["legal_forms"]}
    assert countries == {"TN": 1, "MA": 1}
    # The legal form facet ignores its own filter: association still shows its count.
    assert forms["cooperative"] == 2 and forms["association"] == 1
    territories = {p.code: n for p, n in response.context["territories"]}
    assert territories["TN-72"] == 1 and territories["MA-02"] == 1 and territories["MA-BER"] == 1


def test_a_bad_filter_is_explained_not_an_error_page(client):
    response = client.get(directory_url("en"), {"country": "Atlantis"})
    assert response.status_code == 400
    assert "unknown country" in response.content.decode()


def test_pages_of_results(client, settings):
    settings.TADAMUN_DIRECTORY_PAGE_SIZE = 2
    for n in range(5):
        ActorFactory(name_fr=f"Coopérative {n}")
    response = client.get(directory_url("fr"), {"page": "2"})
    assert [a.name_fr for a in response.context["page"].actors] == [
        "Coopérative 2",
        "Coopérative 3",
    ]
    assert response.context["last"] == 3
    html = response.content.decode()
    assert 'href="?page=1"' in html and 'href="?page=3"' in html
    assert client.get(directory_url("fr"), {"page": "nonsense"}).status_code == 200
    assert client.get(directory_url("fr"), {"page": "99"}).context["page"].actors == []


def test_the_list_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(3):
        ActorFactory(place="MA-NAD-NADOR", sectors=["care", "textile"])
    client.get(directory_url("fr"))  # warm the per-process caches of places and vocabularies
    # Counts and ranked windows of two tiers, the page, its sectors, six facets.
    with django_assert_max_num_queries(16) as few:
        client.get(directory_url("fr"), {"q": "cooperative"})
    for _ in range(20):
        ActorFactory(place="TN-72-NEFTA", sectors=["agrifood"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(directory_url("fr"), {"q": "cooperative"})


def test_the_actor_page_shows_what_the_directory_knows(client):
    actor = ActorFactory(
        name_ar="تعاونية تويزة",
        name_fr="Coopérative Touiza",
        name_en="Touiza cooperative",
        place="MA-BER-BERKANE",
        sectors=["agrifood"],
        phone="+212536000000",
        email="touiza@example.ma",
        website="https://touiza.example.ma",
        founded=2012,
        members_women=18,
        members_men=4,
        description_fr="Couscous roulé à la main.",
        description_ar="كسكس تقليدي.",
        sources=[("ODCO registry", "BER-2012-044")],
    )
    html = client.get(f"/fr/directory/{actor.pk}/").content.decode()
    for text in [
        "Coopérative Touiza",
        "تعاونية تويزة",
        "Touiza cooperative",
        "Berkane",
        "L&#x27;Oriental",
        "+212536000000",
        "touiza@example.ma",
        "2012",
        "Couscous roulé à la main.",
        "ODCO registry",
        "BER-2012-044",
    ]:
        assert text in html, text
    html = client.get(f"/ar/directory/{actor.pk}/").content.decode()
    assert "كسكس تقليدي." in html
    assert '<h1 lang="ar" dir="auto">تعاونية تويزة</h1>' in html


def test_the_actor_page_of_an_unknown_actor_is_not_found(client):
    assert client.get("/fr/directory/999999/").status_code == 404
