"""Measures the privacy tests take of the database."""

from collections import Counter
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from tadamun.people.models import Person


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return "unknown"
    age = year - birth_year
    for limit, band in ((18, "<18"), (25, "18-24"), (35, "25-34"), (50, "35-49"), (65, "50-64")):
        if age < limit:
            return band
    return "65+"


def statistics() -> dict[str, Counter]:
    """Counts of people by mechanism, gender, age band, region, and all four together."""
    year = timezone.now().year
    found = {"mechanism": Counter(), "gender": Counter(), "age": Counter(), "region": Counter()}
    found["all"] = Counter()
    for person in Person.objects.select_related("place"):
        region = person.place.ancestor_at(1).code if person.place else ""
        key = (person.mechanism_id, person.gender, age_band(person.birth_year, year), region)
        found["mechanism"][key[0]] += 1
        found["gender"][key[1]] += 1
        found["age"][key[2]] += 1
        found["region"][key[3]] += 1
        found["all"][key] += 1
    return found


def places_holding(text: str) -> list[str]:
    """Every "table.column" of the database (every table, every column, whatever its type)
    whose value contains `text`, whatever the case."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                    [f"%{text.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)
