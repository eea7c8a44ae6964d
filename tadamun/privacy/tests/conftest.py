"""People of the mechanisms, with their consents and documents, made straight with the
models (the people app's services are written alongside)."""

import hashlib
import secrets

import pytest

from tadamun.documents.models import Document
from tadamun.people.models import Consent, ConsentText, Person, Purpose
from tadamun.places.models import Place


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.TADAMUN_PRIVATE_FILES = tmp_path / "private"
    settings.TADAMUN_PRIVATE_FILES.mkdir()
    return settings.TADAMUN_PRIVATE_FILES


@pytest.fixture
def accompaniment_text(db):
    """The latest text of the consent to the accompaniment (the people app may publish
    its own in a migration)."""
    text = ConsentText.objects.filter(purpose=Purpose.ACCOMPANIMENT).order_by("-version").first()
    return text or ConsentText.objects.create(
        purpose=Purpose.ACCOMPANIMENT,
        version=1,
        text_ar="أوافق على أن يحتفظ الجهاز بملفي لمرافقتي.",
        text_fr="J'accepte que le dispositif garde ma fiche pour m'accompagner.",
        text_en="I agree that the mechanism keeps my record to accompany me.",
    )


@pytest.fixture
def make_person(accompaniment_text, private_files):
    """make_person(mechanism, full_name, place="MA-NAD-NADOR", documents=0, **fields): a
    person with a consent to the accompaniment (and documents whose files exist)."""

    def make(mechanism, full_name, *, place="MA-NAD-NADOR", documents=0, witness="", **fields):
        person = Person.objects.create(
            mechanism=mechanism,
            full_name=full_name,
            place=Place.objects.get(code=place) if place else None,
            search_keys=full_name.lower(),
            **fields,
        )
        Consent.objects.create(
            person=person,
            text=accompaniment_text,
            purpose=Purpose.ACCOMPANIMENT,
            method=Consent.Method.ORAL_WITNESSED if witness else Consent.Method.SIGNED_FORM,
            witness=witness,
        )
        for number in range(documents):
            content = f"%PDF-1.4 {full_name} {number}".encode()
            stored = secrets.token_hex(16)
            (private_files / stored).write_bytes(content)
            Document.objects.create(
                mechanism=mechanism,
                person=person,
                title=f"CIN {full_name} {number}",
                original_name=f"cin-{full_name.split()[-1].lower()}-{number}.pdf",
                stored_name=stored,
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
        return person

    return make


@pytest.fixture
def fatima(make_person, nador, amina):
    """A beneficiary of Nador with everything: contacts, notes, an oral consent before a
    witness, two documents, and a look at her record by an advisor."""
    from tadamun.audit.services import audit_record

    person = make_person(
        nador,
        "Fatima Zahra Bouchrati",
        gender=Person.Gender.WOMAN,
        birth_year=1991,
        phone="+212661987654",
        email="f.bouchrati@example.ma",
        notes="Bouchrati wants to start a couscous cooperative.",
        witness="Khadija Ouazzani",
        documents=2,
        created_by=amina,
    )
    audit_record(request=None, user=amina, mechanism=nador, action="view", obj=person)
    return person


@pytest.fixture
def crowd(make_person, nador, le_kef):
    """People of both mechanisms, of every gender, age and place, for the statistics."""
    years = [1950, 1970, 1985, 1999, 2006, None]
    genders = [*Person.Gender.values]
    places = ["MA-NAD-NADOR", "MA-NAD", None]
    people = []
    for number in range(18):
        mechanism = nador if number % 3 else le_kef
        place = "TN-33-LEKEF" if mechanism == le_kef else places[number % 3]
        people.append(
            make_person(
                mechanism,
                f"Person {number}",
                place=place,
                gender=genders[number % len(genders)],
                birth_year=years[number % len(years)],
            )
        )
    return people
