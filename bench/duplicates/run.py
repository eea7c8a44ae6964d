"""Duplicates side by side: Tadamun and the reference (Splink) on the dev and test sets.

    .venv/bin/python bench/duplicates/run.py [--set dev] [--set test] [--rebuild]
        [--keep DIR] [--no-splink]

For each set (built by build.py when missing, or with --rebuild):

(a) Tadamun: a fresh SQLite database in a temporary folder (`tadamun migrate`), each file
    of the set imported as its own source (`tadamun import actors FILE --source NAME
    --json`; every row must be accepted: the rejected ones are counted and their reasons
    printed), then `tadamun duplicates scan` and `tadamun duplicates export` (CSV of
    `source_id_a,source_id_b,score` on standard output), each command timed.
(b) Splink on the same records (reference_splink.py), if the `bench` dependency group is
    installed (`.venv/bin/uv sync --frozen --inexact --group bench --python
    .venv/bin/python`).

Then one table: system, set, pairs predicted, true pairs, precision, recall, F1 and
seconds (Tadamun: scan and export, without the import, which is shown apart; Splink: from
reading the files to the scored pairs). Rows marked "optimistic" use the score threshold
with the best F1 on the truth being measured, for comparison only. `--keep DIR` keeps the
predicted pairs (DIR/SYSTEM_SET.csv) and the databases.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import build  # noqa: E402
import evaluate  # noqa: E402

TADAMUN = [sys.executable, "-m", "tadamun"]


def ensure_set(which: str, rebuild: bool) -> Path:
    folder = HERE / which
    if rebuild or not (folder / "truth.csv").exists():
        build.build(which, folder, 4000, build.SETS[which]["seed"])
    return folder


def tadamun(folder: Path, which: str, work: Path) -> dict:
    """Import the set into a new database, scan, export. Returns the pairs' scores, the
    import summaries and the timings; `pairs` is None when the command is not there."""
    env = {
        **os.environ,
        "TADAMUN_VAR_DIR": str(work),
        "DATABASE_URL": f"sqlite:///{work}/duplicates_{which}.sqlite3",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([*TADAMUN, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    imports, import_seconds = {}, 0.0
    for source in build.FILES:
        report = work / f"rejected_{which}_{source}.csv"
        started = time.perf_counter()
        done = subprocess.run(
            [*TADAMUN, "import", "actors", str(folder / f"{source}.csv"), "--source", source,
             "--json", "--report", str(report), "--lang", "en"],
            env=env, check=True, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        import_seconds += time.perf_counter() - started
        imports[source] = json.loads(done.stdout.strip().splitlines()[-1])
        if imports[source]["rejected"]:
            print(f"  {which}/{source}.csv: rejected rows (see {report}):")
            print("    " + "\n    ".join(report.read_text(encoding="utf-8-sig").splitlines()[1:11]))
    result = {"imports": imports, "import_seconds": import_seconds, "pairs": None}
    available = subprocess.run(
        [*TADAMUN, "duplicates", "--help"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if available.returncode != 0:
        print("tadamun duplicates: not available")
        return result
    started = time.perf_counter()
    scan = subprocess.run(
        [*TADAMUN, "duplicates", "scan"], env=env, check=True, capture_output=True, text=True,
        cwd=ROOT,
    )  # fmt: skip
    scan_seconds = time.perf_counter() - started
    pairs_path = work / f"tadamun_{which}.csv"
    started = time.perf_counter()
    with pairs_path.open("w", encoding="utf-8") as out:
        subprocess.run(
            [*TADAMUN, "duplicates", "export"], env=env, check=True, stdout=out, text=True,
            cwd=ROOT,
        )  # fmt: skip
    export_seconds = time.perf_counter() - started
    result.update(
        pairs=evaluate.read_pairs(pairs_path),
        scan=scan.stdout.strip(),
        seconds=scan_seconds + export_seconds,
        scan_seconds=scan_seconds,
        export_seconds=export_seconds,
        path=pairs_path,
    )
    return result


def splink(folder: Path, which: str, work: Path) -> dict | None:
    try:
        import reference_splink
        import splink  # noqa: F401
    except ImportError:
        print("splink: not installed (uv sync --frozen --inexact --group bench)")
        return None
    out = work / f"splink_{which}.csv"
    result, seconds = reference_splink.run(folder, out)
    return {**result, "seconds": seconds, "path": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(build.SETS), action="append", dest="sets")
    parser.add_argument("--rebuild", action="store_true", help="write the sets again first")
    parser.add_argument("--keep", type=Path, help="keep the pairs and databases here")
    parser.add_argument("--no-splink", action="store_true", help="Tadamun only")
    args = parser.parse_args()
    sets = args.sets or sorted(build.SETS)
    work = Path(tempfile.mkdtemp(prefix="tadamun_duplicates_"))
    rows, notes = [], []
    try:
        for which in sets:
            folder = ensure_set(which, args.rebuild)
            truth, _entities = evaluate.read_truth(folder / "truth.csv")
            print(f"{which}: {folder} (digest {build.digest(folder)})", flush=True)
            t = tadamun(folder, which, work)
            rejected = sum(s["rejected"] for s in t["imports"].values())
            imported = sum(s["rows"] for s in t["imports"].values())
            notes.append(
                f"{which}: imported {imported:,} rows in {t['import_seconds']:.1f} s, "
                f"rejected {rejected:,} ("
                + ", ".join(f"{k} {v['rejected']}" for k, v in t["imports"].items())
                + ")"
            )
            if t["pairs"] is not None:
                notes.append(
                    f"{which}: tadamun duplicates scan {t['scan_seconds']:.1f} s "
                    f"({t['scan']}), export {t['export_seconds']:.1f} s"
                )
                rows.append(("Tadamun", which, evaluate.figures(set(t["pairs"]), truth),
                             t["seconds"]))  # fmt: skip
                best = evaluate.best_threshold(t["pairs"], truth)
                rows.append(
                    ("Tadamun, best threshold, chosen on the truth — optimistic", which, best, None)
                )
            if not args.no_splink:
                s = splink(folder, which, work)
                if s is not None:
                    scores = s["pairs"]
                    rows.append(("Splink, p ≥ 0.5", which,
                                 evaluate.figures(evaluate.at_threshold(scores, 0.5), truth, 0.5),
                                 s["seconds"]))  # fmt: skip
                    rows.append(("Splink, best threshold, chosen on the truth — optimistic", which,
                                 evaluate.best_threshold(scores, truth), None))  # fmt: skip
                    rows.append(("Splink, clusters at 0.5", which,
                                 evaluate.figures(s["clustered"], truth, 0.5), None))  # fmt: skip
        print()
        print(
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; SQLite\n"
        )
        print("| system | set | pairs predicted | true pairs | precision | recall | F1 | seconds |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for system, which, f, seconds in rows:
            label = (
                system
                if f.threshold is None or "best" not in system
                else (f"{system} {f.threshold:.3g}")
            )
            timing = "" if seconds is None else f"{seconds:.1f}"
            print(
                f"| {label} | {which} | {f.predicted:,} | {f.true:,} | {f.precision:.3f} | "
                f"{f.recall:.3f} | {f.f1:.3f} | {timing} |"
            )
        print()
        for note in notes:
            print(note)
    finally:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for path in work.iterdir():
                shutil.move(str(path), args.keep / path.name)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
