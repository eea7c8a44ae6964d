from django.core.management.base import BaseCommand

from tadamun.places.selectors import place_resolve
from tadamun.places.services import places_load_reference


class Command(BaseCommand):
    help = "Load the reference places (`places load`) or resolve a name (`places find NAME`)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Create or refresh the shipped countries, divisions, towns.")
        find = sub.add_parser("find", help="Show the place a name or code resolves to.")
        find.add_argument("name")
        find.add_argument("--country", help="ISO 3166-1 alpha-2 code to restrict to.")

    def handle(self, *args, action, **options):
        if action == "load":
            counts = places_load_reference()
            self.stdout.write(f"{counts['countries']} countries, {counts['places']} places.")
            return
        place = place_resolve(options["name"], country=options.get("country"))
        if place is None:
            self.stderr.write(f"No place is known as {options['name']!r}.")
            raise SystemExit(1)
        chain = " < ".join(f"{p.name_fr} ({p.code})" for p in place.ancestors())
        self.stdout.write(chain)
