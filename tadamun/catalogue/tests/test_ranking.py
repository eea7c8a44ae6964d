"""Orientation's ranking: properties of the score, and the proposals for real services."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tadamun.catalogue.selectors import fit_score, services_proposed, weak_needs
from tadamun.catalogue.tests.conftest import make_service
from tadamun.catalogue.types import STRENGTHENS, ServiceType
from tadamun.diagnostics.dimensions import WEAK_BELOW, Dimension
from tadamun.places.selectors import place_by_code

parts = st.fixed_dictionaries(
    {
        "need_points": st.integers(0, 100 * len(Dimension.values)),
        "place_fit": st.integers(1, 2),
        "specific": st.booleans(),
        "speaks": st.booleans(),
        "free": st.booleans(),
    }
)
ORDER = ("need_points", "place_fit", "specific", "speaks", "free")


@given(parts, parts)
def test_the_score_orders_as_needs_then_place_public_language_and_cost(a, b):
    # Sorting by score is sorting by the parts in this order of importance.
    key_a = tuple(int(a[k]) for k in ORDER)
    key_b = tuple(int(b[k]) for k in ORDER)
    if key_a > key_b:
        assert fit_score(**a) > fit_score(**b)
    elif key_a == key_b:
        assert fit_score(**a) == fit_score(**b)


@given(parts)
def test_a_free_service_comes_first_at_equal_fit(a):
    assert fit_score(**{**a, "free": True}) > fit_score(**{**a, "free": False})


@given(parts, st.integers(1, 100))
def test_answering_a_weaker_need_always_wins(a, more):
    weaker = {**a, "need_points": a["need_points"] + more}
    worst = {"place_fit": 1, "specific": False, "speaks": False, "free": False}
    best = {"place_fit": 2, "specific": True, "speaks": True, "free": True}
    assert fit_score(**{**weaker, **worst}) > fit_score(**{**a, **best})


@given(st.dictionaries(st.sampled_from(Dimension.values), st.integers(0, 100)))
def test_the_needs_are_the_dimensions_under_the_threshold_weakest_first(needs):
    weak = weak_needs(needs)
    assert all(score < WEAK_BELOW for score in weak.values())
    assert set(weak) == {d for d, s in needs.items() if s < WEAK_BELOW}
    assert list(weak.values()) == sorted(weak.values())


def test_every_type_strengthens_known_dimensions_and_every_dimension_is_served():
    assert set(STRENGTHENS) == set(ServiceType.values)
    served = {d for dims in STRENGTHENS.values() for d in dims}
    assert served <= set(Dimension.values)
    assert served == set(Dimension.values)


# -- On real services ----------------------------------------------------------------------


NADOR = "MA-NAD-NADOR"


@pytest.fixture
def catalogue(al_amal, lab):
    """Services around Nador, one in Le Kef, one for all Morocco."""
    return {
        "sales": make_service(
            al_amal, service_type="marketing", name_fr="Ventes", territories=["MA-NAD"]
        ),
        "sales_paid": make_service(
            al_amal,
            service_type="marketing",
            name_fr="Ventes payantes",
            territories=["MA-NAD"],
            is_free=False,
        ),
        "digital": make_service(
            al_amal, service_type="digital", name_fr="Numérique", territories=["MA-02"]
        ),
        "women_sales": make_service(
            al_amal,
            service_type="marketing",
            name_fr="Ventes des femmes",
            territories=["MA-NAD"],
            audiences=["women"],
        ),
        "youth_only": make_service(
            al_amal,
            service_type="marketing",
            name_fr="Ventes des jeunes",
            territories=["MA-NAD"],
            audiences=["youth"],
        ),
        "national": make_service(
            al_amal, service_type="marketing", name_fr="Ventes nationales", countries=["MA"]
        ),
        "kef": make_service(
            lab, service_type="marketing", name_fr="Ventes au Kef", territories=["TN-33"]
        ),
        "legal": make_service(
            al_amal, service_type="legal", name_fr="Statuts", territories=["MA-NAD"]
        ),
    }


def _names(proposals):
    return [p.service.name_fr for p in proposals]


@pytest.mark.django_db
def test_services_serving_the_weakest_dimensions_come_first(catalogue):
    proposals = services_proposed(
        needs={"marketing": 10, "digital": 40, "legal": 90},
        place=place_by_code(NADOR),
        audiences={"women"},
    )
    names = _names(proposals)
    # Digital strengthens digital and marketing: the two needs, so it comes first.
    assert names[0] == "Numérique"
    assert "Statuts" not in names  # legal status scores 90: no need
    assert names.index("Ventes des femmes") < names.index("Ventes")  # meant for her
    assert names.index("Ventes") < names.index("Ventes payantes")  # free first
    assert names.index("Ventes") < names.index("Ventes nationales")  # local first


@pytest.mark.django_db
def test_services_of_another_country_or_another_public_are_not_proposed(catalogue):
    names = _names(
        services_proposed(needs={"marketing": 10}, place=place_by_code(NADOR), audiences={"women"})
    )
    assert "Ventes au Kef" not in names
    assert "Ventes des jeunes" not in names


@pytest.mark.django_db
def test_each_proposal_says_why(catalogue):
    [first, *_rest] = services_proposed(
        needs={"marketing": 10}, place=place_by_code(NADOR), audiences={"women"}, language="ar"
    )
    reasons = [str(r) for r in first.reasons]
    assert first.service.name_fr == "Ventes des femmes"
    assert first.dimensions == ["marketing"]
    assert any("10/100" in r for r in reasons)
    assert any("Nador" in r for r in reasons)
    assert first.score == fit_score(
        need_points=90, place_fit=2, specific=True, speaks=True, free=True
    )


@pytest.mark.django_db
def test_no_need_proposes_what_serves_the_place_and_the_limit_holds(catalogue):
    proposals = services_proposed(needs={}, place=place_by_code(NADOR), audiences=set(), limit=3)
    assert len(proposals) == 3
    assert all(p.service.name_fr != "Ventes au Kef" for p in proposals)


@pytest.mark.django_db
def test_inactive_services_are_never_proposed(catalogue):
    from tadamun.catalogue.services import service_deactivate

    service_deactivate(service=catalogue["digital"])
    names = _names(
        services_proposed(needs={"digital": 0}, place=place_by_code(NADOR), audiences=set())
    )
    assert "Numérique" not in names


@pytest.mark.django_db
def test_proposals_are_read_in_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        services_proposed(needs={"marketing": 5}, place=place_by_code(NADOR), audiences=set())
