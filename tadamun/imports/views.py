"""Staff pages of imports: upload a file, see how it was read and map the headers the
importer does not know, check it, import it in the background and follow its progress,
download the rejected rows and the changes to actors already there, undo an import;
and the list of past imports."""

import logging
from contextlib import suppress

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import allowed_to
from tadamun.imports.columns import REQUIRED, map_headers
from tadamun.imports.forms import COLUMN_LABELS, MappingForm, UploadForm, missing_message
from tadamun.imports.jobs import job_check, job_create, job_import, job_progress, job_undo
from tadamun.imports.models import ImportJob, InvalidTransition
from tadamun.imports.reports import (
    BOM,
    changes_from_json,
    changes_write,
    rejections_from_json,
    rejections_write,
)

logger = logging.getLogger(__name__)

# How the file was read, in words.
ENCODINGS = {
    "utf-8": gettext_lazy("UTF-8"),
    "utf-8-sig": gettext_lazy("UTF-8 with a byte order mark"),
    "cp1256": gettext_lazy("Windows Arabic"),
    "latin-1": gettext_lazy("Latin-1 (Western European)"),
    "xlsx": gettext_lazy("XLSX workbook"),
}
SEPARATORS = {
    ";": gettext_lazy("semicolon"),
    ",": gettext_lazy("comma"),
    "\t": gettext_lazy("tab"),
}
JOBS_PER_PAGE = 50
REJECTIONS_SHOWN = 20
CHANGES_SHOWN = 20
# The statuses of a job not imported yet, whose page is the preview and the check; the
# others show the import's progress or result.
PREVIEWED = (ImportJob.Status.UPLOADED, ImportJob.Status.CHECKING, ImportJob.Status.CHECKED)


staff_only = allowed_to("directory.import")


@staff_only
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = ImportJob.objects.select_related("user").defer(
        "data", "sample", "headers", "mapping", "rejections", "changes", "undo_report", "error"
    )
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "imports/job_list.html", {"page": page})


@staff_only
def job_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_create(
            user=request.user,
            source=form.cleaned_data["source"],
            file_name=form.cleaned_data["file"].name,
            data=form.file_data,
            table=form.table,
        )
        return redirect("imports:detail", pk=job.pk)
    status = 400 if form.errors else 200
    return render(request, "imports/job_new.html", {"form": form}, status=status)


def _job(pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.select_related("user"), pk=pk)


@staff_only
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview and check of a job not imported yet; the import's progress or result."""
    job = _job(pk)
    if job.status not in PREVIEWED:
        return _result_page(request, job)
    form = MappingForm(headers=job.headers, mapping=job.mapping)
    return _preview_page(request, job, form)


def _file_facts(job: ImportJob) -> dict:
    return {
        "job": job,
        "encoding_name": ENCODINGS.get(job.encoding, job.encoding),
        "separator_name": SEPARATORS.get(job.separator, job.separator),
    }


def _example(rows: list[list[str]], position: int) -> str:
    """The first value the rows give a column."""
    return next((row[position] for row in rows if position < len(row) and row[position]), "")


def _preview_page(request, job: ImportJob, form: MappingForm, status: int = 200) -> HttpResponse:
    mapped = map_headers(job.headers, job.mapping)
    missing = [column for column in REQUIRED if column not in mapped.values()]
    done, total = job_progress(job)
    context = {
        **_file_facts(job),
        "form": form,
        # Each header's choice, with the first value the preview's rows give it.
        "mapping_rows": [
            (form[f"column_{n}"], _example(job.sample, n)) for n in range(len(job.headers))
        ],
        "columns": [
            (header, mapped.get(n), COLUMN_LABELS.get(mapped.get(n), ""))
            for n, header in enumerate(job.headers)
        ],
        "missing": missing_message(missing) if missing else "",
        "done": done,
        "total": total,
        "rejections": job.rejections[:REJECTIONS_SHOWN],
        "changes": (job.changes or [])[:CHANGES_SHOWN],
    }
    return render(request, "imports/job_preview.html", context, status=status)


def _result_page(request, job: ImportJob) -> HttpResponse:
    done, total = job_progress(job)
    context = {
        **_file_facts(job),
        "done": done,
        "total": total,
        "rejections": job.rejections[:REJECTIONS_SHOWN],
        "changes": (job.changes or [])[:CHANGES_SHOWN],
        "duplicates_url": reverse("duplicates:queue"),
        "left": job.undo_report.get("left", [])[:CHANGES_SHOWN],
    }
    return render(request, "imports/job_detail.html", context)


@staff_only
@require_POST
def job_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(pk)
    if not job.can_move_to(ImportJob.Status.CHECKING):
        return redirect("imports:detail", pk=job.pk)
    form = MappingForm(request.POST, headers=job.headers, mapping=job.mapping)
    if not form.is_valid():
        return _preview_page(request, job, form, status=400)
    job_check(job, mapping=form.mapping)
    return redirect(reverse("imports:detail", kwargs={"pk": job.pk}) + "#check")


@staff_only
@require_POST
def job_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(pk)
    if job.can_move_to(ImportJob.Status.RUNNING):
        logger.info("import job %s: user %s imports source %r", job.pk, request.user.pk, job.source)
        job_import(job)
    return redirect("imports:detail", pk=job.pk)


@staff_only
@require_POST
def job_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a done import in the background, once its consequences are confirmed; the
    job's page follows it."""
    job = _job(pk)
    if job.undoable and request.POST.get("confirm"):
        with suppress(InvalidTransition):  # undone meanwhile by another request
            job_undo(job, by=request.user)
    elif job.undoable:
        messages.error(request, _("Tick the box to confirm, then undo the import."))
    return redirect(reverse("imports:detail", kwargs={"pk": job.pk}) + "#undo")


@staff_only
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's status and progress, for the page's script to follow."""
    job = get_object_or_404(ImportJob.objects.only(*STATUS_FIELDS), pk=pk)
    done, total = job_progress(job)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "working": job.working,
            "done": done,
            "total": total,
            **job.counts,
        },
        headers={"Cache-Control": "no-store"},
    )


STATUS_FIELDS = (
    "status",
    "rows",
    "created",
    "updated",
    "unchanged",
    "rejected",
    "progress_done",
    "progress_total",
)


def _ran(pk: int, *fields: str) -> ImportJob | None:
    """The job, when it has been checked or imported (its reports are of its last run)."""
    job = get_object_or_404(ImportJob.objects.only("source", "status", *fields), pk=pk)
    ran = (ImportJob.Status.CHECKED, ImportJob.Status.DONE, ImportJob.Status.UNDONE)
    return job if job.status in ran else None


def _csv_download(job: ImportJob, what: str) -> HttpResponse:
    """An empty CSV response for Excel (its BOM written), named after the job."""
    name = f"{slugify(job.source) or 'import'}-{job.pk}-{what}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, name)},
    )
    response.write(BOM)
    return response


@staff_only
def job_rejections(request: HttpRequest, pk: int) -> HttpResponse:
    """The rejected rows of the job's last check or import, as a CSV for Excel."""
    job = _ran(pk, "headers", "rejections")
    if job is None:
        return redirect("imports:detail", pk=pk)
    response = _csv_download(job, "rejected")
    rejections_write(response, job.headers, rejections_from_json(job.rejections))
    return response


@staff_only
def job_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """What the job's last check or import changes in actors already there, before and
    after, as a CSV for Excel."""
    job = _ran(pk, "changes")
    if job is None:
        return redirect("imports:detail", pk=pk)
    response = _csv_download(job, "changes")
    changes_write(response, changes_from_json(job.changes))
    return response
