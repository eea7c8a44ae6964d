import pytest

from tadamun.catalogue.models import Service
from tadamun.places.selectors import place_by_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def nadia(nadia):
    """The platform administrator, with the admin's permissions."""
    nadia.is_superuser = True
    nadia.save(update_fields=["is_superuser"])
    return nadia


def test_an_administrator_adds_a_service_in_the_admin_through_the_services(
    client, log_in, nadia, al_amal
):
    log_in(client, nadia)
    response = client.post(
        "/fr/admin/catalogue/service/add/",
        {
            "provider": al_amal.pk,
            "service_type": "marketing",
            "is_active": "on",
            "name_fr": "Salon des coopératives",
            "audience_codes": ["cooperatives", "women"],
            "language_codes": ["ar"],
            "territories": [place_by_code("MA-NAD").pk],
            "is_free": "on",
            "phone": "00212 536 60 01 01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(name_fr="Salon des coopératives")
    assert service.audience_list == ["cooperatives", "women"]
    assert service.phone == "+212536600101"
    assert f"pl{place_by_code('MA-NAD').pk}" in service.search_terms.split()
    assert "تسويق" in service.search_terms.split()


def test_the_admin_lists_referrals_without_the_people(client, log_in, nadia):
    log_in(client, nadia)
    assert client.get("/fr/admin/catalogue/referral/").status_code == 200
    assert client.get("/fr/admin/catalogue/referral/add/").status_code == 403
