import csv
import json
import time

from django.core.management.base import BaseCommand

from tadamun.duplicates.selectors import pending_pairs_by_source_id
from tadamun.duplicates.services import duplicates_scan


class Command(BaseCommand):
    help = (
        "scan: find the probable duplicates among all actors; "
        "export: print the pending pairs as CSV (source_id_a,source_id_b,score)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scan", "export"])
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the scan's summary as JSON, with the time of each of its phases",
        )

    def handle(self, *args, action, as_json, **options):
        if action == "export":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(["source_id_a", "source_id_b", "score"])
            for a, b, score in pending_pairs_by_source_id():
                writer.writerow([a, b, f"{score:.4f}"])
            return
        started = time.perf_counter()
        result = duplicates_scan()
        summary = {**result.summary(), "seconds": round(time.perf_counter() - started, 1)}
        if as_json:
            self.stdout.write(json.dumps({**summary, "phases": result.stats.get("phases", [])}))
        else:
            self.stdout.write(", ".join(f"{k} {v:,}" for k, v in summary.items()))
