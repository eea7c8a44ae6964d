"""Inserting many narrow rows into SQLite: why `core.bulk.insert_rows` writes hundreds of
rows to a statement (docs/adr/0013-bulk-writes-without-per-row-costs.md).

    .venv/bin/python bench/sqlite_inserts.py [--rows 2000000]

Times the same rows (a blocking key's text and an actor id, as `duplicates_blockkey`
holds them) written three ways, each into a fresh database file with Tadamun's settings
(WAL, synchronous NORMAL, foreign keys on, a 256 MB page cache, temporary tables in
memory) and in one transaction: `executemany` into a table whose key has AUTOINCREMENT
(as Django makes every table on SQLite), the same into a table without it, `executemany`
into a scratch table followed by one INSERT … SELECT into the AUTOINCREMENT table, and
INSERTs of 500 rows each (many VALUES to a statement, as `insert_rows` writes them) into
the AUTOINCREMENT table.
"""

import argparse
import itertools
import os
import random
import sqlite3
import tempfile
import time

BATCH = 68_000  # about the blocking keys of one import batch


def _connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "cache_size=-262144",
        "foreign_keys=ON",
    ):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("PRAGMA temp_store=MEMORY")
    return connection


def _table(connection: sqlite3.Connection, autoincrement: bool) -> None:
    connection.execute(
        "CREATE TABLE k (id integer NOT NULL PRIMARY KEY"
        + (" AUTOINCREMENT" if autoincrement else "")
        + ", key varchar(80) NOT NULL, actor_id bigint NOT NULL)"
    )


def _direct(connection, rows) -> None:
    for start in range(0, len(rows), BATCH):
        connection.executemany(
            "INSERT INTO k (key, actor_id) VALUES (?, ?)", rows[start : start + BATCH]
        )


def _scratch(connection, rows) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute("CREATE TEMP TABLE s AS SELECT key, actor_id FROM k WHERE 0")
        connection.executemany("INSERT INTO s VALUES (?, ?)", rows[start : start + BATCH])
        connection.execute("INSERT INTO k (key, actor_id) SELECT key, actor_id FROM s")
        connection.execute("DROP TABLE temp.s")


def _many_to_a_statement(connection, rows, per: int = 500) -> None:
    one = "INSERT INTO k (key, actor_id) VALUES "
    for start in range(0, len(rows), per):
        part = rows[start : start + per]
        connection.execute(
            one + ", ".join(["(?, ?)"] * len(part)), list(itertools.chain.from_iterable(part))
        )


WAYS = [
    ("executemany, AUTOINCREMENT key", True, _direct),
    ("executemany, key without AUTOINCREMENT", False, _direct),
    ("scratch table then INSERT … SELECT, AUTOINCREMENT key", True, _scratch),
    ("500 rows to an INSERT, AUTOINCREMENT key", True, _many_to_a_statement),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    letters = "bcdfgklmnrst"
    rows = [
        (f"n:r{random.randint(1, 80)}:{''.join(random.choices(letters, k=6))}", n)
        for n in range(args.rows)
    ]
    print(f"SQLite {sqlite3.sqlite_version}, {args.rows:,} rows\n")
    print("| way | seconds | µs a row |")
    print("|---|---:|---:|")
    for name, autoincrement, write in WAYS:
        with tempfile.TemporaryDirectory() as folder:
            connection = _connect(os.path.join(folder, "bench.sqlite3"))
            _table(connection, autoincrement)
            connection.execute("BEGIN")
            started = time.perf_counter()
            write(connection, rows)
            seconds = time.perf_counter() - started
            connection.execute("COMMIT")
            (count,) = connection.execute("SELECT COUNT(*) FROM k").fetchone()
            assert count == len(rows)
            connection.close()
        print(f"| {name} | {seconds:.2f} | {seconds / len(rows) * 1e6:.2f} |")


if __name__ == "__main__":
    main()
