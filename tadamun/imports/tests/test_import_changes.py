"""What an import changes in the actors already there: listed by the check before it is
written, kept by the import after (the values before, which the actors no longer hold),
in the command's `--changes` file and the staff pages' download; and an import undone
from that record."""

import csv
import io
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from tadamun.accounts.testing import log_in, make_user
from tadamun.atlas.models import AtlasPoint
from tadamun.directory.models import Actor
from tadamun.directory.services import actor_update
from tadamun.duplicates.services import actors_merge
from tadamun.imports import jobs
from tadamun.imports.columns import COLUMNS
from tadamun.imports.models import ImportJob
from tadamun.imports.reports import BOM
from tadamun.privacy.retention import retention_apply

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
FIRST = [
    "R1,تعاونية الأمل للنسيج,تعاونية,Artisanat,MA,Nador,,35.17,-2.93,0661 23 45 67,,,2012,25,0,3,",
    "R2,Association Annour,association,care,TN,El Kef,,36.18,8.71,+216 78 200 300,,,2019,10,30,,",
]
# R1 moves to Berkane, takes another number and another sector; R2 comes back the same;
# R3 is new.
SECOND = [
    "R1,تعاونية الأمل للنسيج,تعاونية,agrifood,MA,Berkane,,35.17,-2.93,0662 11 22 33,,,2012,25,0,3,",
    FIRST[1],
    "R3,Coopérative Tifawin,Coop.,agriculture,MA,MA-NAD,,,,,,,,,,,",
]


def _import(tmp_path, lines, *extra):
    path = tmp_path / "actors.csv"
    path.write_text("\n".join([HEADER, *lines]), encoding="utf-8")
    out = StringIO()
    call_command("import", "actors", str(path), "--source", "registry", "--json", *extra,
                 stdout=out)  # fmt: skip
    return json.loads(out.getvalue())


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_changes_file_gives_each_changed_field_before_and_after(tmp_path):
    _import(tmp_path, FIRST)
    changes = tmp_path / "changes.csv"
    result = _import(tmp_path, SECOND, "--changes", str(changes), "--lang", "en")
    assert (result["created"], result["updated"], result["unchanged"]) == (1, 1, 1)
    amal = Actor.objects.get(sources__source_id="R1")
    rows = _rows(changes)
    assert {r["field"]: (r["before"], r["after"]) for r in rows} == {
        "territory": ("MA-NAD-NADOR", "MA-BER-BERKANE"),
        "phone": ("+212661234567", "+212662112233"),
        "sector": ("handicrafts", "agrifood"),
    }
    assert {(r["line"], r["source_id"], r["actor"]) for r in rows} == {("2", "R1", str(amal.pk))}
    assert amal.phone == "+212662112233"


def test_an_import_that_changes_nothing_writes_only_the_headers(tmp_path):
    _import(tmp_path, FIRST)
    changes = tmp_path / "changes.csv"
    assert _import(tmp_path, FIRST, "--changes", str(changes))["unchanged"] == 2
    assert _rows(changes) == []
    assert changes.read_text(encoding="utf-8-sig").count("\n") == 1


@pytest.fixture
def salma(client, db, settings):
    """The observatory's analyst, who imports registries."""
    settings.TADAMUN_IMPORT_JOBS_INLINE = True
    user = make_user("salma", platform_role="analyst")
    log_in(client, user)
    client.user = user
    return client


def _web_job(client, lines) -> ImportJob:
    data = "\n".join([HEADER, *lines]).encode()
    upload = SimpleUploadedFile("registry.csv", data, "text/csv")
    response = client.post("/en/staff/imports/new/", {"source": "registry", "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    form = {f"column_{n}": column for n, column in enumerate(COLUMNS)}
    assert client.post(f"/en/staff/imports/{job.pk}/check/", form).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.error
    return job


def test_the_check_shows_what_the_import_would_change_and_the_import_keeps_it(salma):
    first = _web_job(salma, FIRST)
    salma.post(f"/en/staff/imports/{first.pk}/import/")
    job = _web_job(salma, SECOND)

    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert "data-changes" in page and "+212661234567" in page and "+212662112233" in page
    amal = Actor.objects.get(sources__source_id="R1")
    assert amal.phone == "+212661234567"  # the check wrote nothing

    salma.post(f"/en/staff/imports/{job.pk}/import/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert "data-changes" in page and f"/en/directory/{amal.pk}/" in page
    response = salma.get(f"/en/staff/imports/{job.pk}/changes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert ("phone", "+212661234567", "+212662112233") in {
        (r["field"], r["before"], r["after"]) for r in rows
    }


def test_a_first_import_changes_nothing_and_says_so(salma):
    job = _web_job(salma, FIRST)
    assert job.changes == []
    assert "data-changes" not in salma.get(f"/en/staff/imports/{job.pk}/").content.decode()


# Undoing an import


def _imported(client, lines) -> ImportJob:
    job = _web_job(client, lines)
    assert client.post(f"/en/staff/imports/{job.pk}/import/").status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    return job


def _undo(client, job: ImportJob, **data) -> ImportJob:
    response = client.post(f"/en/staff/imports/{job.pk}/undo/", data)
    assert response["Location"] == f"/en/staff/imports/{job.pk}/#undo"
    job.refresh_from_db()
    return job


def _state(source_id: str) -> tuple:
    actor = Actor.objects.get(sources__source_id=source_id)
    sectors = sorted(actor.sectors.values_list("code", flat=True))
    return actor.phone, actor.place.code, sectors


def test_undoing_an_import_puts_back_what_it_changed_and_removes_what_it_created(salma):
    _imported(salma, FIRST)
    before = {source_id: _state(source_id) for source_id in ("R1", "R2")}
    job = _imported(salma, SECOND)
    assert _state("R1") != before["R1"]
    assert "data-undo-button" in salma.get(f"/en/staff/imports/{job.pk}/").content.decode()

    job = _undo(salma, job, confirm="1")
    assert job.status == ImportJob.Status.UNDONE and job.undone_by == salma.user
    assert job.undo_report == {"restored": 3, "removed": 1, "left": []}
    assert {source_id: _state(source_id) for source_id in ("R1", "R2")} == before
    assert not Actor.objects.filter(sources__source_id="R3").exists()
    assert AtlasPoint.objects.count() == Actor.objects.count() == 2
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert 'data-count="restored">3<' in page and 'data-count="removed">1<' in page
    assert "What the import changed in actors already there" in page  # past, not "would"
    assert "data-undo-button" not in page
    # Once only.
    assert _undo(salma, job, confirm="1").undo_report["removed"] == 1


def test_the_actors_given_back_their_values_are_compared_again_for_duplicates(salma, monkeypatch):
    _imported(salma, FIRST)
    job = _imported(salma, SECOND)
    scanned = []
    monkeypatch.setattr(
        jobs, "duplicates_scan_after_import", lambda actor_ids: scanned.append(list(actor_ids))
    )
    _undo(salma, job, confirm="1")
    assert scanned == [[Actor.objects.get(sources__source_id="R1").pk]]


def test_what_changed_since_the_import_stays_as_it_is_and_is_listed(salma):
    _imported(salma, FIRST)
    job = _imported(salma, SECOND)
    amal = Actor.objects.get(sources__source_id="R1")
    actor_update(actor=amal, phone="+212663000000")  # edited by hand since
    tifawin = Actor.objects.get(sources__source_id="R3")
    annour = Actor.objects.get(sources__source_id="R2")
    actors_merge(survivor=tifawin, merged=annour, choices={}, by=salma.user)

    job = _undo(salma, job, confirm="1")
    report = job.undo_report
    assert (report["restored"], report["removed"]) == (2, 0)
    assert {(item["source_id"], item["field"]) for item in report["left"]} == {
        ("R1", "phone"),
        ("R3", ""),
    }
    phone, place, sectors = _state("R1")
    assert (phone, place, sectors) == ("+212663000000", "MA-NAD-NADOR", ["handicrafts"])
    assert Actor.objects.filter(pk=tifawin.pk).exists()
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert "data-left" in page and "changed again since the import" in page


def test_an_import_is_undone_only_once_confirmed(salma):
    _imported(salma, FIRST)
    job = _imported(salma, SECOND)
    assert _undo(salma, job).status == ImportJob.Status.DONE
    assert Actor.objects.filter(sources__source_id="R3").exists()


def test_an_import_whose_changes_were_not_recorded_cannot_be_undone(salma):
    job = _imported(salma, FIRST)
    ImportJob.objects.filter(pk=job.pk).update(changes=None)  # an import from before
    assert "data-undo" not in salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert _undo(salma, job, confirm="1").status == ImportJob.Status.DONE
    assert Actor.objects.count() == 2


def test_an_account_without_the_imports_cannot_undo_one(salma, client):
    job = _imported(salma, FIRST)
    log_in(client, make_user("karim"))
    assert client.post(f"/en/staff/imports/{job.pk}/undo/", {"confirm": "1"}).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


def test_an_undoing_that_fails_leaves_the_import_done_and_says_why(salma, monkeypatch):
    _imported(salma, FIRST)
    job = _imported(salma, SECOND)
    real = jobs.actors_import_undo

    def failing(**kwargs):
        real(**kwargs)  # all its work, then
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "actors_import_undo", failing)
    job = _undo(salma, job, confirm="1")
    assert job.status == ImportJob.Status.DONE and job.undone_by is None
    assert "disk full" in job.error
    assert Actor.objects.filter(sources__source_id="R3").exists()  # nothing undone
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert "disk full" in page and "data-undo-button" in page


# Imports from the command line


def test_an_import_from_the_command_line_is_listed_and_can_be_undone_from_its_page(tmp_path, salma):
    _import(tmp_path, FIRST)
    out = StringIO()
    path = tmp_path / "second.csv"
    path.write_text("\n".join([HEADER, *SECOND]), encoding="utf-8")
    call_command("import", "actors", str(path), "--source", "registry", "--lang", "en",
                 "--no-scan", stdout=out)  # fmt: skip
    job = ImportJob.objects.latest("pk")
    assert f"Recorded as import {job.pk}: /en/staff/imports/{job.pk}/" in out.getvalue()
    assert (job.by_command, job.status, job.user, job.file_name) == (
        True, ImportJob.Status.DONE, None, "second.csv"
    )  # fmt: skip
    assert (job.rows, job.created, job.updated, job.unchanged) == (3, 1, 1, 1)
    assert job.file_bytes() == b""
    assert {c["field"] for c in job.changes} == {"territory", "phone", "sector"}

    listing = salma.get("/en/staff/imports/").content.decode()
    assert "command line" in listing and "second.csv" in listing
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert "data-by-command" in page and "data-undo-button" in page
    job = _undo(salma, job, confirm="1")
    assert job.undo_report == {"restored": 3, "removed": 1, "left": []}
    assert _state("R1")[0] == "+212661234567"


def test_a_file_that_cannot_be_read_leaves_no_record(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import", "actors", str(path), "--source", "registry")
    assert not ImportJob.objects.exists()


def test_after_180_days_the_record_is_cleared_and_the_import_can_no_longer_be_undone(tmp_path):
    _import(tmp_path, FIRST)
    job = ImportJob.objects.get()
    assert job.undoable
    later = timezone.now() + timedelta(days=181)
    assert retention_apply(now=later).counts["import_files_cleared"] == 1
    job.refresh_from_db()
    assert (job.changes, job.rejections, job.cleared_at) == (None, [], later)
    assert not job.undoable
    assert retention_apply(now=later).counts["import_files_cleared"] == 0
