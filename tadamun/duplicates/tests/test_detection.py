"""Finding the records that are one organisation, across scripts and spellings, and not
the organisations that merely share a common name."""

import pytest

from tadamun.directory.tests.factories import ActorFactory
from tadamun.duplicates.models import Candidate
from tadamun.duplicates.services import duplicates_scan


def pair_of(x, y):
    a, b = sorted((x.pk, y.pk))
    return Candidate.objects.filter(actor_a_id=a, actor_b_id=b).first()


@pytest.fixture
def al_amal_berkane(db):
    return ActorFactory(
        name_fr="Coopérative Al Amal pour le miel",
        place="MA-BER-BERKANE",
        sectors=["agrifood"],
        phone="+212661234567",
        sources=[("rnc", "R1")],
    )


def test_arabic_record_of_the_same_cooperative_is_found(al_amal_berkane):
    arabic = ActorFactory(
        name_ar="تعاونية الأمل لإنتاج العسل",
        name_fr="",
        place="MA-BER-BERKANE",
        phone="0661 23 45 67",
        sources=[("partners", "P1")],
    )
    duplicates_scan()
    candidate = pair_of(al_amal_berkane, arabic)
    assert candidate is not None
    codes = {code for code, _value, _weight in candidate.reasons}
    assert {"name", "phone"} <= codes


def test_same_common_name_in_another_country_is_not_proposed(al_amal_berkane):
    le_kef = ActorFactory(
        name_fr="Coopérative Al Amal de tissage", place="TN-33-LEKEF", sectors=["textile"]
    )
    duplicates_scan()
    assert pair_of(al_amal_berkane, le_kef) is None


def test_transliteration_and_typo_variants_are_found(al_amal_berkane):
    variant = ActorFactory(name_fr="Coop. El Amel", place="MA-BER-BERKANE", sectors=["agrifood"])
    duplicates_scan()
    assert pair_of(al_amal_berkane, variant) is not None
