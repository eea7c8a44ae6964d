import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tadamun.catalogue.hsds import hsds_id
from tadamun.catalogue.tests.conftest import make_service

pytestmark = pytest.mark.django_db


def test_the_list_answers_count_and_results_like_the_actors_api(client, microcredit, marketing):
    body = client.get("/api/v1/services").json()
    assert body["count"] == 2
    assert {r["id"] for r in body["results"]} == {microcredit.pk, marketing.pk}
    result = next(r for r in body["results"] if r["id"] == microcredit.pk)
    assert result["names"] == {
        "ar": "قروض صغرى للنساء",
        "fr": "Microcrédits pour les femmes",
        "en": "Microloans for women",
    }
    assert result["type"] == "financing"
    assert result["provider"]["id"] == microcredit.provider_id
    assert result["provider"]["url"].endswith(f"/directory/{microcredit.provider_id}/")
    assert result["audiences"] == ["women", "project_holders"]
    assert result["territories"] == ["MA-NAD"]
    assert result["is_free"] is False
    assert body["hsds"].endswith("/api/v1/services/hsds")


def test_the_list_takes_the_filters_limit_and_offset(client, microcredit, marketing, kef_digital):
    def ids(**params):
        return [r["id"] for r in client.get("/api/v1/services", params).json()["results"]]

    assert ids(type="digital") == [kef_digital.pk]
    assert ids(territory="MA-NAD", type="marketing") == [marketing.pk]
    assert ids(country="TN") == [kef_digital.pk]
    # The digital workshops are for anyone: women included.
    assert set(ids(audience="women")) == {microcredit.pk, marketing.pk, kef_digital.pk}
    assert set(ids(audience="cooperatives")) == {marketing.pk, kef_digital.pk}
    assert ids(free="false") == [microcredit.pk]
    assert ids(language="tzm") == [marketing.pk]
    assert ids(q="تسويق") == [marketing.pk]
    body = client.get("/api/v1/services", {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3 and len(body["results"]) == 1


def test_name_comes_in_the_language_asked(client, microcredit):
    assert client.get("/api/v1/services?lang=ar").json()["results"][0]["name"] == (
        "قروض صغرى للنساء"
    )


@pytest.mark.parametrize(
    "params", [{"type": "astrology"}, {"territory": "Atlantis"}, {"free": "maybe"}, {"limit": 0}]
)
def test_a_bad_parameter_is_a_400_that_says_why(client, params):
    response = client.get("/api/v1/services", params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_one_service_has_its_contacts_and_texts(client, microcredit):
    body = client.get(f"/api/v1/services/{microcredit.pk}").json()
    assert body["phone"] == "+212536600101"
    assert body["email"] == "credit@alamal.example"
    assert body["cost"] == "Intérêts selon le montant"
    assert body["descriptions"]["fr"] == "Prêts aux femmes porteuses de projet."
    assert client.get("/api/v1/services/987654").status_code == 404


def test_the_openapi_schema_documents_the_services_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/services", "/api/v1/services/{service_id}", "/api/v1/services/hsds"} <= set(
        paths
    )
    parameters = {p["name"] for p in paths["/api/v1/services"]["get"]["parameters"]}
    assert {"q", "type", "audience", "territory", "free", "language", "limit", "offset"} <= (
        parameters
    )


def test_the_list_is_read_in_a_fixed_number_of_queries(
    client, al_amal, django_assert_max_num_queries
):
    for n in range(15):
        make_service(al_amal, name_fr=f"Service {n}", territories=["MA-NAD"])
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/services?limit=50").json()["count"] == 15
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/services/hsds").json()["contents"]) == 15


# -- Open Referral HSDS 3 ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hsds(standards_dir):
    """Validators of the official HSDS 3 schemas, their `$ref`s resolved from the files."""
    folder = Path(standards_dir) / "hsds" / "schema"
    base = "https://tadamun.test/hsds/"
    resources = []
    for path in folder.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema.setdefault("$id", base + path.name)
        resources.append((base + path.name, Resource.from_contents(schema, DRAFT202012)))
    registry = Registry().with_resources(resources)

    def validator(name: str) -> Draft202012Validator:
        return Draft202012Validator(
            registry.contents(base + name), registry=registry, format_checker=FormatChecker()
        )

    openapi = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
    page = Draft202012Validator(openapi["components"]["schemas"]["Page"])
    return validator, page


def _errors(validator, document) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def test_the_hsds_export_is_valid_against_the_official_schemas(
    client, hsds, microcredit, marketing, kef_digital, lab
):
    national = make_service(lab, name_fr="Fonds national", countries=["TN"], website="https://f.tn")
    validator, page_schema = hsds
    body = client.get("/api/v1/services/hsds").json()
    assert _errors(page_schema, body) == []
    assert body["total_items"] == 4 and body["size"] == 4 and body["first_page"]
    service_schema = validator("service.json")
    for service in body["contents"]:
        assert _errors(service_schema, service) == [], service["name"]
        assert _errors(validator("organization.json"), service["organization"]) == []
    one = client.get(f"/api/v1/services/hsds/{national.pk}").json()
    assert _errors(service_schema, one) == []


def test_the_hsds_export_maps_areas_languages_costs_and_contacts(client, hsds, microcredit):
    [service] = client.get("/api/v1/services/hsds?lang=fr").json()["contents"]
    assert service["id"] == hsds_id("service", microcredit.pk)
    assert service["organization"]["id"] == service["organization_id"]
    assert service["organization"]["name"] == "جمعية الأمل للقروض الصغرى"
    assert service["organization"]["locations"][0]["location_type"] == "physical"
    assert [a["extent"] for a in service["service_areas"]] == ["MA-NAD"]
    assert [lang["code"] for lang in service["languages"]] == ["ar", "fr"]
    [cost] = service["cost_options"]
    assert cost["option"] == "Paid" and cost["amount_description"] == "Intérêts selon le montant"
    assert service["phones"][0]["number"] == "+212536600101"
    [contact] = service["contacts"]
    assert contact["name"] == "Guichet crédit"
    assert contact["phones"][0]["number"] == "+212536600101"
    assert service["status"] == "active"


def test_hsds_identifiers_are_stable_uuids(client, microcredit):
    first = client.get("/api/v1/services/hsds").json()["contents"][0]
    again = client.get("/api/v1/services/hsds").json()["contents"][0]
    assert first["id"] == again["id"]
    ids = [first["id"], first["organization_id"], *(a["id"] for a in first["service_areas"])]
    assert len(set(ids)) == len(ids)


def test_hsds_pages_follow_page_and_per_page(client, al_amal):
    for n in range(3):
        make_service(al_amal, name_fr=f"S{n}")
    body = client.get("/api/v1/services/hsds", {"page": 2, "per_page": 2}).json()
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        3,
        2,
        2,
        1,
    )
    assert body["last_page"] and not body["first_page"]
