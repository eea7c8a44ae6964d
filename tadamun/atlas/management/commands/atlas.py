from django.core.management.base import BaseCommand

from tadamun.atlas.services import atlas_rebuild


class Command(BaseCommand):
    help = "Rebuild the Atlas's grid positions and counts per cell from the directory."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="recompute the map's tables from scratch"
        )

    def handle(self, *args, rebuild: bool, **options):
        if not rebuild:
            self.stdout.write("Nothing to do: use --rebuild.")
            return
        report = atlas_rebuild()
        self.stdout.write(
            f"{report.points:,} actors placed, {report.cells:,} cell counts, "
            f"in {report.seconds:.1f} s."
        )
