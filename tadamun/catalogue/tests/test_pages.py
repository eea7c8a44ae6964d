import pytest
from django.urls import reverse
from django.utils import translation

from tadamun.audit.models import AuditEntry
from tadamun.catalogue.models import Outcome, Referral
from tadamun.catalogue.services import referral_send, service_deactivate
from tadamun.catalogue.tests.conftest import make_service

pytestmark = pytest.mark.django_db


def _url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


# -- Public pages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "direction", "title", "name"),
    [
        ("ar", "rtl", "خدمات الدعم", "قروض صغرى للنساء"),
        ("fr", "ltr", "Services d’appui", "Microcrédits pour les femmes"),
        ("en", "ltr", "Support services", "Microloans for women"),
    ],
)
def test_the_catalogue_opens_without_a_login_in_each_language(
    client, microcredit, language, direction, title, name
):
    response = client.get(_url("services:list", language))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert title in page
    assert name in page


def test_the_catalogue_is_in_the_site_navigation(client):
    page = client.get(_url("core:home", "en")).content.decode()
    assert f'href="{_url("services:list", "en")}"' in page


def test_a_service_page_links_to_its_provider_in_the_directory(client, microcredit, al_amal):
    response = client.get(_url("services:detail", "ar", pk=microcredit.pk))
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert f'href="{_url("directory:actor", "ar", pk=al_amal.pk)}"' in page
    assert "جمعية الأمل للقروض الصغرى" in page
    assert "+212536600101" in page


def test_the_provider_page_lists_the_services_it_offers(client, microcredit, al_amal):
    page = client.get(_url("directory:actor", "fr", pk=al_amal.pk)).content.decode()
    assert f'href="{_url("services:detail", "fr", pk=microcredit.pk)}"' in page


def test_an_inactive_service_is_not_found(client, microcredit):
    service_deactivate(service=microcredit)
    assert client.get(_url("services:detail", pk=microcredit.pk)).status_code == 404
    assert "Microcrédits" not in client.get(_url("services:list")).content.decode()


def _listed(client, **params):
    page = client.get(_url("services:list", "fr"), params).content.decode()
    return {
        name
        for name in ("Microcrédits pour les femmes", "Coaching commercial", "Ateliers numériques")
        if name in page
    }


def test_the_filters_narrow_the_list(client, microcredit, marketing, kef_digital):
    assert _listed(client) == {
        "Microcrédits pour les femmes",
        "Coaching commercial",
        "Ateliers numériques",
    }
    assert _listed(client, type="digital") == {"Ateliers numériques"}
    assert _listed(client, audience="cooperatives") == {
        "Coaching commercial",
        "Ateliers numériques",
    }
    assert _listed(client, free="true") == {"Coaching commercial", "Ateliers numériques"}
    assert _listed(client, language="tzm") == {"Coaching commercial"}
    assert _listed(client, language="en") == {"Ateliers numériques"}


def test_a_region_filter_shows_the_services_of_its_provinces_and_a_province_those_of_its_region(
    client, microcredit, marketing, kef_digital
):
    # Microcredit serves Nador province; the coaching the whole Oriental region.
    assert _listed(client, territory="MA-02") == {
        "Microcrédits pour les femmes",
        "Coaching commercial",
    }
    assert _listed(client, territory="MA-NAD") == {
        "Microcrédits pour les femmes",
        "Coaching commercial",
    }
    assert _listed(client, territory="Le Kef") == {"Ateliers numériques"}


def test_an_unknown_filter_value_is_a_bad_request_that_says_why(client):
    response = client.get(_url("services:list"), {"type": "astrology"})
    assert response.status_code == 400
    assert "astrology" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("تسويق", {"Coaching commercial"}),  # Arabic finds a service named in French too
        ("marketing", {"Coaching commercial"}),
        ("commercialisation", {"Coaching commercial"}),
        ("Al Amal", {"Microcrédits pour les femmes", "Coaching commercial"}),  # provider: الأمل
        ("El Amel", {"Microcrédits pour les femmes", "Coaching commercial"}),
        ("microcrédit", {"Microcrédits pour les femmes"}),
        ("تمويل", {"Microcrédits pour les femmes"}),  # financing, in Arabic
        ("رقمنة", {"Ateliers numériques"}),
        ("الكاف", {"Ateliers numériques"}),  # a place, in Arabic, served by the service
    ],
)
def test_search_finds_services_across_scripts_and_languages(
    client, microcredit, marketing, kef_digital, query, expected
):
    assert _listed(client, q=query) == expected


def test_the_list_is_read_in_a_fixed_number_of_queries(
    client, al_amal, django_assert_max_num_queries
):
    for n in range(12):
        make_service(al_amal, name_fr=f"Service {n}", territories=["MA-NAD"], countries=["MA"])
    with django_assert_max_num_queries(8):
        assert client.get(_url("services:list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(_url("services:list"), {"q": "Al Amal"}).status_code == 200


# -- Staff pages ---------------------------------------------------------------------------


def test_the_orientation_page_proposes_services_for_the_needs_asked(
    client, log_in, amina, nador, khadija, microcredit, marketing, kef_digital
):
    log_in(client, amina)
    url = _url("referrals:orientation", "fr", slug=nador.slug, person_pk=khadija.pk)
    response = client.get(url, {"needs": "marketing,finances", "score_marketing": "20"})
    page = response.content.decode()
    assert 'name="score_marketing" value="20"' in page
    assert response.status_code == 200
    assert "Coaching commercial" in page and "Microcrédits pour les femmes" in page
    assert "Ateliers numériques" not in page  # Le Kef's
    assert _url("referrals:send", slug=nador.slug, person_pk=khadija.pk) in page
    assert AuditEntry.objects.filter(
        user=amina, object_type="people.person", object_id=str(khadija.pk), action="view"
    ).exists()


def test_the_orientation_page_is_right_to_left_in_arabic(client, log_in, amina, nador, khadija):
    log_in(client, amina)
    url = _url("referrals:orientation", "ar", slug=nador.slug, person_pk=khadija.pk)
    assert '<html lang="ar" dir="rtl">' in client.get(url).content.decode()


def test_an_advisor_refers_from_the_orientation_page(
    client, log_in, amina, nador, khadija, marketing
):
    log_in(client, amina)
    url = _url("referrals:send", slug=nador.slug, person_pk=khadija.pk)
    response = client.post(
        url, {"service": marketing.pk, "needs": "marketing", "note": "Fair in June"}
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.person, referral.service, referral.sent_by) == (khadija, marketing, amina)
    assert referral.needs == {"marketing": 0}
    assert referral.note == "Fair in June"


def test_the_referrals_list_records_an_outcome(
    client, log_in, yousra, amina, nador, khadija, marketing
):
    referral = referral_send(mechanism=nador, service=marketing, person=khadija, by=amina)
    log_in(client, yousra)
    page = client.get(_url("referrals:list", slug=nador.slug)).content.decode()
    assert "Khadija Amrani" in page and "Coaching commercial" in page
    response = client.post(
        _url("referrals:outcome", slug=nador.slug, pk=referral.pk),
        {"outcome": Outcome.TAKEN_UP, "note": "Started"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == Outcome.TAKEN_UP
    assert referral.events.last().by == yousra


def test_a_wrong_outcome_is_refused_on_the_page(client, log_in, amina, nador, khadija, marketing):
    referral = referral_send(mechanism=nador, service=marketing, person=khadija, by=amina)
    log_in(client, amina)
    client.post(_url("referrals:outcome", slug=nador.slug, pk=referral.pk), {"outcome": "pending"})
    referral.refresh_from_db()
    assert referral.outcome == Outcome.PENDING


def test_a_trainer_sees_the_referrals_but_cannot_send_or_record(
    client, log_in, hind, amina, nador, khadija, marketing
):
    referral = referral_send(mechanism=nador, service=marketing, person=khadija, by=amina)
    log_in(client, hind)
    assert client.get(_url("referrals:list", slug=nador.slug)).status_code == 200
    send = _url("referrals:send", slug=nador.slug, person_pk=khadija.pk)
    assert client.post(send, {"service": marketing.pk}).status_code == 404
    outcome = _url("referrals:outcome", slug=nador.slug, pk=referral.pk)
    assert client.post(outcome, {"outcome": "refused"}).status_code == 404
    assert Referral.objects.count() == 1


def test_nador_staff_get_404_for_le_kef_referrals_and_people(
    client, log_in, amina, nador, le_kef, hedi, sami, kef_digital
):
    referral = referral_send(mechanism=le_kef, service=kef_digital, person=hedi, by=sami)
    log_in(client, amina)
    for url in (
        _url("referrals:list", slug=le_kef.slug),
        _url("referrals:orientation", slug=le_kef.slug, person_pk=hedi.pk),
        # Le Kef's person through Nador's own pages.
        _url("referrals:orientation", slug=nador.slug, person_pk=hedi.pk),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        _url("referrals:outcome", slug=le_kef.slug, pk=referral.pk),
        _url("referrals:outcome", slug=nador.slug, pk=referral.pk),
        _url("referrals:send", slug=nador.slug, person_pk=hedi.pk),
    ):
        assert (
            client.post(url, {"outcome": "refused", "service": kef_digital.pk}).status_code == 404
        )
    referral.refresh_from_db()
    assert referral.outcome == Outcome.PENDING
    assert Referral.objects.count() == 1


def test_the_referrals_list_is_read_in_a_fixed_number_of_queries(
    client, log_in, amina, nador, khadija, marketing, django_assert_max_num_queries
):
    for _n in range(10):
        referral_send(mechanism=nador, service=marketing, person=khadija, by=amina)
    log_in(client, amina)
    with django_assert_max_num_queries(14):
        assert client.get(_url("referrals:list", slug=nador.slug)).status_code == 200
