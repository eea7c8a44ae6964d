"""Search latency at scale: p50 and p95 over a mixed query set, per kind of query.

    DATABASE_URL=... .venv/bin/python bench/search_speed.py [--reindex] [--queries 400]

Runs against the database DATABASE_URL names (SQLite by default, the one under var/),
which should hold a large directory (`tadamun demo --actors 1000000`). Each query goes
through the search service as the API calls it (the count and the first page of 20);
`--facets` also times the facet counts the directory page shows. `--reindex` first rebuilds
the whole search index and reports how long that took. Prints the database size.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamun.config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from tadamun.demo.generator import ACTIVITIES, LEGAL_FORMS, NAME_WORDS  # noqa: E402
from tadamun.directory.filters import parse_filters  # noqa: E402
from tadamun.directory.models import Actor  # noqa: E402
from tadamun.search.services import (  # noqa: E402
    actor_facets,
    actor_search,
    search_reindex_all,
)

PLACES = [
    ("طنجة", "Tanger", "Tangier"),
    ("الناظور", "Nador", "Nador"),
    ("بركان", "Berkane", "Berkane"),
    ("الكاف", "Le Kef", "El Kef"),
    ("نفطة", "Nefta", "Nefta"),
    ("تونس", "Tunis", "Tunis"),
    ("تطوان", "Tetuan", "Tetouan"),
    ("القصرين", "Kasserine", "Kasserine"),
]
FILTERS = [
    {"country": "MA"},
    {"country": "TN"},
    {"legal_form": "association"},
    {"territory": "MA-01"},
    {"women_led": "true"},
    {"sector": "care"},
    {"territory": "TN-33", "legal_form": "cooperative"},
]


def query_set(count: int, seed: int = 7) -> list[tuple[str, str, dict]]:
    """(kind, text, filters): one word, several words, Arabic, Latin, with and without
    filters, in equal shares."""
    rng = random.Random(seed)
    queries = []
    for n in range(count):
        word_ar, latin = rng.choice(NAME_WORDS)
        act_ar, act_fr, act_en, _sector = rng.choice(ACTIVITIES)
        form = rng.choice(list(LEGAL_FORMS.values()))
        place = rng.choice(PLACES)
        kind = [
            "one word, Latin",
            "one word, Arabic",
            "several words, Latin",
            "several words, Arabic",
        ][n % 4]
        if kind == "one word, Latin":
            text = rng.choice([rng.choice(latin), act_fr.split()[-1], place[1], form[2]])
        elif kind == "one word, Arabic":
            text = rng.choice([word_ar, act_ar, place[0], form[1]])
        elif kind == "several words, Latin":
            text = rng.choice(
                [
                    f"{form[2]} {rng.choice(latin)} {act_fr}",
                    f"{rng.choice(latin)} {act_en} {place[2]}",
                    f"{rng.choice(latin)} {place[1]}",
                ]
            )
        else:
            text = rng.choice(
                [f"{form[1]} {word_ar} {act_ar}", f"{word_ar} {place[0]}", f"{act_ar} {place[0]}"]
            )
        filters = rng.choice(FILTERS) if n % 8 >= 4 else {}
        queries.append((kind + (", filtered" if filters else ""), text, filters))
    return queries


def database_size() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    else:
        size = Path(connection.settings_dict["NAME"]).stat().st_size
    return f"{size / 1024**3:.2f} GB"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--reindex", action="store_true")
    parser.add_argument("--facets", action="store_true")
    parser.add_argument("--slowest", type=int, default=0, help="List the slowest queries.")
    args = parser.parse_args()

    actors = Actor.objects.count()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {connection.vendor}; {actors:,} actors; "
        f"database {database_size()}."
    )
    if args.reindex:
        started = time.perf_counter()
        indexed = search_reindex_all()
        print(
            f"Reindexed {indexed:,} actors in {time.perf_counter() - started:.0f} s "
            f"({indexed / (time.perf_counter() - started):,.0f}/s); "
            f"database now {database_size()}."
        )

    for _kind, text, filters in query_set(40, seed=99):  # warm the caches
        actor_search(text=text, filters=parse_filters(filters), limit=20)

    timings: dict[str, list[float]] = {}
    facet_timings: list[float] = []
    slowest: list[tuple] = []
    for kind, text, filters in query_set(args.queries):
        started = time.perf_counter()
        page = actor_search(text=text, filters=parse_filters(filters), limit=20)
        elapsed = (time.perf_counter() - started) * 1000
        timings.setdefault(kind, []).append(elapsed)
        slowest.append((elapsed, kind, text, filters))
        if args.facets:
            started = time.perf_counter()
            actor_facets(text=text, filters=parse_filters(filters), expression=page.expression)
            facet_timings.append((time.perf_counter() - started) * 1000)

    if args.slowest:
        print("\nSlowest queries:")
        for elapsed, kind, text, filters in sorted(slowest, reverse=True)[: args.slowest]:
            print(f"  {elapsed:7.1f} ms  {kind}: {text!r} {filters or ''}")
    every = [t for values in timings.values() for t in values]
    print(f"\n| queries ({connection.vendor}) | n | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for kind in sorted(timings):
        values = timings[kind]
        print(
            f"| {kind} | {len(values)} | {statistics.median(values):.1f} | "
            f"{percentile(values, 0.95):.1f} | {max(values):.1f} |"
        )
    print(
        f"| **all** | {len(every)} | {statistics.median(every):.1f} | "
        f"{percentile(every, 0.95):.1f} | {max(every):.1f} |"
    )
    if facet_timings:
        print(
            f"| facet counts of the page | {len(facet_timings)} | "
            f"{statistics.median(facet_timings):.1f} | "
            f"{percentile(facet_timings, 0.95):.1f} | {max(facet_timings):.1f} |"
        )


if __name__ == "__main__":
    main()
