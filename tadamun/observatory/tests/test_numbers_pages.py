"""Who sees the numbers, through the page, its CSV and the API; and what a page costs."""

import pytest

from tadamun.accounts.testing import log_in

pytestmark = pytest.mark.django_db

API = "/api/v1/observatory/numbers"


def _received(data: dict) -> dict:
    return next(m for m in data["measures"] if m["code"] == "requests_received")


def test_anonymous_visitors_get_a_401_from_the_api(client, requests_in_both):
    response = client.get(API)
    assert response.status_code == 401
    assert "log in" in response.json()["detail"]


def test_an_account_without_a_role_gets_a_404(client, outsider, requests_in_both):
    log_in(client, outsider)
    assert client.get(API).status_code == 404
    assert client.get("/fr/staff/observatory/numbers/").status_code == 404


def test_a_coordinator_counts_only_her_mechanism(client, yousra, nador, requests_in_both):
    log_in(client, yousra)
    data = client.get(API, {"by": "mechanism", "lang": "en"}).json()
    assert data["mechanisms"] == [nador.slug]
    assert _received(data) == {
        "code": "requests_received",
        "label": "requests received",
        "total": 1,
        "by": {str(nador.pk): 1},
    }


def test_a_coordinator_cannot_ask_for_another_mechanism(client, yousra, le_kef, requests_in_both):
    log_in(client, yousra)
    assert client.get(API, {"mechanism": le_kef.slug}).status_code == 404


def test_the_analyst_counts_every_mechanism(client, salma, requests_in_both):
    log_in(client, salma)
    data = client.get(API, {"by": "mechanism"}).json()
    assert _received(data)["total"] == 2
    assert sorted(_received(data)["by"].values()) == [1, 1]
    data = client.get(API, {"by": "gender"}).json()
    assert [g["key"] for g in data["groups"]][:3] == ["woman", "man", "other"]
    # Who cannot open the people's records sees no small group of them.
    assert data["hidden_below"] == 5
    assert _received(data)["by"] == {"woman": None, "man": None}


def test_the_labels_come_in_the_language_asked_for(client, salma, requests_in_both):
    log_in(client, salma)
    assert _received(client.get(API, {"lang": "ar"}).json())["label"] == "الطلبات الواردة"
    assert _received(client.get(API, {"lang": "fr"}).json())["label"] == "demandes reçues"


def test_bad_parameters_are_a_400_saying_what_is_accepted(client, salma):
    log_in(client, salma)
    assert "one of mechanism" in client.get(API, {"by": "colour"}).json()["detail"]
    response = client.get(API, {"from": "2026-05-01", "to": "2026-04-01"})
    assert response.status_code == 400
    assert client.get(API, {"from": "yesterday"}).status_code == 400


def test_the_csv_has_a_row_per_measure(client, yousra, requests_in_both):
    log_in(client, yousra)
    response = client.get("/en/staff/observatory/numbers.csv", {"by": "gender"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("measure,total,woman,man")
    assert lines[1].startswith("requests received,1,0,1")


def test_the_page_costs_a_bounded_number_of_queries(
    client, salma, requests_in_both, django_assert_max_num_queries
):
    log_in(client, salma)
    for by in ("", "mechanism", "gender", "age_band", "territory"):
        with django_assert_max_num_queries(40):
            response = client.get("/ar/staff/observatory/numbers/", {"by": by})
        assert response.status_code == 200
        assert 'dir="rtl"' in response.content.decode()
