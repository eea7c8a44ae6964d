"""Pairwise precision, recall and F1 of predicted duplicate pairs against a set's truth.

    .venv/bin/python bench/duplicates/evaluate.py PAIRS.csv --set dev
    .venv/bin/python bench/duplicates/evaluate.py PAIRS.csv --truth DIR/truth.csv \
        [--threshold 0.8] [--sweep] [--details]

PAIRS.csv has a header and the columns `source_id_a,source_id_b,score`: one line per pair
of records said to be one organisation (either order; a pair written twice counts once).
The truth pairs are all pairs of records of the same entity in `truth.csv`
(`source_id,entity`, written by build.py).

- `--threshold T` keeps the pairs whose score is at least T.
- `--sweep` also prints the figures at the threshold with the best F1. That threshold is
  chosen on the truth being measured, so its figures are optimistic.
- `--details` breaks the figures down with the set's notes.csv: recall on pairs written in
  one script or in two (Arabic against Latin letters), false positives between entities
  sharing a name, and the variations most frequent among the missed pairs.
"""

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def read_truth(path: Path) -> tuple[set[Pair], dict[str, str]]:
    """The truth pairs and the entity of each record."""
    entity_of: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            entity_of[row["source_id"]] = row["entity"]
    records = defaultdict(list)
    for source_id, entity in entity_of.items():
        records[entity].append(source_id)
    pairs = {pair(a, b) for ids in records.values() for a, b in combinations(ids, 2)}
    return pairs, entity_of


def read_pairs(path: Path) -> dict[Pair, float]:
    """Predicted pairs and their scores (the highest when a pair is written twice)."""
    scores: dict[Pair, float] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"source_id_a", "source_id_b"} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path}: no column {', '.join(sorted(missing))}")
        for row in reader:
            a, b = row["source_id_a"].strip(), row["source_id_b"].strip()
            if a == b:
                continue
            text = (row.get("score") or "").strip()
            score = float(text) if text else 1.0
            key = pair(a, b)
            scores[key] = max(score, scores.get(key, score))
    return scores


@dataclass
class Figures:
    predicted: int
    true: int
    correct: int
    threshold: float | None = None

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def figures(predicted: set[Pair], truth: set[Pair], threshold: float | None = None) -> Figures:
    return Figures(len(predicted), len(truth), len(predicted & truth), threshold)


def at_threshold(scores: dict[Pair, float], threshold: float | None) -> set[Pair]:
    if threshold is None:
        return set(scores)
    return {p for p, s in scores.items() if s >= threshold}


def best_threshold(scores: dict[Pair, float], truth: set[Pair]) -> Figures:
    """The figures at the score threshold with the highest F1 (chosen on this truth)."""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best = Figures(0, len(truth), 0, None)
    correct = 0
    for n, (key, score) in enumerate(ranked, start=1):
        correct += key in truth
        last_of_score = n == len(ranked) or ranked[n][1] != score
        if last_of_score:
            candidate = Figures(n, len(truth), correct, score)
            if candidate.f1 > best.f1:
                best = candidate
    return best


def table(rows: list[tuple[str, Figures]]) -> str:
    lines = [
        "| predictions | threshold | pairs predicted | true pairs | correct "
        "| precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, f in rows:
        threshold = "" if f.threshold is None else f"{f.threshold:.4g}"
        lines.append(
            f"| {label} | {threshold} | {f.predicted:,} | {f.true:,} | {f.correct:,} | "
            f"{f.precision:.3f} | {f.recall:.3f} | {f.f1:.3f} |"
        )
    return "\n".join(lines)


def details(predicted: set[Pair], truth: set[Pair], notes_path: Path) -> str:
    """Recall by script, false positives by name, variations of the missed pairs."""
    with notes_path.open(encoding="utf-8", newline="") as f:
        notes = {row["source_id"]: row for row in csv.DictReader(f)}

    def arabic(source_id: str) -> bool:
        return notes[source_id]["script"] == "ar"

    lines = []
    for label, keep in (
        ("same script", lambda a, b: arabic(a) == arabic(b)),
        ("Arabic against Latin", lambda a, b: arabic(a) != arabic(b)),
    ):
        group = {p for p in truth if keep(*p)}
        found = len(group & predicted)
        share = found / len(group) if group else 0.0
        lines.append(f"recall, {label}: {found:,} of {len(group):,} ({share:.3f})")
    wrong = [p for p in predicted - truth if p[0] in notes and p[1] in notes]
    namesakes = sum(1 for a, b in wrong if notes[a]["name_group"] == notes[b]["name_group"])
    same_province = sum(
        1
        for a, b in wrong
        if notes[a]["name_group"] == notes[b]["name_group"]
        and notes[a]["province"] == notes[b]["province"]
    )
    lines.append(
        f"false positives: {len(wrong):,}, of which between namesakes {namesakes:,} "
        f"(in one province {same_province:,})"
    )
    missed = truth - predicted
    tags = Counter()
    for a, b in missed:
        for source_id in (a, b):
            tags.update(t for t in notes[source_id]["variations"].split(";") if t)
    if missed:
        common = ", ".join(f"{tag} {n:,}" for tag, n in tags.most_common(10))
        lines.append(f"variations among the {len(missed):,} missed pairs (records): {common}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, help="CSV: source_id_a,source_id_b,score")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--set", choices=["dev", "test"], help="a set under bench/duplicates")
    where.add_argument("--truth", type=Path, help="a truth.csv")
    parser.add_argument("--threshold", type=float, help="keep pairs scored at least this")
    parser.add_argument("--sweep", action="store_true", help="also the best threshold's figures")
    parser.add_argument("--details", action="store_true", help="recall by script, errors")
    args = parser.parse_args(argv)
    truth_path = args.truth or HERE / args.set / "truth.csv"
    truth, entity_of = read_truth(truth_path)
    scores = read_pairs(args.pairs)
    unknown = {i for p in scores for i in p} - set(entity_of)
    if unknown:
        print(f"warning: {len(unknown):,} source ids not in the truth", file=sys.stderr)
    predicted = at_threshold(scores, args.threshold)
    label = "as given" if args.threshold is None else "at threshold"
    rows = [(label, figures(predicted, truth, args.threshold))]
    if args.sweep:
        rows.append(
            ("best threshold, chosen on this truth (optimistic)", best_threshold(scores, truth))
        )
    print(table(rows))
    notes_path = truth_path.with_name("notes.csv")
    if args.details and notes_path.exists():
        print()
        print(details(predicted, truth, notes_path))


if __name__ == "__main__":
    main()
