from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tadamun.directory.filters import FilterError, parse_filters
from tadamun.search.services import actor_search, search_reindex_all


class Command(BaseCommand):
    help = "Search the directory and print the ranked results (`search QUERY`), or --reindex."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="*", help="Words to search for.")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--country")
        parser.add_argument("--territory")
        parser.add_argument("--legal-form", dest="legal_form")
        parser.add_argument("--sector")
        parser.add_argument("--lang", default="fr", choices=["ar", "fr", "en"])
        parser.add_argument(
            "--reindex", action="store_true", help="Rebuild the search index of every actor."
        )

    def handle(self, *args, query, limit, lang, reindex, **options):
        if reindex:
            self.stdout.write(f"{search_reindex_all():,} actors indexed.")
            return
        text = " ".join(query)
        if not text.strip():
            raise CommandError("Give words to search for, e.g. `tadamun search coopérative`.")
        params = {
            k: options[k]
            for k in ("country", "territory", "legal_form", "sector")
            if options.get(k)
        }
        try:
            filters = parse_filters(params)
        except FilterError as error:
            raise CommandError(str(error)) from error
        with translation.override(lang):
            page = actor_search(text=text, filters=filters, limit=limit, language=lang)
            self.stdout.write(f"{page.count:,} actors match {text!r}.")
            for rank, actor in enumerate(page.actors, start=1):
                where = actor.place.name if actor.place else actor.country.name
                form = actor.legal_form.name if actor.legal_form else ""
                self.stdout.write(f"{rank:>3}. [{actor.pk}] {actor.name} — {form}, {where}")
