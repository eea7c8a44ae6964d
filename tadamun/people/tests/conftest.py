"""People of the two mechanisms, recorded with their consent, and private files kept in
each test's own folder."""

import pytest

from tadamun.people.models import Consent, ConsentText, Purpose
from tadamun.people.services import ConsentGiven, person_create
from tadamun.places.models import Place


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.TADAMUN_PRIVATE_FILES = tmp_path / "private"
    return settings.TADAMUN_PRIVATE_FILES


def text_of(purpose: str) -> ConsentText:
    return ConsentText.objects.filter(purpose=purpose).order_by("-version").first()


def signed(purpose: str = Purpose.ACCOMPANIMENT) -> ConsentGiven:
    return ConsentGiven(text=text_of(purpose), method=Consent.Method.SIGNED_FORM)


def record(mechanism, by, full_name: str, **fields):
    """A person of `mechanism`, recorded by `by` with a signed accompaniment consent."""
    return person_create(
        mechanism=mechanism, by=by, fields={"full_name": full_name, **fields}, consent=signed()
    )


@pytest.fixture
def fatima(nador, amina):
    """A woman of Nador, written in Arabic, who agreed to be contacted."""
    from tadamun.people.services import consent_record

    person = record(
        nador,
        amina,
        "فاطمة الزهراء بنعلي",
        gender="woman",
        birth_year=1990,
        phone="+212 6 61 11 22 33",
        place=Place.objects.get(code="MA-NAD"),
    )
    consent_record(
        person=person, text=text_of(Purpose.CONTACT), method="online", witness="", by=amina
    )
    return person


@pytest.fixture
def mongi(le_kef, sami):
    """A man of Le Kef, who agreed to be contacted too."""
    from tadamun.people.services import consent_record

    person = record(
        le_kef,
        sami,
        "Mongi Ben Salah",
        gender="man",
        birth_year=1970,
        phone="+216 98 765 432",
        place=Place.objects.get(code="TN-33"),
    )
    consent_record(
        person=person, text=text_of(Purpose.CONTACT), method="online", witness="", by=sami
    )
    return person
