import re

import pytest
from playwright.sync_api import expect

from tadamun.directory.tests.factories import ActorFactory
from tests.browser import page_weight

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

MAP_BUDGET = 400 * 1024
TILES = "https://tiles.invalid/{z}/{x}/{y}.png"


@pytest.fixture
def actors(reference_data, settings):
    # A tile server the browser cannot reach: the map must work without its base map.
    settings.TADAMUN_TILE_URL = TILES
    for n in range(25):
        ActorFactory(
            name_fr=f"Coopérative Tifawin {n}",
            name_ar=f"تعاونية تيفاوين {n}",
            place="MA-NAD-NADOR",
            latitude=35.17 + (n % 5) * 0.004,
            longitude=-2.93 + (n // 5) * 0.004,
            legal_form="association" if n % 3 == 0 else "cooperative",
        )
    ActorFactory(name_fr="Association Annour", legal_form="association", place="TN-33-LEKEF")
    ActorFactory(name_fr="Coopérative Al Amal de tissage", place="TN-72-NEFTA")


def _no_tiles(page):
    requested = []

    def refuse(route):
        requested.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https://tiles\.invalid/"), refuse)
    return requested


def test_a_visitor_sees_clusters_zooms_into_one_and_opens_an_actor_card(live_server, page, actors):
    tiles = _no_tiles(page)
    page.goto(live_server.url + "/fr/atlas/")
    clusters = page.locator(".atlas-cluster")
    expect(clusters.first).to_be_visible()
    expect(page.locator("[data-atlas-status]")).to_contain_text("27")

    # Click the largest cluster until it splits into single actors.
    for _ in range(12):
        if page.locator(".atlas-actor").count() >= 5:
            break
        biggest = max(
            range(clusters.count()),
            key=lambda i: int(re.sub(r"\D", "", clusters.nth(i).inner_text()) or 0),
        )
        zoom_before = page.evaluate("document.querySelector('[data-atlas]').dataset.zoom")
        # By keyboard: a cluster is a focusable button.
        clusters.nth(biggest).focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "z => document.querySelector('[data-atlas]').dataset.zoom !== z", arg=zoom_before
        )
        page.wait_for_function("() => !document.querySelector('[data-atlas][aria-busy]')")
    actor_markers = page.locator(".atlas-actor")
    expect(actor_markers.first).to_be_visible()

    # The first marker drawn inside the map's frame (others may lie under its edges).
    inside = page.evaluate(
        """() => {
          const frame = document.querySelector('[data-atlas]').getBoundingClientRect();
          return [...document.querySelectorAll('.atlas-actor')].findIndex(m => {
            const r = m.getBoundingClientRect();
            return r.left > frame.left + 40 && r.right < frame.right - 40
              && r.top > frame.top + 80 && r.bottom < frame.bottom - 40;
          });
        }"""
    )
    assert inside >= 0
    actor_markers.nth(inside).click()
    card = page.locator(".atlas-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Tifawin")
    name = card.locator("strong").inner_text()
    # Opening a card may pan the map, which fetches the clusters again: the link is
    # clicked once the map is still.
    page.wait_for_function("() => !document.querySelector('[data-atlas][aria-busy]')")
    link = page.locator(".atlas-card").get_by_role("link")
    expect(link).to_be_visible()
    # By keyboard, as the clusters: a click lands where the card was when it was aimed.
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/directory/\d+/"))
    expect(page.locator("h1")).to_have_text(name)
    assert tiles, "the map asked the tile server for its base map"


def test_the_territory_view_switches_between_measures(live_server, page, actors):
    _no_tiles(page)
    page.goto(live_server.url + "/en/atlas/")
    expect(page.locator(".atlas-cluster").first).to_be_visible()
    page.get_by_label("Territories").check()
    territories = page.locator(".atlas-territory")
    expect(territories.first).to_be_visible()
    expect(territories).to_have_count(3)  # L'Oriental, Le Kef, Tozeur
    page.locator("#atlas-metric").select_option("women_led_share")
    expect(page.locator(".atlas-territory span", has_text="%").first).to_be_visible()


def test_the_arabic_map_puts_its_controls_on_the_right(live_server, page, actors):
    _no_tiles(page)
    page.goto(live_server.url + "/ar/atlas/")
    expect(page.locator(".leaflet-top.leaflet-right .leaflet-control-zoom")).to_be_visible()
    expect(page.locator(".atlas-cluster").first).to_be_visible()


def test_the_embedded_map_keeps_its_filters(live_server, page, actors):
    _no_tiles(page)
    page.goto(live_server.url + "/fr/atlas/embed/?legal_form=association")
    expect(page.locator("[data-atlas-status]")).to_contain_text("10")
    expect(page.locator(".site-header")).to_have_count(0)


def test_the_share_box_follows_the_map(live_server, page, actors):
    _no_tiles(page)
    page.goto(live_server.url + "/fr/atlas/?country=MA")
    expect(page.locator(".atlas-cluster").first).to_be_visible()
    page.locator(".atlas-share summary").click()
    code = page.locator("#atlas-embed")
    expect(code).to_have_value(re.compile(r'<iframe src="[^"]*/fr/atlas/embed/\?country=MA&lat='))


def test_the_map_page_weighs_less_than_its_budget(live_server, page, actors):
    _no_tiles(page)
    weight, _decoded, _requests = page_weight(page, live_server.url + "/fr/atlas/")
    # Served uncompressed by the test server: the production server sends less.
    assert 0 < weight < MAP_BUDGET, f"{weight} bytes"
