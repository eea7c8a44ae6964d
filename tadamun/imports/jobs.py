"""Import jobs: a file staff uploaded, checked then imported away from the request that
asks for it, in a thread of the server's process (there is no task queue).

An import can then be undone, in the background too (`job_undo`).

A check does all the work of an import and rolls it back, so that it gives the very answer
the import will. Both are one transaction: what they write is invisible to other database
connections until they end, so their progress goes to the cache (`job_progress` reads it).
`TADAMUN_IMPORT_JOBS_INLINE` runs them in the request instead (tests, debugging).
"""

import logging
import threading
import traceback

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tadamun.core.i18n import current_language
from tadamun.duplicates.services import duplicates_memory_release, duplicates_scan_after_import
from tadamun.imports.formats import Table, UnreadableFile, read_table
from tadamun.imports.models import SAMPLE_ROWS, ImportJob, InvalidTransition
from tadamun.imports.reports import changes_as_json, changes_from_json, rejections_as_json
from tadamun.imports.services import (
    ImportResult,
    UndoResult,
    actors_import,
    actors_import_undo,
)

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 24 * 3600
# One job at a time in a process: two would only wait for each other's write lock on SQLite.
_one_at_a_time = threading.Lock()

Status = ImportJob.Status


def jobs_inline() -> bool:
    """Whether jobs run in the request that starts them rather than in a thread."""
    return settings.TADAMUN_IMPORT_JOBS_INLINE


def _progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:progress"


def job_progress(job: ImportJob) -> tuple[int, int]:
    """(rows done, rows in all) of the job's current or last run."""
    if job.working:
        cached = cache.get(_progress_key(job.pk))
        if cached is not None:
            return tuple(cached)
    return job.progress_done, job.progress_total


def job_create(*, user, source: str, file_name: str, data: bytes, table: Table) -> ImportJob:
    """A job for a file that was read as a table (see `formats.read_table`)."""
    job = ImportJob.objects.create(
        user=user,
        source=source,
        file_name=file_name[:255],
        data=data,
        file_size=len(data),
        encoding=table.encoding,
        separator=table.separator,
        headers=table.headers,
        sample=table.rows[:SAMPLE_ROWS],
        rows=len(table.rows),
        progress_total=len(table.rows),
        language=current_language(),
    )
    logger.info(
        "import job %s: user %s uploaded a file of %s rows for source %r",
        job.pk,
        user.pk,
        job.rows,
        source,
    )
    return job


def job_record_command(
    *,
    table: Table,
    source: str,
    file_name: str,
    file_size: int,
    mapping: dict[str, str],
    result: ImportResult,
    started_at,
) -> ImportJob:
    """The record of an import run by `tadamun import actors`, done: listed with the
    others, its rejected rows and changes downloadable, and undoable from its page. Its
    file is not kept. Call it in the import's transaction, so that both go together."""
    job = ImportJob.objects.create(
        by_command=True,
        source=source,
        file_name=file_name[:255],
        data=b"",
        file_size=file_size,
        encoding=table.encoding,
        separator=table.separator,
        headers=table.headers,
        mapping=mapping,
        language=current_language(),
        status=Status.DONE,
        **_outcome(result),
        started_at=started_at,
        finished_at=timezone.now(),
    )
    logger.info("import job %s: import of source %r from the command line", job.pk, source)
    return job


def _outcome(result: ImportResult) -> dict:
    """What a job keeps of a check or an import: its counts, rejected rows and changes."""
    return {
        **result.summary(),
        "rejections": rejections_as_json(result.rejections),
        "changes": changes_as_json(result.changes),
        "progress_done": result.rows,
        "progress_total": result.rows,
    }


def job_check(job: ImportJob, *, mapping: dict[str, str]) -> threading.Thread | None:
    """Check the file with this mapping of its headers: created, updated, unchanged and
    rejected rows, and why, with nothing written."""
    job.move_to(
        Status.CHECKING,
        mapping=mapping,
        language=current_language(),
        error="",
        progress_done=0,
        progress_total=job.rows,
    )
    return _start(job, what="check")


def job_import(job: ImportJob) -> threading.Thread | None:
    """Import the checked file, with the mapping it was checked with."""
    job.move_to(
        Status.RUNNING,
        language=current_language(),
        started_at=timezone.now(),
        progress_done=0,
        progress_total=job.rows,
    )
    return _start(job, what="import")


def job_undo(job: ImportJob, *, by) -> threading.Thread | None:
    """Undo a done import (`actors_import_undo`) in the background: what it changed goes
    back, what it created goes away, but what has changed since."""
    if not job.undoable:
        raise InvalidTransition(f"{job.status}: this import cannot be undone")
    job.move_to(
        Status.UNDOING,
        undone_by=by,
        language=current_language(),
        error="",
        progress_done=0,
        progress_total=0,  # the actors to go through, counted once it starts
    )
    return _start(job, what="undo")


def _start(job: ImportJob, *, what: str) -> threading.Thread | None:
    cache.set(_progress_key(job.pk), (0, job.progress_total), PROGRESS_SECONDS)
    if jobs_inline():
        _run(job.pk, what=what)
        return None
    thread = threading.Thread(
        target=_run_in_thread,
        args=(job.pk,),
        kwargs={"what": what},
        name=f"import-job-{job.pk}",
        daemon=True,
    )
    # The thread's own connection must see the job's new status.
    transaction.on_commit(thread.start)
    return thread


def _run_in_thread(job_id: int, *, what: str) -> None:
    try:
        with _one_at_a_time:
            _run(job_id, what=what)
    finally:
        connection.close()


def _run(job_id: int, *, what: str) -> None:
    """Run the job's check, import or undoing."""
    job = ImportJob.objects.get(pk=job_id)
    if not job.working:
        return
    if what == "undo":
        _undo(job)
        return
    dry_run = what == "check"

    def progress(done: int, total: int) -> None:
        cache.set(_progress_key(job_id), (done, total), PROGRESS_SECONDS)

    with translation.override(job.language):
        try:
            table = read_table(job.file_bytes(), job.file_name)
            with transaction.atomic():
                result = actors_import(
                    table=table, source=job.source, mapping=job.mapping, progress=progress
                )
                if dry_run:
                    transaction.set_rollback(True)
        except Exception as error:  # the job says why, and the thread ends cleanly
            _failed(job, what, error)
            return
        finally:
            cache.delete(_progress_key(job_id))
        ended = {"checked_at": timezone.now()} if dry_run else {"finished_at": timezone.now()}
        job.move_to(Status.CHECKED if dry_run else Status.DONE, **_outcome(result), **ended)
    # Counts only: a row's cells are personal data and stay out of the log.
    logger.info(
        "import job %s: %s of source %r by user %s: %s",
        job.pk,
        what,
        job.source,
        job.user_id,
        result.summary(),
    )
    if not dry_run:
        del table  # its cells' memory, for the scan
        _after_import(result)


def _undo(job: ImportJob) -> None:
    def progress(done: int, total: int) -> None:
        cache.set(_progress_key(job.pk), (done, total), PROGRESS_SECONDS)

    with translation.override(job.language):
        try:
            with transaction.atomic():
                result = actors_import_undo(
                    source=job.source,
                    changes=changes_from_json(job.changes),
                    since=job.started_at,
                    until=job.finished_at,
                    progress=progress,
                )
                job.move_to(
                    Status.UNDONE,
                    undone_at=timezone.now(),
                    undo_report={**result.summary(), "left": result.left},
                )
        except Exception as error:  # nothing undone: the import stays done, and says why
            message = _("Undoing failed: %(error)s") % {"error": _error_text(error)}
            job.move_to(Status.DONE, error=message, undone_by=None)
            _log_error(f"import job {job.pk}: undoing failed", error)
            return
        finally:
            cache.delete(_progress_key(job.pk))
    logger.info("import job %s: undone by user %s: %s", job.pk, job.undone_by_id, result.summary())
    # The actors given back their values are compared again (the pairs of those removed
    # went with them).
    _after_import(result)


def _failed(job: ImportJob, what: str, error: Exception) -> None:
    if isinstance(error, UnreadableFile):
        message = str(error)
    else:
        message = _("It stopped on an unexpected error: %(error)s") % {"error": _error_text(error)}
    job.move_to(Status.FAILED, error=message, finished_at=timezone.now())
    _log_error(f"import job {job.pk}: the {what} failed", error)


def _error_text(error: Exception) -> str:
    """An unexpected error as a job's page shows it: its kind and message, cut short."""
    return f"{type(error).__name__}: {error}"[:500]


def _log_error(what: str, error: Exception) -> None:
    # The frames, not the message: a database error can quote a row's values.
    logger.error(
        "%s with %s\n%s",
        what,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)),
    )


def _after_import(result: ImportResult | UndoResult) -> None:
    """What follows an import (or its undoing): the scan for duplicates among the actors
    it wrote, after which this process (a server's) forgets what the scan remembered."""
    try:
        duplicates_scan_after_import(actor_ids=result.actor_ids)
    except Exception as error:  # the import is done and stays done
        _log_error("the duplicate scan after an import failed", error)
    finally:
        duplicates_memory_release()
