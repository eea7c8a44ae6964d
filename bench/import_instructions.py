"""Processor instructions of an import, counted by valgrind's callgrind: the importing
process and its checking processes apart, per row. A count does not depend on what else
the machine does (its seconds do: the same import here takes from 135 to 200 s from one
run to the next), so two versions of the code can be told apart on a small file:

    .venv/bin/python bench/import_instructions.py FILE [--tree DIR ...]

Each tree (a checkout of the project, e.g. `git worktree add /tmp/before HEAD~1`; this
one by default) imports FILE (`bench/import_registry.py` writes one) into a freshly
migrated SQLite database under callgrind, all trees at once. The counting starts when
the file has been read (callgrind_control zeroes the importing process's counters then):
the figures are the import's alone, commit included. Python's hashes are fixed
(PYTHONHASHSEED=0) so that a run repeats. Callgrind runs code some fifty times slower:
about ten minutes for 20,000 rows. Needs valgrind (Debian's package).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _child(file: Path, tree: Path, var: str) -> None:
    """In the tree's code: migrate, read the file, say READY, wait for a line, import."""
    sys.path.insert(0, str(tree))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tadamun.config.settings"
    os.environ["TADAMUN_VAR_DIR"] = var
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/instructions.sqlite3"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    from tadamun.imports.formats import read_table
    from tadamun.imports.services import actors_import

    call_command("migrate", verbosity=0)
    table = read_table(file.read_bytes(), file.name)
    print(f"READY {os.getpid()}", flush=True)
    sys.stdin.readline()
    result = actors_import(table=table, source="bench")
    print(f"DONE {result.summary()}", flush=True)


def _counted(path: Path) -> int:
    match = re.search(r"^totals: (\d+)", path.read_text(errors="replace"), re.MULTILINE)
    return int(match.group(1)) if match else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--tree", type=Path, action="append", help="a checkout (repeatable)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--var", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.file, args.child, args.var)
        return
    trees = [tree.resolve() for tree in args.tree or [ROOT]]
    env = {**os.environ, "PYTHONHASHSEED": "0", "DEBUG": os.environ.get("DEBUG", "1")}
    with tempfile.TemporaryDirectory() as scratch:
        runs = []
        for number, tree in enumerate(trees):
            out, var = Path(scratch, f"out{number}"), Path(scratch, f"var{number}")
            out.mkdir()
            var.mkdir()
            command = [
                "valgrind", "-q", "--tool=callgrind", f"--callgrind-out-file={out}/callgrind.%p",
                sys.executable, __file__, str(args.file.resolve()),
                "--child", str(tree), "--var", str(var),
            ]  # fmt: skip
            process = subprocess.Popen(
                command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
            runs.append((tree, out, process))
        mains = {}
        for tree, _out, process in runs:
            line = process.stdout.readline()
            while line and not line.startswith("READY"):
                line = process.stdout.readline()
            if not line:
                sys.exit(f"{tree}: the import stopped before reading the file (see above)")
            pid = int(line.split()[1])
            subprocess.run(
                ["callgrind_control", "--zero", str(pid)], check=True, capture_output=True
            )
            process.stdin.write("\n")
            process.stdin.flush()
            mains[tree] = pid
        said = {tree: process.communicate()[0].strip() for tree, _out, process in runs}
        rows = int(re.search(r"'rows': (\d+)", next(iter(said.values()))).group(1))
        print(f"{args.file.name}: {said[trees[0]]}\n")
        print("| tree | importing process | checking processes | all | per row (importing) |")
        print("|---|---:|---:|---:|---:|")
        for tree, out, _process in runs:
            counts = {int(p.name.split(".")[-1]): _counted(p) for p in out.glob("callgrind.*")}
            importing = counts.pop(mains[tree])
            checking = sum(counts.values())
            print(
                f"| {tree} | {importing / 1e9:.2f} G | {checking / 1e9:.2f} G "
                f"({len(counts)}) | {(importing + checking) / 1e9:.2f} G "
                f"| {importing / rows / 1e3:.0f} k |"
            )


if __name__ == "__main__":
    main()
