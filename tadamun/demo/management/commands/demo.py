import time

from django.core.management.base import BaseCommand, CommandError

from tadamun.demo.services import demo_generate_actors, demo_load_organisations
from tadamun.diagnostics.demo import demo_diagnostics
from tadamun.directory.models import Actor
from tadamun.mechanisms.services import mechanisms_load_programme


class Command(BaseCommand):
    help = (
        "Load demo data: the organisations the programmes' documents name, in their real "
        "places, and a generated population of cooperatives and associations."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actors",
            type=int,
            default=3000,
            help="How many generated actors to have in all (default 3000; up to 1,000,000).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the directory has actors."
        )

    def handle(self, *args, actors, seed, if_empty, **options):
        if actors < 0 or actors > 5_000_000:
            raise CommandError("--actors must be between 0 and 5,000,000.")
        if if_empty and Actor.objects.exists():
            self.stdout.write("The directory already has actors: demo data not loaded.")
            return
        started = time.monotonic()
        organisations = demo_load_organisations()
        self.stdout.write(f"{organisations} organisations from the seeds.")
        mechanisms = mechanisms_load_programme()
        self.stdout.write(f"{mechanisms} support mechanisms of the programme.")
        from tadamun.desk.demo import demo_load_requests

        self.stdout.write(f"{demo_load_requests()} requests to the one-stop shops.")
        diagnostics = demo_diagnostics()
        self.stdout.write(f"{diagnostics} needs diagnostics of people and organisations.")
        from tadamun.accompaniment.demo import demo_load_cases

        cases = demo_load_cases()
        self.stdout.write(f"{cases} accompaniment cases in Nador and Le Kef.")
        from tadamun.catalogue.demo import demo_load_services

        self.stdout.write(f"{demo_load_services()} support services in the catalogue.")

        def progress(done: int) -> None:
            if done % 50_000 == 0 or done == actors:
                rate = done / max(time.monotonic() - started, 1e-9)
                self.stdout.write(f"  {done:,} generated actors ({rate:,.0f}/s)")

        added = demo_generate_actors(count=actors, seed=seed, progress=progress)
        self.stdout.write(
            f"{added:,} generated actors added in {time.monotonic() - started:.1f}s; "
            f"{Actor.objects.count():,} actors in all."
        )
