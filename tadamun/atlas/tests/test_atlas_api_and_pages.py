import json
import re

import pytest

from tadamun.api.atlas import ClusterCollection
from tadamun.atlas.views import MAGHREB

BBOX = ",".join(str(v) for v in MAGHREB)


def _config(response) -> dict:
    match = re.search(
        r'<script id="atlas-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_the_cluster_api_answers_geojson_with_counts_and_legal_forms(client, maghreb):
    response = client.get(f"/api/v1/atlas/clusters?bbox={BBOX}&zoom=8&lang=ar")
    assert response.status_code == 200
    data = response.json()
    # Answered without validation (for speed): it must follow its documented schema.
    ClusterCollection.model_validate(data)
    assert data["type"] == "FeatureCollection"
    assert data["count"] == len(maghreb)
    clusters = [f for f in data["features"] if f["properties"]["kind"] == "cluster"]
    actors = [f for f in data["features"] if f["properties"]["kind"] == "actor"]
    nador = max(clusters, key=lambda f: f["properties"]["count"])
    assert nador["properties"]["legal_forms"] == {"cooperative": 9, "association": 3}
    west, south, east, north = nador["properties"]["bounds"]
    longitude, latitude = nador["geometry"]["coordinates"]
    assert west <= longitude <= east and south <= latitude <= north
    amal = next(f for f in actors if f["properties"]["id"] == maghreb["amal"].pk)
    assert amal["properties"]["name"] == "تعاونية الأمل للنسيج"
    assert amal["properties"]["url"].endswith(f"/ar/directory/{maghreb['amal'].pk}/")
    assert "legal_forms" not in amal["properties"]


def test_the_cluster_api_takes_the_directory_filters(client, maghreb):
    response = client.get(f"/api/v1/atlas/clusters?bbox={BBOX}&zoom=6&territory=MA-NAD")
    assert response.json()["count"] == 12
    response = client.get(f"/api/v1/atlas/clusters?bbox={BBOX}&zoom=6&q=tifawin&women_led=1")
    assert response.json()["count"] == 4


@pytest.mark.parametrize(
    "query",
    [
        "bbox=1,2,3&zoom=5",
        "bbox=10,20,5,30&zoom=5",
        "bbox=a,b,c,d&zoom=5",
        f"bbox={BBOX}&zoom=19",
        f"bbox={BBOX}",
        f"bbox={BBOX}&zoom=5&legal_form=spaceship",
    ],
)
def test_bad_cluster_requests_are_told_what_is_wrong(client, maghreb, query):
    response = client.get(f"/api/v1/atlas/clusters?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_territory_api_gives_the_first_atlas_statistics(client, maghreb):
    response = client.get("/api/v1/atlas/territories?level=1&lang=en")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(maghreb)
    oriental = next(r for r in data["results"] if r["code"] == "MA-02")
    assert oriental["actors"] == 13
    assert oriental["women_led"] == 4
    assert oriental["women_led_share"] == round(4 / 13, 4)
    assert oriental["name"]
    provinces = client.get("/api/v1/atlas/territories?level=2&country=MA").json()
    assert {r["code"] for r in provinces["results"]} == {"MA-NAD", "MA-BER", "MA-TNG"}
    assert client.get("/api/v1/atlas/territories?level=3").status_code == 400


def test_the_atlas_api_is_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    clusters = paths["/api/v1/atlas/clusters"]["get"]
    names = {p["name"] for p in clusters["parameters"]}
    assert {"bbox", "zoom", "q", "legal_form", "sector", "women_led"} <= names
    assert "/api/v1/atlas/territories" in paths


def test_the_map_page_carries_the_filters_and_the_tables_of_territories(client, maghreb):
    response = client.get("/fr/atlas/?legal_form=association&q=tanja")
    assert response.status_code == 200
    html = response.content.decode()
    config = _config(response)
    assert config["query"] == "legal_form=association&q=tanja"
    assert config["clusters"] == "/api/v1/atlas/clusters"
    assert config["colours"]["association"].startswith("#")
    # The list and the map link to each other with the same filters.
    assert 'href="/fr/directory/?legal_form=association&amp;q=tanja"' in html
    # The share box gives an embed code with the filters.
    assert "/fr/atlas/embed/?legal_form=association&amp;q=tanja" in html
    assert "&lt;iframe" in html
    # The table of territories is the map's statistics without JavaScript.
    assert re.search(r"Tanger-Tétouan-Al Hoceïma</a></th>\s*<td>3</td>", html)


def test_the_directory_links_to_the_map_with_its_filters(client, maghreb):
    html = client.get("/en/directory/?country=TN").content.decode()
    assert 'href="/en/atlas/?country=TN"' in html


def test_the_arabic_map_is_right_to_left(client, maghreb):
    html = client.get("/ar/atlas/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_the_embed_page_can_be_framed_by_other_sites_and_takes_filters_from_its_url(
    client, maghreb
):
    response = client.get("/en/atlas/embed/?sector=care&lat=35.7&lon=-5.8&zoom=9")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    config = _config(response)
    assert config["query"] == "sector=care"
    assert config["view"] == {"lat": "35.70000", "lon": "-5.80000", "zoom": "9"}
    # The other pages still refuse to be framed.
    assert client.get("/en/atlas/").headers["X-Frame-Options"] == "DENY"


def test_the_map_pages_load_nothing_from_other_sites(client, maghreb):
    for url in ("/fr/atlas/", "/fr/atlas/embed/"):
        html = client.get(url).content.decode()
        sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        assert sources
        assert all(s.startswith("/static/") for s in sources), sources
        assert "leaflet" in " ".join(sources)


def test_the_tile_server_is_a_setting_and_can_be_left_empty(client, maghreb, settings):
    settings.TADAMUN_TILE_URL = ""
    assert _config(client.get("/fr/atlas/"))["tiles"] == ""
    settings.TADAMUN_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert _config(client.get("/fr/atlas/"))["tiles"].startswith("https://tiles.example.org/")


def test_a_bad_filter_on_the_map_page_is_explained(client, maghreb):
    response = client.get("/fr/atlas/?legal_form=spaceship")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
