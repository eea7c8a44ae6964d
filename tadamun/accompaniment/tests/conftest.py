"""Cases of the two mechanisms: a woman of Nador with a couscous project, a man of Le
Kef, a cooperative of the directory; private files kept in each test's own folder."""

import pytest

from tadamun.accompaniment.services import case_open
from tadamun.people.tests.conftest import record


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.TADAMUN_PRIVATE_FILES = tmp_path / "private"
    return settings.TADAMUN_PRIVATE_FILES


@pytest.fixture
def fatima(nador, amina):
    return record(nador, amina, "فاطمة الزهراء بنعلي", gender="woman", birth_year=1990)


@pytest.fixture
def mongi(le_kef, sami):
    return record(le_kef, sami, "Mongi Ben Salah", gender="man", birth_year=1970)


@pytest.fixture
def cooperative(db):
    from tadamun.directory.services import actor_create

    return actor_create(country_id="MA", name_fr="Coopérative Tiwizi", name_ar="تعاونية تويزة")


@pytest.fixture
def couscous(nador, amina, fatima):
    """Fatima's couscous project, advised by Amina, at the idea stage."""
    return case_open(
        mechanism=nador, person=fatima, advisor=amina, by=amina, title="Couscous d'orge"
    )


@pytest.fixture
def kef_case(le_kef, sami, mongi):
    return case_open(
        mechanism=le_kef, person=mongi, advisor=sami, by=sami, title="Apiculture du Kef"
    )
