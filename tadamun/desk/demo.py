"""Demo requests: a few in each mechanism of the programme, some overdue, and one from a
place no mechanism serves, as the public form would have received them."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tadamun.desk.models import Request
from tadamun.desk.services import request_submit_public
from tadamun.mechanisms.models import Mechanism
from tadamun.people.models import Purpose
from tadamun.people.selectors import consent_text_current
from tadamun.places.models import Place

# (name, phone, e-mail, gender, year of birth, topic, language, message, hours ago)
REQUESTS = (
    (
        "فاطمة الزهراء بنعلي",
        "0661 11 22 33",
        "",
        "woman",
        1990,
        "creation",
        "ar",
        "أريد تأسيس تعاونية للكسكس مع أربع نساء من الحي. ما هي الوثائق المطلوبة؟",
        120,
    ),
    (
        "Youssef El Amrani",
        "0662 45 67 89",
        "youssef.amrani@example.ma",
        "man",
        1998,
        "financing",
        "fr",
        "Notre coopérative apicole cherche un financement pour acheter des ruches modernes.",
        10,
    ),
    (
        "Khadija Ouali",
        "",
        "k.ouali@example.org",
        "woman",
        1976,
        "marketing",
        "en",
        "Our weaving cooperative cannot sell outside the souk. Is there a training on "
        "online sales?",
        80,
    ),
    (
        "Mounir Haddad",
        "0663 98 76 54",
        "",
        "man",
        2003,
        "training",
        "fr",
        "Je cherche une formation en comptabilité pour les associations.",
        2,
    ),
)


def _places_of(mechanism: Mechanism) -> list[Place]:
    territories = list(mechanism.territories.all())
    towns = list(Place.objects.filter(parent__in=territories, level=3))
    return towns or territories


@transaction.atomic
def demo_load_requests() -> int:
    """Loads the demo requests once (nothing when there are requests already)."""
    text = consent_text_current(Purpose.ACCOMPANIMENT)
    if text is None or Request.objects.exists():
        return 0
    now = timezone.now()
    made = 0
    for number, mechanism in enumerate(Mechanism.objects.active().order_by("pk")):
        places = _places_of(mechanism)
        if not places:
            continue
        for position, row in enumerate(REQUESTS[: 2 + number % 3]):
            name, phone, email, gender, year, topic, language, message, hours = row
            suffix = f" {mechanism.slug[:3].upper()}" if number else ""
            request_submit_public(
                full_name=name + suffix,
                phone=phone,
                email=email,
                gender=gender,
                birth_year=year,
                place=places[position % len(places)],
                topic=topic,
                message=message,
                consent_text=text,
                language=language,
                received_at=now - timedelta(hours=hours + number),
            )
            made += 1
    casablanca = Place.objects.filter(code="MA-CAS").first()
    if casablanca is not None and not Mechanism.objects.filter(territories=casablanca).exists():
        request_submit_public(
            full_name="Salma Bennani",
            email="salma.bennani@example.ma",
            place=casablanca,
            topic="information",
            message="Y a-t-il une maison de l'ESS à Casablanca ?",
            consent_text=text,
            language="fr",
            received_at=now - timedelta(hours=30),
        )
        made += 1
    return made
