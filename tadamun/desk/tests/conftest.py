"""Helpers of the one-stop shop's tests: consent texts, people and requests."""

import time

import pytest

from tadamun.desk import antispam
from tadamun.people.models import Consent, ConsentText, Purpose
from tadamun.people.services import ConsentGiven, person_create
from tadamun.places.models import Place


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.TADAMUN_PRIVATE_FILES = tmp_path / "private"


def accompaniment_text() -> ConsentText:
    return ConsentText.objects.filter(purpose=Purpose.ACCOMPANIMENT).order_by("-version").first()


def signed() -> ConsentGiven:
    return ConsentGiven(text=accompaniment_text(), method=Consent.Method.SIGNED_FORM)


def place(code: str) -> Place:
    return Place.objects.get(code=code)


def record_person(mechanism, by, full_name: str, **fields):
    return person_create(
        mechanism=mechanism, by=by, fields={"full_name": full_name, **fields}, consent=signed()
    )


def aged_token(seconds: float = 30) -> str:
    """A form token served `seconds` ago."""
    return antispam.token_new(now=time.time() - seconds)


def public_data(**changes) -> dict:
    data = {
        "full_name": "Rachida Boukili",
        "phone": "0661 23 45 67",
        "email": "",
        "gender": "woman",
        "birth_year": "1992",
        "place": place("MA-NAD-NADOR").pk,
        "topic": "creation",
        "message": "Je veux créer une coopérative de couscous avec quatre voisines.",
        "consent": "on",
        "website": "",
        "token": aged_token(),
    }
    return {**data, **changes}
