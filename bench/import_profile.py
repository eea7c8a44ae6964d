"""Where an import's time goes: every SQL statement of one import timed, and the steps of
checking and preparing rows timed in one process.

    .venv/bin/python bench/import_profile.py FILE [--database-url URL] [--steps]

FILE is a registry in the actors format (`bench/import_registry.py` writes one; the
figures of bench/RESULTS.md are of its million rows). The import runs in this process,
into a freshly migrated database (a temporary SQLite file, or the PostgreSQL database
named, dropped and created again) as `tadamun import actors --no-scan` runs it, with its
checking processes; it prints the seconds of reading the file and of the import, then
the statements by total time: how many times each ran, how many rows it wrote (bulk
inserts and `executemany`), its first words (bulk inserts, `core.bulk.load_rows`, are
named by their table). `--steps`
then times, in this process alone and without the database, what the checking processes
do for each row: checking it, then for the rows that create an actor making it, the
directory's rules and derived fields, its search document, its blocking keys (and,
side by side, the same keys made through a whole duplicate-detection profile), its point
on the map.
"""

import argparse
import gc
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamun.config.settings")


def _timed_statements(stats):
    """An execute wrapper adding each statement's time to `stats` (bulk inserts go past it,
    a COPY on PostgreSQL, the driver's own cursor on SQLite: `load_rows` is timed
    apart)."""

    def wrap(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = stats[" ".join(sql.split())[:80]]
            entry[0] += 1
            entry[1] += time.perf_counter() - started
            entry[2] += len(params) if many else 0

    return wrap


def _timed_copies(stats):
    """`core.bulk.load_rows` timed, wherever it was imported."""
    from tadamun.atlas import services as atlas
    from tadamun.core import bulk
    from tadamun.directory import services as directory
    from tadamun.duplicates import keys
    from tadamun.search import services as search

    real = bulk.load_rows

    def load_rows(table, columns, rows):
        rows = list(rows)
        started = time.perf_counter()
        try:
            return real(table, columns, rows)
        finally:
            entry = stats[f"load_rows {table}"]
            entry[0] += 1
            entry[1] += time.perf_counter() - started
            entry[2] += len(rows)

    for module in (bulk, atlas, directory, keys, search):
        module.load_rows = load_rows


def _steps(table) -> None:
    from operator import attrgetter

    from django.core.exceptions import ValidationError

    from tadamun.atlas.services import atlas_point_of
    from tadamun.directory.services import actor_derive, actor_validate
    from tadamun.duplicates import blocking, profiles
    from tadamun.duplicates.keys import actor_keys
    from tadamun.imports.columns import map_headers
    from tadamun.imports.rows import RowChecker, _check_all, actor_maker
    from tadamun.search.documents import document_fields, indexing_context

    gc.disable()  # as in the checking processes
    columns = map_headers(table.headers, None)
    times: dict[str, float] = {}

    def timed(name, work):
        started = time.perf_counter()
        done = work()
        times[name] = time.perf_counter() - started
        return done

    checked = timed(
        "check", lambda: _check_all(table.rows, columns, len(table.headers), RowChecker().check)
    )
    good = [row for row in checked if row is not None and not row.errors]
    make = actor_maker()
    made = timed("make the actor", lambda: [(make(r.fields), r.sector_ids or []) for r in good])

    def rules():
        kept = []
        for actor, sectors in made:
            try:
                actor_validate(actor)
                actor_derive(actor, with_places=False)
            except ValidationError:
                continue
            kept.append((actor, sectors))
        return kept

    actors = timed("rules and derived fields", rules)
    context = indexing_context()
    timed("search document", lambda: [document_fields(a, s, context) for a, s in actors])
    timed("blocking keys", lambda: [actor_keys(a) for a, _sectors in actors])
    timed("map point", lambda: [atlas_point_of(a, tuple(s)) for a, s in actors])
    # The same keys made through a whole profile of each actor (as before they were made
    # from the fields), the names analysed anew.
    for cached in (blocking._name_keys, profiles.names_info, profiles.name_parts):
        cached.cache_clear()
    values = attrgetter(*profiles.COLUMNS)
    timed(
        "blocking keys through a whole profile",
        lambda: [
            blocking.blocking_keys(profiles.profile(values(a), frozenset(s))) for a, s in actors
        ],
    )
    print(f"\nOne process, {len(table.rows):,} rows ({len(actors):,} creating an actor):\n")
    print("| step | seconds | µs a row |")
    print("|---|---:|---:|")
    for name, seconds in times.items():
        count = len(table.rows) if name == "check" else len(actors)
        print(f"| {name} | {seconds:.1f} | {seconds / max(count, 1) * 1e6:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--database-url", help="a PostgreSQL database to drop and create")
    parser.add_argument("--steps", action="store_true", help="time checking and preparing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        os.environ["TADAMUN_VAR_DIR"] = var
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        if args.database_url:
            sys.path.insert(0, str(ROOT / "bench"))
            from import_speed import _fresh_postgresql

            _fresh_postgresql(args.database_url)
            os.environ["DATABASE_URL"] = args.database_url
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{var}/profile.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from tadamun.imports.formats import read_table
        from tadamun.imports.services import actors_import

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        table = read_table(args.file.read_bytes(), args.file.name)
        read = time.perf_counter() - started
        stats: dict[str, list] = defaultdict(lambda: [0, 0.0, 0])
        _timed_copies(stats)
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(_timed_statements(stats)):
            result = actors_import(table=table, source="bench")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{connection.vendor}, {len(table.rows):,} rows: reading the file {read:.1f} s, "
            f"the import {seconds:.1f} s (its commit included; {cpu:.1f} s of this "
            f"process's processor time, its checking processes' apart) {result.summary()}\n"
        )
        print("| seconds | times | rows written | statement |")
        print("|---:|---:|---:|---|")
        shown = sorted(stats.items(), key=lambda item: -item[1][1])
        for sql, (times, spent, rows) in shown[:20]:
            print(f"| {spent:.1f} | {times:,} | {rows:,} | `{sql}` |")
        total = sum(entry[1] for entry in stats.values())
        print(f"\nAll statements: {total:.1f} s of the import's {seconds:.1f} s.")
        if args.steps:
            _steps(table)


if __name__ == "__main__":
    main()
