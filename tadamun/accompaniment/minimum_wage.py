"""The legal minimum wages that decide whether a job created pays at least the minimum.

One table, dated: a wage applies from its `effective` date until the next one of the same
country. When a decree changes a minimum wage, add a row (never change an old one: the
jobs recorded under it were judged by it) with its source.

Amounts are gross monthly wages of a full-time worker in the non-agricultural sectors:
- Morocco, SMIG: the hourly rate times 191 hours a month (Labour Code, art. 356);
- Tunisia, SMIG of the 48-hour weekly regime, indemnité complémentaire provisoire
  included (the 40-hour regime's is lower: a job at or above the 48-hour amount is above
  both).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class MinimumWage:
    country: str  # ISO 3166-1 alpha-2
    effective: date
    monthly: Decimal
    currency: str
    source: str


MINIMUM_WAGES: tuple[MinimumWage, ...] = (
    MinimumWage(
        "MA",
        date(2023, 9, 1),
        Decimal("3111.39"),
        "MAD",
        "Décret n° 2.23.799: SMIG 16,29 DH/h × 191 h",
    ),
    MinimumWage(
        "MA",
        date(2025, 1, 1),
        Decimal("3266.10"),
        "MAD",
        "Décret n° 2.24.1122 (accord social du 29 avril 2024): SMIG 17,10 DH/h × 191 h",
    ),
    MinimumWage(
        "MA",
        date(2026, 1, 1),
        Decimal("3422.72"),
        "MAD",
        "Décret n° 2.25.983 (accord social du 29 avril 2024): SMIG 17,92 DH/h × 191 h",
    ),
    MinimumWage(
        "TN",
        date(2022, 10, 1),
        Decimal("459.264"),
        "TND",
        "Décret gouvernemental du 19 octobre 2022: SMIG régime 48 h",
    ),
    MinimumWage(
        "TN",
        date(2025, 1, 1),
        Decimal("528.320"),
        "TND",
        "Décret n° 2024-419 du 9 juillet 2024 (+7 % mai 2024, +7,5 % janvier 2025): "
        "SMIG régime 48 h",
    ),
)

CURRENCIES = {"MA": "MAD", "TN": "TND"}


def minimum_wage(country: str, on: date) -> MinimumWage | None:
    """The minimum wage in force in `country` on `on`, or None when none is known."""
    found = None
    for wage in MINIMUM_WAGES:
        if wage.country == country and wage.effective <= on:
            if found is None or wage.effective > found.effective:
                found = wage
    return found


def currency_of(country: str) -> str:
    return CURRENCIES.get(country, "")
