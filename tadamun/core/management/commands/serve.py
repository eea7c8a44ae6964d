"""`tadamun serve`: the production web server (gunicorn), static files served by the app."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def static_files_are_current() -> bool:
    """Whether STATIC_ROOT already holds every static file, as new as its source."""
    from pathlib import Path

    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            if Path(storage.path(path)).stat().st_mtime > built:
                return False
    return True


def default_workers() -> int:
    # SQLite serialises writes, and a small server has little memory: a few processes with
    # threads serve better than many processes.
    return min(4, (os.cpu_count() or 1) + 1)


class Command(BaseCommand):
    help = "Run Tadamun with gunicorn (a production WSGI server), serving its static files."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Never gather static files first (by default they are gathered when "
            "STATIC_ROOT is missing or older than a source file).",
        )

    def handle(self, *args, host, port, workers, threads, no_collectstatic, **options):
        if not no_collectstatic and not static_files_are_current():
            call_command("collectstatic", interactive=False, verbosity=0)
        from gunicorn.app.base import BaseApplication

        from tadamun.config.wsgi import application

        options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        }

        class TadamunServer(BaseApplication):
            def load_config(self):
                for key, value in options.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        self.stdout.write(
            f"Tadamun at http://{host}:{port}/ ({workers} workers × {threads} threads, "
            f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
        )
        TadamunServer().run()
