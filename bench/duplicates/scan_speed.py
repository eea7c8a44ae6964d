"""How long `tadamun duplicates scan` takes on a database, phase by phase.

    .venv/bin/python bench/duplicates/scan_speed.py --sqlite /work/bench-data/dup1m/tadamun.sqlite3
    .venv/bin/python bench/duplicates/scan_speed.py --database-url postgres://…/test

Runs the command as staff would (`python -m tadamun duplicates scan --json`, a process of
its own, Django's start included), with the database given, and prints: the wall time of
the whole command, the peak memory of the command and its workers, and a table of the
phases the scan reports (their seconds and what they counted). A database for the
figures of bench/RESULTS.md: `tadamun migrate` then `tadamun demo --actors 1000000` with
TADAMUN_VAR_DIR pointing at an empty folder.

The scan writes to the database (every blocking key, the pending pairs), as it does in
use; running it twice gives the same figures.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="an SQLite database file")
    where.add_argument("--database-url", help="a DATABASE_URL (postgres://…)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{args.sqlite.resolve()}"
    if args.sqlite and not args.sqlite.exists():
        raise SystemExit(f"{args.sqlite}: no such file")
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    if args.sqlite:
        env.setdefault("TADAMUN_VAR_DIR", str(args.sqlite.resolve().parent))
    command = [sys.executable, "-m", "tadamun", "duplicates", "scan", "--json"]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    load_after = os.getloadavg()[0]

    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {_cpu()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {vendor}"
    )
    print(f"command: {' '.join(['tadamun', *command[3:]])}")
    print()
    print("| phase | seconds | count | of what |")
    print("|---|---:|---:|---|")
    phases = summary.pop("phases")
    for row in phases:
        count = "" if row["count"] is None else f"{row['count']:,}"
        print(f"| {row['phase']} | {row['seconds']:.1f} | {count} | {row['what']} |")
    inside = sum(row["seconds"] for row in phases)
    print(f"| commit, Django's start and exit | {wall - inside:.1f} | | |")
    print(f"| **`tadamun duplicates scan`, wall time** | **{wall:.1f}** | | |")
    print()
    print(
        f"actors {summary['actors']:,}, pairs compared {summary['pairs_compared']:,}, "
        f"of which names compared {summary.get('names_compared', 0):,}, candidates "
        f"{summary['candidates']:,}, oversized blocks {summary['oversized_blocks']:,}; "
        f"peak memory {peak_mb:,.0f} MB (the largest process)"
    )
    # Wall time depends on what else the machine runs; the CPU time of the command and its
    # workers much less: both are printed, with the load around the run.
    print(
        f"CPU time {cpu:,.1f} s (user and system, the command and its workers); load "
        f"average {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
