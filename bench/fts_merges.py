"""Writing a first import's search documents into SQLite's FTS5 index: merging its
segments as it goes (FTS5's setting) against merging them once at the end, as
`search.services.search_index_bulk_loading` does (ADR 0015); and with the indexes of
prefixes of 2, 3 and 4 letters that migration 0006 made against the one of 4 letters
that searches read (ADR 0016).

    .venv/bin/python bench/fts_merges.py FILE [--rows N] [--queries 300] [--repeat 2]

FILE is a registry in the actors format (`bench/import_registry.py` writes one). Its rows
are checked and their actors' search documents made once, as an import makes them; then,
into a freshly migrated temporary SQLite database and each time in a transaction that is
rolled back, `search.services.search_documents_add` stores them in batches of 10,000 (an
import's batches) the three ways in turn, `--repeat` times. It prints the seconds of the
writes, of the final merge, the rows of FTS5's own table at the end, and the median time
of prefix searches of four letters of the names' words (`search_fts MATCH 'word*'`)
against the index as each way leaves it. Foreign keys are off for the run: the documents
name actors the run does not store.
"""

import argparse
import gc
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamun.config.settings")
BATCH = 10_000


def _documents(path: Path, rows: int | None) -> list[tuple[int, dict]]:
    """The search documents of the file's rows that create an actor, as an import's
    checking processes prepare them (`imports.rows`), numbered from 1."""
    from tadamun.imports.columns import map_headers
    from tadamun.imports.formats import read_table
    from tadamun.imports.rows import RowChecker, _check_all, actor_maker

    table = read_table(path.read_bytes(), path.name)
    cells = table.rows[:rows] if rows else table.rows
    columns = map_headers(table.headers, None)
    checked = _check_all(
        cells, columns, len(table.headers), RowChecker().check, frozenset(), actor_maker()
    )
    prepared = [row.new.document for row in checked if row and row.new is not None]
    return list(enumerate(prepared, start=1))


def _search_times(words: list[str]) -> float:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for word in words:
            started = time.perf_counter()
            cursor.execute(
                "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s", [f'"{word}"*']
            )
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--rows", type=int, help="only the file's first N rows")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="the ways in turn, so many times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/fts.sqlite3"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        import sqlite3

        from django.core.management import call_command
        from django.db import connection, transaction

        from tadamun.search.services import search_documents_add, search_index_bulk_loading

        POSTINGS_ONLY = importlib.import_module("tadamun.search.migrations.0006_postings_only")

        call_command("migrate", verbosity=0)
        gc.disable()  # as during an import
        started = time.perf_counter()
        documents = _documents(args.file, args.rows)
        made = time.perf_counter() - started
        rng = random.Random(1)
        words = [
            w
            for _pk, d in rng.sample(documents, min(args.queries, len(documents)))
            if (w := max(d["names"].split(), key=len)[:4])
        ]
        print(
            f"SQLite {sqlite3.sqlite_version}, {len(documents):,} documents "
            f"(made in {made:.1f} s), {BATCH:,} to a batch\n"
        )
        print("| way | writes s | final merge s | total s | FTS5 rows | median search ms |")
        print("|---|---:|---:|---:|---:|---:|")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")
        ways = (
            ("merged as it goes, prefixes of 2, 3 and 4", False, True),
            ("merged once at the end, prefixes of 2, 3 and 4", True, True),
            ("merged once at the end, prefixes of 4", True, False),
        )
        for name, deferred, three_prefixes in ways * args.repeat:
            with transaction.atomic(), ExitStack() as loading:
                if three_prefixes:  # the index as migration 0006 made it
                    with connection.cursor() as cursor:
                        for statement in POSTINGS_ONLY.SQLITE:
                            cursor.execute(statement)
                started = time.perf_counter()
                if deferred:
                    loading.enter_context(search_index_bulk_loading())
                for start in range(0, len(documents), BATCH):
                    search_documents_add(documents[start : start + BATCH])
                writes = time.perf_counter() - started
                loading.close()  # the final merge
                total = time.perf_counter() - started
                with connection.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM search_fts_data")
                    (fts_rows,) = cursor.fetchone()
                searched = _search_times(words)
                transaction.set_rollback(True)
            print(
                f"| {name} | {writes:.1f} | {total - writes:.1f} | {total:.1f} | "
                f"{fts_rows:,} | {searched:.2f} |"
            )


if __name__ == "__main__":
    main()
