"""Writes to the place vocabulary."""

from django.db import transaction

from tadamun.places.models import Country, Place, PlaceName
from tadamun.places.reference import load_reference_places
from tadamun.places.selectors import place_index_clear


@transaction.atomic
def places_load_reference() -> dict[str, int]:
    """Load or refresh the shipped countries, divisions, towns and their spellings."""
    counts = load_reference_places(Country, Place, PlaceName)
    place_index_clear()
    return counts
