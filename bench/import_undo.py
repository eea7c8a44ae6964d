"""How long undoing an import takes: a first import of a registry, then a second that
changes part of it, each undone in turn, as the staff pages undo them.

    .venv/bin/python bench/import_undo.py FILE [--rows N] [--database-url URL]

FILE is a registry in the actors format (`bench/import_registry.py` writes one); its
first N rows (default 20,000) are imported into a freshly migrated database (a temporary
SQLite file, or the PostgreSQL database named, dropped and created again), as the command
imports them, recorded as a job. The second file is the same rows with every tenth
row's phone and founding year changed. Each undoing is `imports.jobs.job_undo` run in
this process (jobs inline): the second import's first (its fields put back), then the
first's (its actors removed, but those the second changed, which have changed since).
Prints seconds, and actors a second.
"""

import argparse
import csv
import io
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamun.config.settings")


def _files(path: Path, rows: int, folder: Path) -> tuple[Path, Path]:
    """The registry's first rows, and the same with every tenth row changed."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        lines = list(itertools.islice(csv.reader(f, delimiter=";"), rows + 1))
    header = lines[0]
    phone, founded = header.index("phone"), header.index("founded")
    changed = [list(line) for line in lines]
    for n, line in enumerate(changed[1:]):
        if n % 10 == 0 and len(line) == len(header):
            line[phone] = f"+2126{n % 100_000_000:08d}"
            line[founded] = str(1990 + n % 30)
    written = []
    for name, table in (("first.csv", lines), ("second.csv", changed)):
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows(table)
        (folder / name).write_text(out.getvalue(), encoding="utf-8")
        written.append(folder / name)
    return written[0], written[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database-url", help="a PostgreSQL database to drop and create")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.database_url:
            from import_speed import _fresh_postgresql

            _fresh_postgresql(args.database_url)
            os.environ["DATABASE_URL"] = args.database_url
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/undo.sqlite3"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        os.environ["TADAMUN_IMPORT_JOBS_INLINE"] = "1"
        import django

        django.setup()
        from django.core.management import call_command

        from tadamun.imports.jobs import job_undo
        from tadamun.imports.models import ImportJob

        call_command("migrate", verbosity=0)
        first, second = _files(args.file.resolve(), args.rows, Path(folder))
        jobs = []
        for path in (first, second):
            call_command(
                "import", "actors", str(path), "--source", "bench", "--no-scan",
                stdout=io.StringIO(),
            )  # fmt: skip
            jobs.append(ImportJob.objects.latest("pk"))
        vendor = args.database_url.split(":")[0] if args.database_url else "sqlite"
        print(f"{vendor}, {args.rows:,} rows\n")
        print("| undoing | actors | seconds | actors/s | fields put back | actors removed | left |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, job in (("the second import", jobs[1]), ("the first import", jobs[0])):
            actors = len({c["actor_id"] for c in job.changes}) + job.created
            started = time.perf_counter()
            job_undo(job, by=None)
            seconds = time.perf_counter() - started
            job.refresh_from_db()
            report = job.undo_report
            print(
                f"| {label} | {actors:,} | {seconds:.1f} | {actors / seconds:,.0f} | "
                f"{report['restored']:,} | {report['removed']:,} | {len(report['left']):,} |"
            )


if __name__ == "__main__":
    main()
