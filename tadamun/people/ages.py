"""Age bands for statistics, in one place: from a year of birth and the current year.

The bands follow the programme's reporting (youth 18–24 and 25–34, as the national
statistics offices of Morocco and Tunisia cut them, and 60 and over).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AgeBand:
    code: str
    label: Promise | str
    youngest: int
    oldest: int | None  # None: and over


AGE_BANDS = (
    AgeBand("under_18", _("under 18"), 0, 17),
    AgeBand("18_24", _("18 to 24"), 18, 24),
    AgeBand("25_34", _("25 to 34"), 25, 34),
    AgeBand("35_44", _("35 to 44"), 35, 44),
    AgeBand("45_59", _("45 to 59"), 45, 59),
    AgeBand("60_plus", _("60 and over"), 60, None),
)
UNKNOWN = AgeBand("unknown", _("unknown"), -1, -1)


def age_band(birth_year: int | None, *, year: int | None = None) -> AgeBand:
    """The band of someone born in `birth_year`, in `year` (this year by default); the
    "unknown" band without a year of birth, or with one after `year`."""
    year = year or timezone.localdate().year
    if birth_year is None or birth_year > year:
        return UNKNOWN
    age = year - birth_year
    for band in AGE_BANDS:
        if age >= band.youngest and (band.oldest is None or age <= band.oldest):
            return band
    return UNKNOWN
