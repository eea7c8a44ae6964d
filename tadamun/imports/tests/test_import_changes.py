"""What an import changes in the actors already there: listed by the check before it is
written, kept by the import after (the values before, which the actors no longer hold),
in the command's `--changes` file and the staff pages' download."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tadamun.accounts.testing import log_in, make_user
from tadamun.directory.models import Actor
from tadamun.imports.columns import COLUMNS
from tadamun.imports.models import ImportJob
from tadamun.imports.reports import BOM

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
