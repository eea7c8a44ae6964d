"""The reports of an import: its rejected rows, and what it changes in actors already there.

The report of an import's rejected rows: a CSV with one line per rejected row, its
line in the file, the columns at fault and the reasons, then the row's original cells.
The command's `--report` and the staff pages' download write the same file. Corrected in
a spreadsheet, it imports again as it is: the importer leaves out its first three
columns, and reads each cell back as it was (see core.spreadsheets)."""

import csv
from collections.abc import Iterable
from dataclasses import asdict

from django.utils.translation import gettext as _

from tadamun.core.spreadsheets import spreadsheet_safe
from tadamun.imports.services import Change, Rejection

# Excel opens a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


def rejections_write(out, headers: list[str], rejections: Iterable[Rejection]) -> None:
    """Write the report to `out` (a text file, or an HttpResponse), without the BOM: a
    row with several problems once, its columns and reasons in the same order."""
    by_line: dict[int, list[Rejection]] = {}
    for rejection in rejections:
        by_line.setdefault(rejection.line, []).append(rejection)
    writer = csv.writer(out)
    writer.writerow([_("line"), _("column"), _("reason"), *(spreadsheet_safe(h) for h in headers)])
    for line, problems in by_line.items():
        writer.writerow(
            [
                line,
                "; ".join(dict.fromkeys(p.column for p in problems if p.column)),
                "; ".join(str(p.reason) for p in problems),
                *(spreadsheet_safe(cell) for cell in problems[0].cells),
            ]
        )


def rejections_as_json(rejections: Iterable[Rejection]) -> list[dict]:
    """Rejections as a job keeps them (`ImportJob.rejections`)."""
    return [
        {"line": r.line, "column": r.column, "reason": str(r.reason), "cells": list(r.cells)}
        for r in rejections
    ]


def rejections_from_json(items: Iterable[dict]) -> list[Rejection]:
    return [
        Rejection(line=r["line"], cells=r["cells"], column=r["column"], reason=r["reason"])
        for r in items
    ]


def changes_write(out, changes: Iterable[Change]) -> None:
    """Write what an import changes to `out`, without the BOM: one line per field changed,
    with the value it had before (the record of it, once the import is done)."""
    writer = csv.writer(out)
    writer.writerow([_("line"), "source_id", _("actor"), _("field"), _("before"), _("after")])
    for change in changes:
        writer.writerow(
            [
                change.line,
                spreadsheet_safe(change.source_id),
                change.actor_id,
                change.field,
                spreadsheet_safe(change.before),
                spreadsheet_safe(change.after),
            ]
        )


def changes_as_json(changes: Iterable[Change]) -> list[dict]:
    """Changes as a job keeps them (`ImportJob.changes`): each Change's fields."""
    return [asdict(change) for change in changes]


def changes_from_json(items: Iterable[dict]) -> list[Change]:
    return [Change(**item) for item in items]
