import pytest

from tadamun.directory.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

RESULT_KEYS = {
    "id",
    "name",
    "names",
    "legal_form",
    "sectors",
    "country",
    "territory",
    "latitude",
    "longitude",
    "sources",
}


@pytest.fixture
def touiza():
    return ActorFactory(
        name_ar="تعاونية تويزة",
        name_fr="Coopérative Touiza",
        place="MA-BER-BERKANE",
        sectors=["agrifood", "care"],
        sources=[("ODCO", "BER-44"), ("UAF list", "17")],
        women_led=True,
    )


def test_the_list_answers_count_and_results_in_the_documented_shape(client, touiza):
    body = client.get("/api/v1/actors").json()
    assert body["count"] == 1
    result = body["results"][0]
    assert set(result) >= RESULT_KEYS
    assert result["id"] == touiza.pk
    assert result["names"] == {"ar": "تعاونية تويزة", "fr": "Coopérative Touiza", "en": ""}
    assert result["legal_form"] == "cooperative"
    assert result["sectors"] == ["agrifood", "care"]
    assert result["country"] == "MA"
    assert result["territory"] == "MA-BER"
    assert result["latitude"] == pytest.approx(34.92)
    assert result["sources"] == [
        {"source": "ODCO", "source_id": "BER-44"},
        {"source": "UAF list", "source_id": "17"},
    ]


def test_name_is_given_in_the_requested_language(client, touiza):
    assert client.get("/api/v1/actors?lang=ar").json()["results"][0]["name"] == "تعاونية تويزة"
    # No English name: the French one stands in.
    assert client.get("/api/v1/actors?lang=en").json()["results"][0]["name"] == (
        "Coopérative Touiza"
    )
    response = client.get("/api/v1/actors", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.json()["results"][0]["name"] == "تعاونية تويزة"


def test_arabic_is_sent_as_utf8_not_escaped(client, touiza):
    response = client.get("/api/v1/actors")
    assert "تعاونية تويزة".encode() in response.content
    assert response["Content-Type"].startswith("application/json")


def test_every_filter_of_the_list(client):
    ActorFactory(
        name_fr="A", place="TN-72-NEFTA", legal_form="cooperative", sectors=["care"], women_led=True
    )
    ActorFactory(name_fr="B", place="TN-33-LEKEF", legal_form="association", sectors=["circular"])
    ActorFactory(name_fr="C", place="MA-NAD-NADOR", legal_form="cooperative", sectors=["circular"])

    def found(query):
        return sorted(
            r["names"]["fr"] for r in client.get("/api/v1/actors?" + query).json()["results"]
        )

    assert found("country=TN") == ["A", "B"]
    assert found("territory=TN-33") == ["B"]
    assert found("territory=Oriental") == ["C"]
    assert found("legal_form=cooperative") == ["A", "C"]
    assert found("sector=circular") == ["B", "C"]
    assert found("women_led=true") == ["A"]
    assert found("women_led=false") == ["B", "C"]
    assert found("country=TN&sector=circular") == ["B"]


def test_q_ranks_results_by_relevance(client):
    ActorFactory(name_fr="Association Horizons", description_fr="Ateliers de poterie.")
    ActorFactory(name_fr="Coopérative Poterie du Rif")
    body = client.get("/api/v1/actors?q=poterie").json()
    assert [r["names"]["fr"] for r in body["results"]] == [
        "Coopérative Poterie du Rif",
        "Association Horizons",
    ]


def test_limit_and_offset_page_through_the_results(client):
    for n in range(5):
        ActorFactory(name_fr=f"Coopérative {n}")
    body = client.get("/api/v1/actors?limit=2&offset=2").json()
    assert body["count"] == 5
    assert [r["names"]["fr"] for r in body["results"]] == ["Coopérative 2", "Coopérative 3"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=100000", "limit"),
        ("offset=-1", "offset"),
        ("country=ZZ", "country"),
        ("territory=Atlantis", "territory"),
        ("legal_form=pirate", "legal_form"),
        ("sector=nope", "sector"),
        ("women_led=maybe", "women_led"),
        ("lang=de", "lang"),
        ("q=" + "x" * 500, "q"),
    ],
)
def test_bad_parameters_get_a_400_that_names_them(client, query, message):
    response = client.get("/api/v1/actors?" + query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_one_actor_with_its_details(client, touiza):
    body = client.get(f"/api/v1/actors/{touiza.pk}").json()
    assert body["id"] == touiza.pk
    assert body["names"]["ar"] == "تعاونية تويزة"
    assert body["descriptions"] == {"ar": "", "fr": "", "en": ""}
    assert body["url"].endswith(f"/directory/{touiza.pk}/")


def test_an_unknown_actor_is_a_404(client):
    response = client.get("/api/v1/actors/424242")
    assert response.status_code == 404
    assert "424242" in response.json()["detail"]
    assert client.get("/api/v1/actors/not-a-number").status_code in (400, 404)


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    ActorFactory(sources=[("s", "1")], sectors=["care"])
    client.get("/api/v1/actors")
    with django_assert_max_num_queries(6) as few:
        client.get("/api/v1/actors?q=cooperative")
    for n in range(15):
        ActorFactory(sources=[("s", f"x{n}")], sectors=["care", "agrifood"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/actors?q=cooperative")


def test_the_openapi_schema_documents_the_actors_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/actors"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {
        "q",
        "country",
        "territory",
        "legal_form",
        "sector",
        "women_led",
        "limit",
        "offset",
    } <= parameters
    assert "400" in operation["responses"]
    assert "/api/v1/actors/{actor_id}" in schema["paths"]


def test_the_api_documentation_page_loads_its_assets_from_the_platform(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
