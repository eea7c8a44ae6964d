"""The reference: Splink (DuckDB backend) on a duplicates set, set up as its documentation
recommends for deduplication, scored with evaluate.py.

    .venv/bin/uv sync --frozen --inexact --group bench --python .venv/bin/python   # once
    .venv/bin/python bench/duplicates/reference_splink.py --set dev [--out pairs.csv]

Splink is given what an analyst would give it after reading its tutorial and examples,
and nothing of Tadamun's matching: no transliteration, place gazetteer or thesaurus.

- Cleaning: names, territories and categorical columns lower-cased, accents and
  punctuation removed; the generic words of names (legal forms, de/la/pour, تعاونية, جمعية)
  and of territories (province, gouvernorat, إقليم) set aside (the docs' business-names
  example); phones reduced to their national digits, e-mails lower-cased, the countries'
  names mapped to their codes, and the legal form and sector columns coded with the
  directory's code lists (tadamun/directory/data: an analyst's codebook for categorical
  columns, which makes the reference stronger, not Tadamun's name matching). Name tokens
  get their frequency in the data and each record its two rarest tokens, for blocking (the
  business-names example); Latin names and their tokens get their Double Metaphone codes
  (the docs' feature-engineering guide, with the `phonetics` package it uses).
- Comparisons: the name (exact, Jaro-Winkler ≥ 0.92, same Double Metaphone, two tokens
  or two tokens' Metaphones in common, Jaro-Winkler ≥ 0.8, one token's Metaphone in
  common), legal form, sector and founding year (exact, with term frequencies),
  territory (exact, Jaro-Winkler ≥ 0.9), phone (exact), e-mail (EmailComparison),
  coordinates (DistanceInKMAtThresholds 0.5, 2 and 10 km).
- Blocking for predictions: many strict rules (phone, e-mail, name, rarest tokens, rarest
  Metaphone, name start and territory, coordinates to 0.01°), each within a country.
- Training, as tutorial 4: `estimate_probability_two_random_records_match` from
  deterministic rules with a guessed recall of 0.7, `estimate_u_using_random_sampling`
  (10 million pairs, seeded), then `estimate_parameters_using_expectation_maximisation`
  blocked on phone, then on name.
- Predictions: every scored pair with a match probability of at least 0.01 is written
  (`source_id_a,source_id_b,score`); the figures are printed at 0.5, at the best threshold
  (chosen on the truth: optimistic), and for the clusters at 0.5 (every pair of records in
  one cluster of `cluster_pairwise_predictions_at_threshold`).
"""

import argparse
import csv
import logging
import math
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402

SOURCES = ("registry", "partners", "map")
# Words that name what an organisation is rather than which one it is.
NAME_STOPWORDS = {
    "cooperative", "coop", "ste", "societe", "association", "asso", "ass", "assoc", "gie",
    "g", "i", "e", "groupement", "d", "l", "de", "du", "des", "la", "le", "les", "et",
    "pour", "interet", "economique", "smsa", "s", "m", "a", "mutuelle", "services",
    "agricoles", "gda", "developpement", "agricole", "entreprise", "sociale", "reseau",
    "تعاونية", "جمعية", "مجموعة", "ذات", "النفع", "الاقتصادي", "شركة", "الشركة", "التعاونية",
    "للخدمات", "الفلاحية", "مجمع", "التنمية", "مقاولة", "مؤسسة", "اجتماعية", "تعاضدية", "شبكة",
    "group", "economic", "interest", "mutual", "social", "enterprise", "network",
}  # fmt: skip
TERRITORY_STOPWORDS = {
    "province", "prefecture", "gouvernorat", "governorate", "de", "du", "d", "l", "la",
    "إقليم", "عمالة", "ولاية",
}  # fmt: skip
COUNTRIES = {"ma": "MA", "maroc": "MA", "المغرب": "MA", "tn": "TN", "tunisie": "TN", "تونس": "TN"}
COUNTRY_CODES = {"MA": "212", "TN": "216"}


def clean(text: str) -> str:
    """Lower case, no accents, letters and digits only, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def codebook(name: str) -> dict[str, str]:
    """Every spelling of a categorical column's values (legal forms, sectors) to its code,
    from the directory's code lists: what an analyst's codebook for these columns holds."""
    path = HERE.parent.parent / "tadamun" / "directory" / "data" / f"{name}.csv"
    spellings = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for text in (row["code"], row["name_ar"], row["name_fr"], row["name_en"],
                         *row["synonyms"].split("|")):  # fmt: skip
                spellings.setdefault(clean(text), row["code"])
    return spellings


def coded(text: str, spellings: dict[str, str]) -> str | None:
    """The codes of a cell (several separated by |), or its cleaned text if unknown."""
    parts = [clean(part) for part in (text or "").split("|") if clean(part)]
    return "|".join(sorted({spellings.get(part, part) for part in parts})) or None


def national_phone(text: str, country: str) -> str | None:
    digits = "".join(c for c in text or "" if c.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    code = COUNTRY_CODES.get(country, "")
    if code and digits.startswith(code) and len(digits) > 9:
        digits = digits[len(code) :]
    return digits.lstrip("0") or None


def read_records(folder: Path) -> list[dict]:
    records = []
    for source in SOURCES:
        with (folder / f"{source}.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                row["source_dataset"] = source
                records.append(row)
    return records


def prepare(records: list[dict]) -> list[dict]:
    """The cleaned columns Splink compares, and each record's rarest name tokens."""
    forms, sectors = codebook("legal_forms"), codebook("sectors")
    prepared = []
    for row in records:
        country = COUNTRIES.get(clean(row["country"]), row["country"].strip().upper())
        name = clean(row["name"])
        tokens = [t for t in name.split() if t not in NAME_STOPWORDS]
        core = " ".join(tokens) or name
        territory = [t for t in clean(row["territory"]).split() if t not in TERRITORY_STOPWORDS]
        prepared.append(
            {
                "source_id": row["source_id"],
                "country": country,
                "name_clean": core or None,
                "name_tokens": tokens or None,
                "name_dmeta": metaphones(core) or None,
                "token_dmeta": sorted({m for t in tokens for m in metaphones(t)[:1]}) or None,
                "legal_form": coded(row["legal_form"], forms),
                "sector": coded(row["sector"], sectors),
                "territory": " ".join(territory) or None,
                "phone": national_phone(row["phone"], country),
                "email": row["email"].strip().lower() or None,
                "founded": row["founded"].strip() or None,
                "latitude": float(row["latitude"]) if row["latitude"].strip() else None,
                "longitude": float(row["longitude"]) if row["longitude"].strip() else None,
            }
        )
    for column, rarest in (("name_tokens", "rarest_tokens"), ("token_dmeta", "rarest_dmeta")):
        frequency = Counter(t for r in prepared for t in set(r[column] or []))
        for r in prepared:
            r[rarest] = sorted(set(r[column] or []), key=lambda t: (frequency[t], t))[:2] or None
    return prepared


def metaphones(text: str) -> list[str]:
    """Double Metaphone codes of a Latin text (Splink's feature-engineering guide); none
    for Arabic."""
    import phonetics

    if not text or not text.isascii():
        return []
    return [code for code in dict.fromkeys(phonetics.dmetaphone(text)) if code]


def settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_description="name: exact, Jaro-Winkler, tokens in common",
        comparison_levels=[
            cll.NullLevel("name_clean"),
            cll.ExactMatchLevel("name_clean").configure(tf_adjustment_column="name_clean"),
            cll.JaroWinklerLevel("name_clean", 0.92),
            cll.ArrayIntersectLevel("name_dmeta", 1),
            cll.ArrayIntersectLevel("name_tokens", 2),
            cll.ArrayIntersectLevel("token_dmeta", 2),
            cll.JaroWinklerLevel("name_clean", 0.8),
            cll.ArrayIntersectLevel("token_dmeta", 1),
            cll.ElseLevel(),
        ],
    )
    territory = cl.CustomComparison(
        output_column_name="territory",
        comparison_levels=[
            cll.NullLevel("territory"),
            cll.ExactMatchLevel("territory").configure(tf_adjustment_column="territory"),
            cll.JaroWinklerLevel("territory", 0.9),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="source_id",
        probability_two_random_records_match=1e-4,  # estimated below
        comparisons=[
            name,
            cl.ExactMatch("legal_form").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sector").configure(term_frequency_adjustments=True),
            territory,
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
            cl.DistanceInKMAtThresholds("latitude", "longitude", [0.5, 2, 10]),
            cl.ExactMatch("founded").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("country", "phone"),
            block_on("country", "email"),
            block_on("country", "name_clean"),
            "l.country = r.country and l.rarest_tokens[1] = r.rarest_tokens[1]",
            "l.country = r.country and l.rarest_tokens[1] = r.rarest_tokens[2]",
            "l.country = r.country and l.rarest_tokens[2] = r.rarest_tokens[1]",
            "l.country = r.country and l.rarest_dmeta[1] = r.rarest_dmeta[1]",
            block_on("country", "name_dmeta"),
            block_on("country", "substr(name_clean, 1, 3)", "territory"),
            block_on("round(latitude, 2)", "round(longitude, 2)"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def run(folder: Path, out: Path, verbose: bool = False) -> tuple[dict, float]:
    """Train and predict on one set; write the pairs to `out`. Returns the scores of the
    pairs, those of the clusters at 0.5, and the seconds taken (reading to pairs)."""
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, block_on

    started = time.perf_counter()
    records = prepare(read_records(folder))
    table = pa.Table.from_pylist(
        records,
        schema=pa.schema(
            [
                ("source_id", pa.string()), ("country", pa.string()),
                ("name_clean", pa.string()), ("name_tokens", pa.list_(pa.string())),
                ("legal_form", pa.string()), ("sector", pa.string()),
                ("territory", pa.string()), ("phone", pa.string()), ("email", pa.string()),
                ("founded", pa.string()), ("latitude", pa.float64()),
                ("longitude", pa.float64()), ("rarest_tokens", pa.list_(pa.string())),
                ("name_dmeta", pa.list_(pa.string())), ("token_dmeta", pa.list_(pa.string())),
                ("rarest_dmeta", pa.list_(pa.string())),
            ]
        ),
    )  # fmt: skip
    db_api = DuckDBAPI()
    linker = Linker(
        db_api.register(table), settings(), log_level=logging.INFO if verbose else logging.ERROR
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("phone"), block_on("email"), block_on("name_clean", "territory")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_clean"))
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    rows = predictions.as_record_list()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.5
    ).as_record_list()
    seconds = time.perf_counter() - started

    scores = {}
    for row in rows:
        key = evaluate.pair(str(row["source_id_l"]), str(row["source_id_r"]))
        probability = row["match_probability"]
        scores[key] = 0.0 if probability is None or math.isnan(probability) else probability
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["source_id_a", "source_id_b", "score"])
        for (a, b), score in sorted(scores.items()):
            writer.writerow([a, b, f"{score:.6f}"])
    members: dict[str, list[str]] = {}
    for row in clusters:
        members.setdefault(str(row["cluster_id"]), []).append(str(row["source_id"]))
    clustered = {evaluate.pair(a, b) for ids in members.values() for a, b in combinations(ids, 2)}
    return {"pairs": scores, "clustered": clustered}, seconds


def report(result: dict, truth: set, which: str) -> list[tuple[str, evaluate.Figures]]:
    scores = result["pairs"]
    return [
        ("splink, match probability ≥ 0.5", evaluate.figures(
            evaluate.at_threshold(scores, 0.5), truth, 0.5)),
        (f"splink, best threshold, chosen on the {which} truth — optimistic",
         evaluate.best_threshold(scores, truth)),
        ("splink, clusters at 0.5 (all pairs in a cluster)", evaluate.figures(
            result["clustered"], truth, 0.5)),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "test"], required=True)
    parser.add_argument("--out", type=Path, help="pairs CSV (default: a temporary file)")
    parser.add_argument("--details", action="store_true", help="errors by kind (evaluate.py)")
    parser.add_argument("--verbose", action="store_true", help="Splink's training log")
    args = parser.parse_args()
    folder = HERE / args.set
    if not (folder / "truth.csv").exists():
        raise SystemExit(f"no set in {folder}: run bench/duplicates/build.py first")
    out = args.out or Path(tempfile.gettempdir()) / f"splink_pairs_{args.set}.csv"
    import splink

    result, seconds = run(folder, out, args.verbose)
    truth, _entities = evaluate.read_truth(folder / "truth.csv")
    print(f"Splink {splink.__version__} (DuckDB) on {args.set}: {seconds:.1f} s; pairs in {out}\n")
    print(evaluate.table(report(result, truth, args.set)))
    if args.details:
        print()
        print(evaluate.details(evaluate.at_threshold(result["pairs"], 0.5), truth,
                               folder / "notes.csv"))  # fmt: skip


if __name__ == "__main__":
    main()
