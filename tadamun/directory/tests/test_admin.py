"""Staff manage actors in the Django admin; saves go through the directory's rules."""

import pytest

from tadamun.directory.models import Actor, LegalForm, Sector
from tadamun.directory.tests.factories import ActorFactory
from tadamun.places.selectors import place_by_code
from tadamun.search.services import actor_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, nadia, log_in):
    """`nadia`, platform administrator, the one role the admin opens to."""
    nadia.is_superuser = True
    nadia.save(update_fields=["is_superuser"])
    log_in(client, nadia)
    return client


def form_data(**overrides):
    data = {
        "name_ar": "",
        "name_fr": "Coopérative Tanoukra",
        "name_en": "",
        "legal_form": LegalForm.objects.get(code="cooperative").pk,
        "sectors": [Sector.objects.get(code="agrifood").pk],
        "status": "active",
        "country": "MA",
        "place": place_by_code("MA-NAD-NADOR").pk,
        "latitude": "35.17",
        "longitude": "-2.93",
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
        "founded": "2010",
        "members_women": "",
        "members_men": "",
        "employees": "",
        "description_ar": "",
        "description_fr": "",
        "description_en": "",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-0-source": "ODCO",
        "sources-0-source_id": "NAD-77",
    }
    data.update(overrides)
    return data


def test_an_actor_added_in_the_admin_gets_its_territories_and_is_searchable(staff_client):
    response = staff_client.post("/en/admin/directory/actor/add/", form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    actor = Actor.objects.get()
    assert (actor.admin1.code, actor.admin2.code) == ("MA-02", "MA-NAD")
    assert actor.sources.get().source_id == "NAD-77"
    page = actor_search(text="tanoukra nador")
    assert [a.pk for a in page.actors] == [actor.pk]
    assert actor_search(text="agroalimentaire").count == 1


def test_the_admin_refuses_an_actor_without_a_name_or_from_the_future(staff_client):
    response = staff_client.post(
        "/en/admin/directory/actor/add/", form_data(name_fr="", founded="2999")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "name_fr" in errors and "founded" in errors
    assert not Actor.objects.exists()


def test_the_admin_refuses_a_place_outside_the_country(staff_client):
    response = staff_client.post("/en/admin/directory/actor/add/", form_data(country="TN"))
    assert "place" in response.context["adminform"].form.errors


def test_editing_in_the_admin_updates_the_search_index(staff_client):
    actor = ActorFactory(name_fr="Coopérative Avant", place="MA-NAD-NADOR")
    data = form_data(name_fr="Coopérative Après")
    data["sources-TOTAL_FORMS"] = "0"
    response = staff_client.post(f"/en/admin/directory/actor/{actor.pk}/change/", data)
    assert response.status_code == 302
    assert actor_search(text="apres").count == 1
    assert actor_search(text="avant").count == 0
