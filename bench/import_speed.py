"""Import throughput: `tadamun import actors` on a generated registry file, rows per second,
first import (every row created) and second import (every row unchanged).

    .venv/bin/python bench/import_speed.py [--rows 20000] [--database-url postgres://…]
        [--data-dir DIR]

Writes a CSV of the actors format (UTF-8, `;`) from the demo generator, in Arabic and
French names, with phones, places and sectors, imports it into a fresh database (a
temporary SQLite file, or a new database on the PostgreSQL server named), and times the
command. With `--data-dir` the file is kept there and reused by the next runs of the same
size (a million rows take minutes to generate).
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TADAMUN = [sys.executable, "-m", "tadamun"]


def write_registry(path: Path, rows: int, env: dict) -> None:
    script = f"""
import csv
from tadamun.demo.generator import generate
from tadamun.demo.services import _generation_places
from tadamun.imports.columns import COLUMNS
from tadamun.places.selectors import place_index
index = place_index()
with open({str(path)!r}, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for n, actor in enumerate(generate({rows}, _generation_places(), seed=5)):
        f = actor.fields
        place = index.by_id[f["place_id"]]
        writer.writerow([
            f"R{{n}}", (f["name_ar"] if n % 2 else f["name_fr"])
            or f["name_fr"] or f["name_ar"] or f["name_en"],
            f["legal_form_code"],
            "|".join(actor.sector_codes), f["country_id"], place.name_fr, "",
            f["latitude"], f["longitude"], f["phone"], "", "",
            f.get("founded") or "", f.get("members_women") or "", f.get("members_men") or "",
            f.get("employees") or "", f.get("description_fr", ""),
        ])
"""
    subprocess.run([*TADAMUN, "shell", "-c", script], env=env, check=True)


def timed_import(path: Path, env: dict, extra: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [*TADAMUN, "import", "actors", str(path), "--source", "bench", "--json", *extra],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database-url", help="a PostgreSQL server's URL (a database is made)")
    parser.add_argument("--data-dir", help="where to keep the generated file for the next runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "TADAMUN_VAR_DIR": var, "LOG_LEVEL": "WARNING"}
        name = None
        if args.database_url:
            import psycopg

            name = f"tadamun_import_{os.getpid()}"
            with psycopg.connect(args.database_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = args.database_url.rsplit("/", 1)[0] + f"/{name}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{var}/import.sqlite3"
        try:
            subprocess.run([*TADAMUN, "migrate", "-v0"], env=env, check=True)
            if args.data_dir:
                path = Path(args.data_dir) / f"registry-{args.rows}.csv"
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                path = Path(var) / "registry.csv"
            if not path.exists():
                partial = path.with_suffix(".partial")
                write_registry(partial, args.rows, env)
                partial.rename(path)
            print(
                f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
                f"{platform.python_version()}; {env['DATABASE_URL'].split(':')[0]}; "
                f"{args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB)\n"
            )
            print("| import | seconds | rows/s | summary |")
            print("|---|---:|---:|---|")
            # The import alone: not the search for duplicates the command runs after it.
            usage = subprocess.run(
                [*TADAMUN, "import", "--help"], env=env, capture_output=True, text=True
            ).stdout
            extra = ["--no-scan"] if "--no-scan" in usage else []
            for label in ("first (all created)", "second (all unchanged)"):
                seconds, summary = timed_import(path, env, extra)
                print(f"| {label} | {seconds:.1f} | {args.rows / seconds:,.0f} | `{summary}` |")
        finally:
            if name:
                import psycopg

                with psycopg.connect(args.database_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
