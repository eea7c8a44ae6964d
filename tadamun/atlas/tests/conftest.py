import pytest

from tadamun.directory.tests.factories import ActorFactory


@pytest.fixture
def maghreb(db):
    """A small directory spread over both countries, with the fields the map counts."""
    actors = {
        "amal": ActorFactory(
            name_ar="تعاونية الأمل للنسيج",
            name_fr="Coopérative Al Amal de tissage",
            place="TN-72-NEFTA",
            sectors=["handicrafts"],
            women_led=True,
            members_women=25,
            members_men=0,
        ),
        "annour": ActorFactory(
            name_fr="Association Annour",
            legal_form="association",
            place="TN-33-LEKEF",
            members_women=10,
            members_men=30,
        ),
        "berkane": ActorFactory(
            name_fr="Coopérative Berkane Miel",
            place="MA-BER-BERKANE",
            sectors=["agriculture"],
            members_women=4,
            members_men=6,
        ),
    }
    for n in range(12):
        actors[f"nador{n}"] = ActorFactory(
            name_fr=f"Coopérative Tifawin {n}",
            place="MA-NAD-NADOR",
            latitude=35.17 + n * 0.002,
            longitude=-2.93 + n * 0.002,
            women_led=n % 3 == 0,
            members_women=n,
            members_men=1,
            legal_form="association" if n % 4 == 0 else "cooperative",
        )
    for n in range(3):
        actors[f"tanger{n}"] = ActorFactory(
            name_fr=f"Association Tanja {n}",
            legal_form="association",
            place="MA-TNG-TANGER",
            sectors=["care"],
        )
    return actors
