"""Import throughput: `tadamun import actors` on a generated registry, rows per second,
first import (rows created) and second import (rows unchanged), on SQLite and PostgreSQL.

    .venv/bin/python bench/import_speed.py [--rows 1000000] [--data-dir DIR]
        [--database-url postgres://postgres@127.0.0.1:5432/wt_imports_bench] [--no-sqlite]
        [--scan]

Writes the registry (`bench/import_registry.py`: mixed scripts, about 2 % bad rows) as
`;`-separated UTF-8 and as Windows Arabic (CP1256), migrates a fresh database (a temporary
SQLite file; the PostgreSQL database named by `--database-url`, dropped and created
again), and times the command three times: the UTF-8 file (every good row created), the
same again (every row unchanged), then the CP1256 file (the same rows: unchanged but the
few whose letters CP1256 cannot write). Each import is a process of its own, timed whole
(Python's start-up included); peak memory is that process's largest resident size (the
processes that check rows in parallel for it are not counted), CPU the seconds it and its
checking processes ran. `--scan` adds the scan for duplicates that the command runs
after an import by default (left out otherwise: `--no-scan`). Default size: 20,000 rows,
for a quick run; `--data-dir` keeps the generated files for the next runs.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TADAMUN = [sys.executable, "-m", "tadamun"]


def _run(command: list[str], env: dict) -> tuple[float, float, float, str]:
    """(seconds, CPU seconds, peak resident MB, standard output) of a command."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, cwd=ROOT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    # ru_maxrss is in KiB on Linux.
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output.strip()


def _registry(data_dir: Path, rows: int, encoding: str, env: dict) -> Path:
    path = data_dir / f"registry-{rows}-{encoding}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        script = str(ROOT / "bench" / "import_registry.py")
        command = [sys.executable, script, str(partial), "--rows", str(rows)]
        if encoding != "utf-8":  # the same rows, transcoded
            command += ["--from", str(_registry(data_dir, rows, "utf-8", env))]
        subprocess.run([*command, "--encoding", encoding], env=env, check=True, cwd=ROOT)
        partial.rename(path)
    return path


def _fresh_postgresql(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def bench(database_url: str, files: dict[str, Path], rows: int, env: dict, scan: bool) -> list:
    env = {**env, "DATABASE_URL": database_url}
    subprocess.run([*TADAMUN, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    runs = [
        ("first import, UTF-8", files["utf-8"]),
        ("second import, UTF-8", files["utf-8"]),
        ("third import, CP1256", files["cp1256"]),
    ]
    results = []
    for label, path in runs:
        command = [*TADAMUN, "import", "actors", str(path), "--source", "bench", "--json"]
        seconds, cpu, memory, output = _run([*command, *([] if scan else ["--no-scan"])], env)
        summary = json.loads(output.splitlines()[-1])
        results.append((label, seconds, cpu, memory, summary))
        print(
            f"| {database_url.split(':')[0]} | {label} | {rows:,} | {seconds:.1f} | "
            f"{rows / seconds:,.0f} | {cpu:.1f} | {memory:,.0f} | "
            + " / ".join(f"{summary[k]:,}" for k in ("created", "updated", "unchanged", "rejected"))
            + " |",
            flush=True,
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--database-url", help="a PostgreSQL database to drop, create and import into"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--data-dir", help="where to keep the generated files for the next runs")
    parser.add_argument("--scan", action="store_true", help="scan for duplicates after each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "TADAMUN_VAR_DIR": var, "LOG_LEVEL": "WARNING"}
        data_dir = Path(args.data_dir) if args.data_dir else Path(var)
        data_dir.mkdir(parents=True, exist_ok=True)
        # The generator reads the places and vocabularies of a migrated database.
        reference = {**env, "DATABASE_URL": f"sqlite:///{var}/reference.sqlite3"}
        subprocess.run([*TADAMUN, "migrate", "-v0"], env=reference, check=True, cwd=ROOT)
        files = {e: _registry(data_dir, args.rows, e, reference) for e in ("utf-8", "cp1256")}
        print(
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; {args.rows:,} rows "
            f"({files['utf-8'].stat().st_size / 1e6:.1f} MB in UTF-8, "
            f"{files['cp1256'].stat().st_size / 1e6:.1f} MB in CP1256)"
            + ("; with the duplicates scan" if args.scan else "")
            + "\n"
        )
        print(
            "| database | import | rows | seconds | rows/s | CPU s | peak MB "
            "| created / updated / unchanged / rejected |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---|")
        if not args.no_sqlite:
            bench(f"sqlite:///{var}/import.sqlite3", files, args.rows, env, args.scan)
        if args.database_url:
            _fresh_postgresql(args.database_url)
            bench(args.database_url, files, args.rows, env, args.scan)


if __name__ == "__main__":
    main()
