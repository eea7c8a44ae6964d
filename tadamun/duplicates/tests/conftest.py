import pytest

from tadamun.directory.tests.factories import ActorFactory


@pytest.fixture
def twins(db):
    """One cooperative of Nador as two registries wrote it."""
    first = ActorFactory(
        name_fr="Coopérative Tadamoun des femmes",
        place="MA-NAD-NADOR",
        sectors=["agrifood"],
        phone="+212661112233",
        founded=2015,
        sources=[("rnc", "RNC-7")],
    )
    second = ActorFactory(
        name_ar="تعاونية التضامن النسائية",
        name_fr="",
        place="MA-NAD-NADOR",
        sectors=["textile"],
        phone="0661 11 22 33",
        email="tadamoun@example.ma",
        members_women=24,
        sources=[("partners", "P-9")],
    )
    return first, second
