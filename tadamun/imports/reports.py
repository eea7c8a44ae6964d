"""The report of an import's rejected rows: a CSV with each problem's line in the file, its
column, its reason and the row's original cells, one line per problem. The command's
`--report` and the staff pages' download write the same file."""

import csv
from collections.abc import Iterable

from django.utils.translation import gettext as _

from tadamun.directory.opendata import spreadsheet_safe
from tadamun.imports.services import Rejection

# Excel opens a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


def rejections_write(out, headers: list[str], rejections: Iterable[Rejection]) -> None:
    """Write the report to `out` (a text file, or an HttpResponse), without the BOM."""
    writer = csv.writer(out)
    writer.writerow([_("line"), _("column"), _("reason"), *(spreadsheet_safe(h) for h in headers)])
    for rejection in rejections:
        writer.writerow(
            [
                rejection.line,
                rejection.column,
                rejection.reason,
                *(spreadsheet_safe(cell) for cell in rejection.cells),
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
