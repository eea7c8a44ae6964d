"""Measuring the search on a labelled set: precision@10 and recall@50 per query language.

A labelled set is a folder with `records.csv` (actors as registries wrote them, each with
the organisation it belongs to and its legal form, activity and place) and `queries.csv`
(what users typed, in which language, and which records are relevant). The set of the
repository is `bench/search_eval/`; `tadamun evaluate_search` runs it.

precision@10 is the share of the first ten results that are relevant, out of the number
that could be (a query with four relevant records scores 1.0 with all four in its first
ten); recall@50 is the share of the relevant records found in the first fifty.
"""

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from tadamun.directory.models import Actor, LegalForm
from tadamun.directory.services import actor_bulk_create
from tadamun.places.selectors import place_by_code
from tadamun.search.services import actor_search

SOURCE = "search-evaluation"


@dataclass
class QueryResult:
    language: str
    query: str
    relevant: int
    precision_at_10: float
    recall_at_50: float
    missed: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    results: list[QueryResult]
    seconds: float

    def by_language(self) -> dict[str, dict[str, float]]:
        table = {}
        for language in ("ar", "fr", "en"):
            rows = [r for r in self.results if r.language == language]
            if rows:
                table[language] = {
                    "queries": len(rows),
                    "precision_at_10": mean(r.precision_at_10 for r in rows),
                    "recall_at_50": mean(r.recall_at_50 for r in rows),
                }
        return table


def load_records(folder: Path) -> dict[str, dict]:
    """Create the set's records as actors; returns the records by actor id."""
    with (folder / "records.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    forms = {f.code: f.pk for f in LegalForm.objects.all()}
    actors, sectors, sources = [], [], []
    for row in rows:
        place = place_by_code(row["place"])
        actors.append(
            Actor(
                name_ar=row["name_ar"],
                name_fr=row["name_fr"],
                name_en=row["name_en"],
                description_fr=row.get("description", ""),
                legal_form_id=forms.get(row["legal_form"]),
                country_id=place.country_id,
                place=place,
                latitude=place.latitude,
                longitude=place.longitude,
                women_led=row["women_led"] == "true",
            )
        )
        sectors.append([])
        sources.append([(SOURCE, row["record_id"])])
    for start in range(0, len(actors), 2000):
        actor_bulk_create(
            actors=actors[start : start + 2000],
            sector_ids=sectors[start : start + 2000],
            sources=sources[start : start + 2000],
        )
    return {actor.pk: row for actor, row in zip(actors, rows, strict=True)}


def _relevant(spec: str, records: dict[str, dict]) -> set[str]:
    kind, value = spec.split(":", 1)
    if kind == "entity":
        return {r["record_id"] for r in records.values() if r["entity"] == value}
    activity, place = value.split("@")
    found = set()
    for record in records.values():
        located = place_by_code(record["place"])
        codes = {p.code for p in located.ancestors()}
        if record["activity"] == activity and place in codes:
            found.add(record["record_id"])
    return found


def evaluate(folder: Path, records: dict[int, dict]) -> Evaluation:
    with (folder / "queries.csv").open(encoding="utf-8", newline="") as handle:
        queries = list(csv.DictReader(handle))
    record_of = {pk: row["record_id"] for pk, row in records.items()}
    results = []
    started = time.perf_counter()
    for row in queries:
        relevant = _relevant(row["relevant"], records)
        page = actor_search(text=row["query"], limit=50, language=row["language"])
        ranked = [record_of.get(a.pk) for a in page.actors]
        top10 = set(ranked[:10]) & relevant
        top50 = set(ranked[:50]) & relevant
        results.append(
            QueryResult(
                language=row["language"],
                query=row["query"],
                relevant=len(relevant),
                precision_at_10=len(top10) / min(10, len(relevant)),
                recall_at_50=len(top50) / len(relevant),
                missed=sorted(relevant - top50),
            )
        )
    return Evaluation(results=results, seconds=time.perf_counter() - started)


def by_language_table(evaluation: Evaluation) -> str:
    lines = [
        "| query language | queries | precision@10 | recall@50 |",
        "|---|---:|---:|---:|",
    ]
    for language, row in evaluation.by_language().items():
        lines.append(
            f"| {language} | {row['queries']} | {row['precision_at_10']:.3f} | "
            f"{row['recall_at_50']:.3f} |"
        )
    return "\n".join(lines)


def failures(evaluation: Evaluation) -> list[QueryResult]:
    return [r for r in evaluation.results if r.precision_at_10 < 1 or r.recall_at_50 < 1]


def worst(evaluation: Evaluation, count: int = 15) -> list[QueryResult]:
    return sorted(failures(evaluation), key=lambda r: r.precision_at_10 + r.recall_at_50)[:count]


__all__ = ["Evaluation", "by_language_table", "evaluate", "load_records", "worst"]
