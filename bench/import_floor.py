"""What bounds a first import: the work of checking and preparing its rows, and the work
of the database storing them, each measured alone, and the most rows a second that the
machine's cores could import if nothing else cost anything.

    .venv/bin/python bench/import_floor.py FILE [--database-url URL]

FILE is a registry in the actors format (`bench/import_registry.py` writes one). Three
parts, each a process of its own:

1. **the import as it is**: FILE imported into a freshly migrated database as `tadamun
   import actors --no-scan` imports it (in process, with its checking processes), timed
   whole, its rows per second;
2. **checking and preparing**: every row of FILE checked and, when it would create an
   actor, prepared (its row, sectors, search document, point on the map; not its
   blocking keys, which a first import leaves to the scan after it) by the code and with
   the arguments of the checking processes (`imports.rows._check_all`), in one process:
   its processor seconds (W);
3. **storing**: what the import stored copied into a second freshly migrated database by
   SQL alone, no Python per row (SQLite: `INSERT … SELECT` from the first, attached;
   PostgreSQL: each table's COPY, saved to a file first, sent back as it is), in one
   transaction with the import's own bulk loading (indexes deferred then built, the
   full-text index merged once), the map's counts grouped as the import groups them,
   then committed: seconds and processor seconds (S; on PostgreSQL those of the
   server's process too), part by part. On SQLite it runs twice: first as SQLite sorted
   before `core.bulk.sorts_in_runs` (its temporary store in memory, one run as large as
   the page cache; rolled back), then as the import runs.

The bound is rows / ((W + S) / cores): what an import could not beat even if the
importing process did nothing but send the rows' SQL, and every core were busy from its
first row to its commit. The databases are temporary (SQLite) or `URL` and `URL`_floor,
dropped and created again (PostgreSQL).
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamun.config.settings")


def _setup() -> None:
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _table(path: Path):
    from tadamun.imports.formats import read_table

    return read_table(path.read_bytes(), path.name)


def _import(path: Path) -> dict:
    from tadamun.imports.services import actors_import

    table = _table(path)
    started, cpu = time.perf_counter(), time.process_time()
    result = actors_import(table=table, source="bench")
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rows": result.rows,
        "created": result.created,
    }


def _checks(path: Path) -> dict:
    import gc

    from tadamun.imports.columns import map_headers
    from tadamun.imports.rows import RowChecker, _check_all, actor_maker

    table = _table(path)
    columns = map_headers(table.headers, None)
    gc.disable()  # as in the checking processes
    checker, make = RowChecker(), actor_maker()
    cpu = time.process_time()
    _check_all(table.rows, columns, len(table.headers), checker.check, (), make, keys=False)
    return {"cpu": time.process_time() - cpu}


def _written() -> list:
    """The tables an import writes row by row (the map's counts are grouped from them)."""
    from tadamun.atlas.models import AtlasPoint
    from tadamun.directory.models import Actor, ActorSource
    from tadamun.duplicates.models import BlockKey
    from tadamun.search.models import PhoneticVariant, SearchDocument

    return [
        Actor,
        Actor.sectors.through,
        ActorSource,
        SearchDocument,
        PhoneticVariant,
        AtlasPoint,
        BlockKey,
    ]


def _backend_cpu() -> float:
    """Processor seconds of this connection's PostgreSQL server process (on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Clock:
    """Seconds and processor seconds of the parts of a run, in order."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, float, float]] = []
        self.postgresql = os.environ["DATABASE_URL"].startswith("postgres")

    def cpu(self) -> float:
        return time.process_time() + (_backend_cpu() if self.postgresql else 0.0)

    @contextlib.contextmanager
    def part(self, name: str):
        started, cpu = time.perf_counter(), self.cpu()
        yield
        self.parts.append((name, time.perf_counter() - started, self.cpu() - cpu))


def _copy_in(clock: _Clock, source: str, dumps: Path) -> list[int]:
    """Each written table's rows from the imported database; the ids of its actors."""
    from django.db import connection

    from tadamun.directory.models import Actor

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ATTACH DATABASE %s AS imported", [source])
        for model in _written():
            table = quote(model._meta.db_table)
            with clock.part(f"rows of {model._meta.db_table}"):
                if connection.vendor == "sqlite":
                    cursor.execute(f"INSERT INTO main.{table} SELECT * FROM imported.{table}")
                    continue
                with (
                    open(dumps / model._meta.db_table, "rb") as dump,
                    cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy,
                ):
                    while block := dump.read(1 << 20):
                        copy.write(block)
        cursor.execute(f"SELECT id FROM {quote(Actor._meta.db_table)} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@contextlib.contextmanager
def _sorts_as_before():
    """SQLite sorting as before `core.bulk.sorts_in_runs`: its temporary store in memory,
    one run as large as the page cache."""
    from django.db import connection

    from tadamun.atlas import services as atlas_services
    from tadamun.core import bulk

    real = bulk.sorts_in_runs
    bulk.sorts_in_runs = atlas_services.sorts_in_runs = contextlib.nullcontext
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        bulk.sorts_in_runs = atlas_services.sorts_in_runs = real
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA temp_store = DEFAULT")


def _store(source: str, dumps: Path, sorts_before: bool) -> list[tuple[str, float, float]]:
    """One store of the imported rows (see the module's doc); rolled back with
    `sorts_before`."""
    from django.db import connection, transaction

    from tadamun.atlas import services as atlas_services
    from tadamun.core import bulk
    from tadamun.directory.services import actors_bulk_loading

    clock = _Clock()
    with contextlib.ExitStack() as before:
        if sorts_before:
            before.enter_context(_sorts_as_before())
        with (
            clock.part("all"),
            contextlib.suppress(_RolledBack),
            contextlib.ExitStack() as transacted,
        ):
            transacted.enter_context(transaction.atomic())
            with contextlib.ExitStack() as loading:
                loading.enter_context(bulk.bulk_cache())
                # As many rows as a first import into an empty directory loads in bulk.
                loading.enter_context(actors_bulk_loading(rows=10**9))
                ids = _copy_in(clock, source, dumps)
                with clock.part("the map's counts"):
                    atlas_services._count_points_of(ids)
                with clock.part("indexes built, full-text index merged"):
                    loading.close()
            if sorts_before:
                raise _RolledBack
            with clock.part("commit"):
                transacted.close()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DETACH DATABASE imported")
    return clock.parts


class _RolledBack(Exception):
    pass


def _dump(url: str, dumps: Path) -> None:
    """Each written table of the imported PostgreSQL database, as its COPY gives it."""
    import psycopg
    from django.db import connection

    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        for model in _written():
            table = connection.ops.quote_name(model._meta.db_table)
            with (
                open(dumps / model._meta.db_table, "wb") as dump,
                cursor.copy(f"COPY {table} TO STDOUT") as copy,
            ):
                for block in copy:
                    dump.write(block)


def _phase(args) -> None:
    _setup()
    if args.phase == "import":
        found = _import(args.file)
    elif args.phase == "checks":
        found = _checks(args.file)
    else:
        dumps = Path(args.dumps)
        if args.source.startswith("postgres"):
            _dump(args.source, dumps)
        found = {"before": [], "after": []}
        if not args.source.startswith("postgres"):
            found["before"] = _store(args.source, dumps, sorts_before=True)
        found["after"] = _store(args.source, dumps, sorts_before=False)
    print(json.dumps(found))


def _run(phase: str, database_url: str, args, var: str, **more) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "TADAMUN_VAR_DIR": var}
    command = [sys.executable, __file__, str(args.file), "--phase", phase]
    for name, value in more.items():
        command += [f"--{name}", value]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--database-url", help="a PostgreSQL database to drop and create")
    parser.add_argument("--phase", choices=["import", "checks", "store"], help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--dumps", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.file = args.file.resolve()
    if args.phase:
        _phase(args)
        return
    from import_speed import _fresh_postgresql

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as var:
        if args.database_url:
            imported, stored = args.database_url, args.database_url + "_floor"
            for url in (imported, stored):
                _fresh_postgresql(url)
        else:
            imported, stored = (
                f"sqlite:///{var}/imported.sqlite3",
                f"sqlite:///{var}/stored.sqlite3",
            )
        done = _run("import", imported, args, var)
        checks = _run("checks", imported, args, var)
        source = imported if args.database_url else imported.removeprefix("sqlite:///")
        store = _run("store", stored, args, var, source=source, dumps=var)
    rows, created = done["rows"], done["created"]
    print(f"{imported.split(':')[0]}, {cores} cores, {rows:,} rows ({created:,} created)\n")
    print("| part | seconds | processor seconds | µs a row |")
    print("|---|---:|---:|---:|")
    print(
        f"| the import as it is | {done['seconds']:.1f} | {done['cpu']:.1f} (importing process) | |"
    )
    w = checks["cpu"]
    print(f"| checking and preparing (W), one process | | {w:.1f} | {w / rows * 1e6:.0f} |")
    for when in ("before", "after"):
        for name, seconds, cpu in store[when]:
            label = f"storing (S): {name}" + (", sorts as before" if when == "before" else "")
            print(f"| {label} | {seconds:.1f} | {cpu:.1f} | {cpu / created * 1e6:.0f} |")
    s = next(cpu for name, _seconds, cpu in store["after"] if name == "all")
    bound = (w + s) / cores
    print(
        f"\nThe import as it is: {rows / done['seconds']:,.0f} rows/s. At best, (W + S) / "
        f"{cores} cores = {bound:.1f} s: {rows / bound:,.0f} rows/s."
    )


if __name__ == "__main__":
    main()
