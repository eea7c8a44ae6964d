"""Providers, services and people for the catalogue's tests."""

import pytest

from tadamun.catalogue.services import service_create
from tadamun.directory.tests.factories import ActorFactory
from tadamun.people.models import Consent, ConsentText, Purpose
from tadamun.people.services import ConsentGiven, person_create
from tadamun.places.models import Country
from tadamun.places.selectors import place_by_code


def make_service(provider, *, territories=(), countries=(), **fields):
    """A service of `provider` through the service layer (territories as place codes)."""
    defaults = {
        "provider": provider,
        "service_type": "coaching",
        "name_fr": "Service",
        "audiences": ["any"],
        "languages": ["ar", "fr"],
    }
    return service_create(
        fields={**defaults, **fields},
        territories=[place_by_code(code) for code in territories],
        countries=list(Country.objects.filter(code__in=countries)),
    )


@pytest.fixture
def al_amal(db):
    """A microfinance association of Nador known by its Arabic name only."""
    return ActorFactory(
        name_ar="جمعية الأمل للقروض الصغرى",
        name_fr="",
        legal_form="association",
        place="MA-NAD-NADOR",
    )


@pytest.fixture
def lab(db):
    return ActorFactory(
        name_fr="Laboratoire numérique du Kef", legal_form="association", place="TN-33-LEKEF"
    )


@pytest.fixture
def microcredit(al_amal):
    return make_service(
        al_amal,
        service_type="financing",
        name_ar="قروض صغرى للنساء",
        name_fr="Microcrédits pour les femmes",
        name_en="Microloans for women",
        description_fr="Prêts aux femmes porteuses de projet.",
        audiences=["women", "project_holders"],
        territories=["MA-NAD"],
        is_free=False,
        cost_fr="Intérêts selon le montant",
        phone="+212 5 36 60 01 01",
        email="credit@alamal.example",
        contact_name="Guichet crédit",
    )


@pytest.fixture
def marketing(al_amal):
    return make_service(
        al_amal,
        service_type="marketing",
        name_ar="مواكبة في التسويق",
        name_fr="Coaching commercial",
        name_en="Sales coaching",
        audiences=["cooperatives", "women"],
        territories=["MA-02"],
        languages=["ar", "tzm"],
    )


@pytest.fixture
def kef_digital(lab):
    return make_service(
        lab,
        service_type="digital",
        name_fr="Ateliers numériques",
        name_ar="ورشات رقمية",
        name_en="Digital workshops",
        territories=["TN-33"],
        languages=["ar", "fr", "en"],
    )


def _text() -> ConsentText:
    return ConsentText.objects.filter(purpose=Purpose.ACCOMPANIMENT).order_by("-version").first()


def record(mechanism, by, full_name: str, **fields):
    return person_create(
        mechanism=mechanism,
        by=by,
        fields={"full_name": full_name, **fields},
        consent=ConsentGiven(text=_text(), method=Consent.Method.SIGNED_FORM),
    )


@pytest.fixture
def khadija(nador, amina):
    """A woman of Nador with a project."""
    return record(
        nador,
        amina,
        "Khadija Amrani",
        gender="woman",
        birth_year=1985,
        place=place_by_code("MA-NAD-NADOR"),
    )


@pytest.fixture
def hedi(le_kef, sami):
    return record(le_kef, sami, "Hedi Trabelsi", gender="man", place=place_by_code("TN-33-LEKEF"))
