import re

import pytest
from playwright.sync_api import expect

from tadamun.directory.tests.factories import ActorFactory
from tests.browser import page_weight

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

PAGE_BUDGET = 200 * 1024


@pytest.fixture
def actors(reference_data):
    ActorFactory(
        name_ar="تعاونية الأمل للنسيج",
        name_fr="Coopérative Al Amal de tissage",
        place="TN-72-NEFTA",
        sectors=["handicrafts"],
        women_led=True,
        description_fr="Tissage de tapis et de couvertures.",
    )
    ActorFactory(
        name_ar="تعاونية الأمل للعسل",
        name_fr="Coopérative Al Amal apicole",
        place="MA-BER-BERKANE",
        sectors=["agriculture"],
    )
    ActorFactory(
        name_ar="جمعية النور",
        name_fr="Association Annour",
        legal_form="association",
        place="TN-33-LEKEF",
    )
    for n in range(30):
        ActorFactory(name_fr=f"Coopérative Tifawin {n}", place="MA-NAD-NADOR")


def test_a_reader_searches_filters_and_opens_an_actor_in_arabic_then_switches_to_french(
    live_server, page, actors
):
    page.goto(live_server.url + "/ar/directory/")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")

    page.get_by_role("searchbox").fill("الأمل")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator(".results > li")).to_have_count(2)

    # Choosing a country submits the form by itself (data-autosubmit).
    page.locator("#f-country").select_option("TN")
    expect(page).to_have_url(re.compile(r"country=TN"))
    expect(page.locator(".results > li")).to_have_count(1)

    page.locator(".results a").first.click()
    expect(page.locator("h1")).to_have_text("تعاونية الأمل للنسيج")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.locator("[data-language=fr]").click()
    expect(page).to_have_url(re.compile(r"/fr/directory/\d+/$"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Coopérative Al Amal de tissage")
    expect(page.get_by_text("Tissage de tapis et de couvertures.")).to_be_visible()


def test_the_directory_page_weighs_less_than_its_budget(live_server, page, actors):
    weight, _decoded, _requests = page_weight(page, live_server.url + "/ar/directory/")
    # Served uncompressed by the test server: the production server sends less.
    assert 0 < weight < PAGE_BUDGET, f"{weight} bytes"


def test_the_filters_work_with_the_keyboard_alone(live_server, page, actors):
    page.goto(live_server.url + "/fr/directory/")
    page.locator("#q").focus()
    page.keyboard.type("tifawin")
    page.keyboard.press("Enter")
    expect(page.locator("#results-title")).to_contain_text("30")
    page.locator("#f-women-led").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"women_led=true"))
