"""Writes of mechanisms."""

from django.db import transaction

from tadamun.mechanisms.models import Mechanism
from tadamun.places.models import Country, Place

# The joint mechanisms of CSOs, local authorities and universities the TAGHYIR programme
# sets up in three territories of Morocco and three of Tunisia (seeds 000 and 001).
PROGRAMME = (
    ("tanger", "MA", "MA-TNG", "آلية طنجة", "Dispositif de Tanger", "Tangier mechanism"),
    ("nador", "MA", "MA-NAD", "آلية الناظور", "Dispositif de Nador", "Nador mechanism"),
    ("berkane", "MA", "MA-BER", "آلية بركان", "Dispositif de Berkane", "Berkane mechanism"),
    ("le-kef", "TN", "TN-33", "آلية الكاف", "Dispositif du Kef", "Le Kef mechanism"),
    ("nefta", "TN", "TN-72", "آلية نفطة", "Dispositif de Nefta", "Nefta mechanism"),
    ("tunis", "TN", "TN-11", "آلية تونس", "Dispositif de Tunis", "Tunis mechanism"),
)


@transaction.atomic
def mechanisms_load_programme() -> int:
    """The programme's six territorial mechanisms (kept as they are when they exist)."""
    created = 0
    for slug, country, territory, name_ar, name_fr, name_en in PROGRAMME:
        mechanism, new = Mechanism.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": Mechanism.Kind.TERRITORIAL,
                "country": Country.objects.get(code=country),
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_en,
            },
        )
        if new:
            mechanism.territories.set(Place.objects.filter(code=territory))
            created += 1
    return created
