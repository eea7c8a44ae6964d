import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tadamun.duplicates.services import duplicates_scan_after_import
from tadamun.imports.formats import UnreadableFile, read_table
from tadamun.imports.jobs import job_record_command
from tadamun.imports.reports import changes_write, rejections_write
from tadamun.imports.services import actors_import


class Command(BaseCommand):
    help = "Import actors from a CSV or XLSX file (see docs/imports.md)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["actors"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="name of the registry or list")
        parser.add_argument("--report", type=Path, help="CSV of the rejected rows and why")
        parser.add_argument(
            "--changes",
            type=Path,
            help="CSV of the fields of actors already there that the import changes, before "
            "and after",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the summary as JSON"
        )
        parser.add_argument(
            "--map",
            action="append",
            dest="mappings",
            default=[],
            metavar="HEADER=COLUMN",
            help="read a header the importer does not know as one of the format's columns",
        )
        parser.add_argument(
            "--lang", default=settings.LANGUAGE_CODE, help="language of the report (ar, fr, en)"
        )
        parser.add_argument(
            "--no-scan",
            action="store_true",
            help="do not compare the actors written with the others for duplicates",
        )

    def handle(
        self,
        *args,
        kind,
        file,
        source,
        report,
        changes,
        as_json,
        mappings,
        lang,
        no_scan,
        **options,
    ):
        with translation.override(lang):
            mapping = {}
            for item in mappings:
                header, _sep, column = item.partition("=")
                if not column:
                    raise CommandError(f"--map {item!r}: write HEADER=COLUMN")
                mapping[header] = column
            try:
                data = file.read_bytes()
            except OSError as error:
                raise CommandError(f"{file}: {error.strerror}") from error
            try:
                table = read_table(data, file.name)
                size = len(data)
                del data
                # The import and its record (the staff pages list it, and can undo it)
                # go together.
                with transaction.atomic():
                    started_at = timezone.now()
                    result = actors_import(table=table, source=source, mapping=mapping)
                    job = job_record_command(
                        table=table,
                        source=source,
                        file_name=file.name,
                        file_size=size,
                        mapping=mapping,
                        result=result,
                        started_at=started_at,
                    )
            except UnreadableFile as error:
                nothing = _("Nothing was imported.")
                raise CommandError(f"{file}: {error} {nothing}") from error
            if report:
                with report.open("w", newline="", encoding="utf-8-sig") as out:
                    rejections_write(out, table.headers, result.rejections)
            if changes:
                with changes.open("w", newline="", encoding="utf-8-sig") as out:
                    changes_write(out, result.changes)
            # The file's cells (gigabytes for a million rows) are not needed past here: the
            # scan, which needs as much again, takes their memory.
            table.rows.clear()
            scan = None if no_scan else duplicates_scan_after_import(actor_ids=result.actor_ids)
            summary = result.summary()
            if as_json:
                self.stdout.write(json.dumps(summary))
            else:
                self.stdout.write(
                    f"{file.name} ({table.encoding}"
                    + (f", «{table.separator}»" if table.separator else "")
                    + "): "
                    + ", ".join(f"{k} {v:,}" for k, v in summary.items())
                )
                self.stdout.write(
                    _("Recorded as import %(id)s: %(path)s")
                    % {"id": job.pk, "path": reverse("imports:detail", kwargs={"pk": job.pk})}
                )
                if scan is not None:
                    self.stdout.write(
                        _("%(count)s probable duplicates to review (tadamun duplicates export).")
                        % {"count": f"{scan.candidates:,}"}
                    )
