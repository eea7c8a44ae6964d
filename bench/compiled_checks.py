"""How much compiling the checking and preparing code would save a first import: W (every
row checked and prepared, as `bench/import_floor.py` measures it) from the tree as it is
and from a copy whose hottest modules are compiled to C by Cython, unchanged and untyped.

    .venv/bin/python bench/compiled_checks.py FILE [--repeat 2] [--modules a.py b.py …]

FILE is a registry in the actors format (`bench/import_registry.py`). The copy is the
committed tree (`git archive HEAD`) in a temporary folder; Cython comes from PyPI into a
virtual environment of its own, made with this Python, so that the compiled modules load
into this one. Annotations are not read as C types (`annotation_typing=False`): the
modules behave as they do in Python. Nothing of this is used by the platform; it measures
one of the levers of ADR 0017.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The modules a checking process spends its time in (py-spy, bench/RESULTS.md): the
# checks of the cells, the search document, the map point, the directory's rules.
MODULES = [
    "tadamun/imports/rows.py",
    "tadamun/imports/phones.py",
    "tadamun/search/documents.py",
    "tadamun/search/analyse.py",
    "tadamun/search/text.py",
    "tadamun/search/phonetic.py",
    "tadamun/search/codes.py",
    "tadamun/search/reference.py",
    "tadamun/atlas/grid.py",
    "tadamun/atlas/services.py",
    "tadamun/directory/services.py",
    "tadamun/directory/selectors.py",
    "tadamun/places/selectors.py",
    "tadamun/core/i18n.py",
]


def _compiled_copy(where: Path, modules: list[str]) -> Path:
    tree = where / "tree"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    # setuptools, which builds the modules, would read the project's file and refuse it.
    (tree / "pyproject.toml").unlink()
    tools = where / "cython"
    venv.create(tools, with_pip=True)
    pip = [str(tools / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "cython>=3", "setuptools"], check=True)
    subprocess.run(
        [
            str(tools / "bin" / "cythonize"),
            "-i",
            "-3",
            "-X",
            "annotation_typing=False",
            *modules,
        ],
        cwd=tree,
        check=True,
        capture_output=True,
    )
    return tree


def _checks(tree: Path, file: Path, where: Path) -> float:
    """W in processor seconds: `import_floor.py --phase checks` run from `tree`."""
    var = Path(tempfile.mkdtemp(dir=where))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var}/db.sqlite3",
        "TADAMUN_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, str(tree / "bench" / "import_floor.py"), str(file)]
    done = subprocess.run(
        [*command, "--phase", "checks"], env=env, cwd=tree, check=True, capture_output=True
    )
    return json.loads(done.stdout.splitlines()[-1])["cpu"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--modules", nargs="+", default=MODULES)
    args = parser.parse_args()
    rows = sum(1 for _line in args.file.open("rb")) - 1
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        trees = {"as it is": ROOT, "compiled": _compiled_copy(where, args.modules)}
        print(f"{rows:,} rows; {len(args.modules)} modules compiled; W in processor seconds\n")
        runs = " | ".join(f"run {n + 1}" for n in range(args.repeat))
        print(f"| tree | {runs} | µs a row |")
        print("|---|" + "---:|" * (args.repeat + 1))
        found: dict[str, list[float]] = {name: [] for name in trees}
        for _turn in range(args.repeat):  # in turn, so that the machine's drift hits both
            for name, tree in trees.items():
                found[name].append(_checks(tree, args.file.resolve(), where))
        for name, runs in found.items():
            best = min(runs)
            cells = " | ".join(f"{cpu:.1f}" for cpu in runs)
            print(f"| {name} | {cells} | {best / rows * 1e6:.0f} |")


if __name__ == "__main__":
    main()
