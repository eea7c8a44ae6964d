"""Routing by territory: the mechanism whose territories contain the place, the most
specific first; then the country's national mechanism; otherwise unrouted."""

import pytest

from tadamun.accounts.testing import make_mechanism
from tadamun.desk.models import DeskSetting
from tadamun.desk.routing import answer_hours, request_route
from tadamun.desk.tests.conftest import place
from tadamun.mechanisms.models import Mechanism
from tadamun.places.models import Place
from tadamun.places.selectors import place_index_clear

pytestmark = pytest.mark.django_db


def kef_delegation() -> Place:
    kef = place("TN-33")
    delegation = Place.objects.create(
        code="TN-33-SAKIET",
        kind=Place.Kind.DELEGATION,
        level=2,
        country_id="TN",
        parent=kef,
        latitude=36.23,
        longitude=8.47,
        name_ar="ساقية سيدي يوسف",
        name_fr="Sakiet Sidi Youssef",
        name_en="Sakiet Sidi Youssef",
    )
    place_index_clear()
    return delegation


def test_the_nador_province_goes_to_the_nador_mechanism(nador, le_kef):
    assert request_route(place("MA-NAD")) == nador


def test_a_town_of_the_nador_province_goes_to_nador(nador, le_kef):
    assert request_route(place("MA-NAD-NADOR")) == nador


def test_a_delegation_of_the_kef_governorate_goes_to_le_kef(nador, le_kef):
    assert request_route(kef_delegation()) == le_kef


def test_a_place_no_mechanism_serves_is_unrouted(nador, le_kef):
    assert request_route(place("MA-TNG")) is None
    assert request_route(None) is None


def test_a_province_inside_a_region_a_mechanism_serves_goes_to_it(nador):
    oriental = make_mechanism("oriental", country="MA", territories=["MA-02"], name="Oriental")
    assert request_route(place("MA-BER")) == oriental


def test_the_most_specific_territory_wins(nador):
    make_mechanism("oriental", country="MA", territories=["MA-02"], name="Oriental")
    assert request_route(place("MA-NAD-NADOR")) == nador


def test_an_inactive_mechanism_receives_nothing(nador):
    Mechanism.objects.filter(pk=nador.pk).update(is_active=False)
    assert request_route(place("MA-NAD")) is None


def test_the_national_mechanism_answers_for_places_nobody_serves(nador, le_kef):
    house = make_mechanism("maison-ess", country="MA", territories=[], name="Maison")
    Mechanism.objects.filter(pk=house.pk).update(kind=Mechanism.Kind.HOUSE)
    assert request_route(place("MA-TNG")) == house
    assert request_route(place("MA-NAD")) == nador  # a territorial one still comes first
    assert request_route(place("TN-11")) is None  # not across the border


def test_a_mechanism_set_to_answer_for_its_country_is_the_national_one(nador, le_kef):
    DeskSetting.objects.create(mechanism=le_kef, serves_country=True)
    assert request_route(place("TN-11")) == le_kef
    assert request_route(place("MA-TNG")) is None


def test_answer_time_comes_from_the_mechanism_or_the_default(nador, le_kef, settings):
    DeskSetting.objects.create(mechanism=le_kef, answer_hours=24)
    assert answer_hours(le_kef) == 24
    assert answer_hours(nador) == 72
    settings.TADAMUN_DESK_ANSWER_HOURS = 48
    assert answer_hours(nador) == 48
