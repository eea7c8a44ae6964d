from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tadamun.directory.models import Actor
from tadamun.search.evaluation import by_language_table, evaluate, load_records, worst


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Measure the search on a labelled set (default bench/search_eval): precision@10 and "
        "recall@50 per query language. Runs in a transaction that is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", default=str(Path(settings.BASE_DIR) / "bench" / "search_eval")
        )
        parser.add_argument(
            "--show", type=int, default=0, help="Also list this many of the worst queries."
        )
        parser.add_argument(
            "--allow-existing",
            action="store_true",
            help="Evaluate even if the database already holds actors.",
        )

    def handle(self, *args, folder, show, allow_existing, **options):
        folder = Path(folder)
        if not (folder / "records.csv").exists():
            raise CommandError(f"No records.csv in {folder}")
        if Actor.objects.exists() and not allow_existing:
            raise CommandError(
                "The database already holds actors, which would mix with the set's: use an "
                "empty database (bench/search_quality.py makes one) or --allow-existing."
            )
        try:
            with transaction.atomic():
                records = load_records(folder)
                evaluation = evaluate(folder, records)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"{len(records)} records, {len(evaluation.results)} queries, "
            f"{evaluation.seconds:.1f}s of searching.\n"
        )
        self.stdout.write(by_language_table(evaluation))
        for result in worst(evaluation, show):
            self.stdout.write(
                f"  [{result.language}] {result.query!r}: P@10 {result.precision_at_10:.2f}, "
                f"R@50 {result.recall_at_50:.2f}, {result.relevant} relevant, missed "
                f"{', '.join(result.missed[:6])}"
            )
