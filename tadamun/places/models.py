"""Countries and the administrative divisions and towns of Morocco and Tunisia.

Divisions carry their ISO 3166-2 code (MA-01 … MA-12 regions, MA-TNG … provinces and
prefectures, TN-11 … TN-83 governorates); towns carry a code made from their division's.
Every spelling a place is known by is a `PlaceName`, looked up through its folded key.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tadamun.core.models import NamedInThreeLanguages


class Country(NamedInThreeLanguages):
    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(max_length=3, unique=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    min_latitude = models.FloatField(null=True, blank=True)
    min_longitude = models.FloatField(null=True, blank=True)
    max_latitude = models.FloatField(null=True, blank=True)
    max_longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def contains(self, latitude: float, longitude: float) -> bool:
        """Whether a point lies in the country's bounding box (True when none is known)."""
        if self.min_latitude is None:
            return True
        return (
            self.min_latitude <= latitude <= self.max_latitude
            and self.min_longitude <= longitude <= self.max_longitude
        )


class Place(NamedInThreeLanguages):
    class Kind(models.TextChoices):
        REGION = "region", _("region")
        GOVERNORATE = "governorate", _("governorate")
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")
        DELEGATION = "delegation", _("delegation")
        TOWN = "town", _("town")
        DISTRICT = "district", _("district")

    # 1: region (MA) or governorate (TN); 2: province, prefecture or delegation;
    # 3: town; 4: a district of a town (the Medina of Tunis).
    LEVELS = {
        Kind.REGION: 1,
        Kind.GOVERNORATE: 1,
        Kind.PROVINCE: 2,
        Kind.PREFECTURE: 2,
        Kind.DELEGATION: 2,
        Kind.TOWN: 3,
        Kind.DISTRICT: 4,
    }

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="places")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["country_id", "level", "name_fr"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def ancestors(self) -> list["Place"]:
        """This place and the places that contain it, from the most to the least specific."""
        chain, place = [], self
        while place is not None:
            chain.append(place)
            place = place.parent
        return chain

    def ancestor_at(self, level: int) -> "Place | None":
        for place in self.ancestors():
            if place.level == level:
                return place
        return None


class PlaceName(models.Model):
    """A name or spelling a place is known by, with its folded form for lookup."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)
    # 0: the place's own names and listed variants; 1: derived by dropping a generic word
    # such as "province de" or "ولاية". An exact name wins over a derived one.
    priority = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "key"], name="place_name_key")]

    def __str__(self) -> str:
        return self.name
