"""The staff pages of imports: upload, preview, mapping, check, import, progress, report.

Salma is on the staff of a House of SSE; Karim has an account but is not staff; a visitor
has none. Jobs run in the request (TADAMUN_IMPORT_JOBS_INLINE) except where a test says.
"""

import csv
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from tadamun.accounts.testing import log_in, make_user
from tadamun.directory.models import Actor, ActorSource
from tadamun.imports import jobs
from tadamun.imports.columns import map_headers
from tadamun.imports.models import ImportJob, InvalidTransition
from tadamun.imports.reports import BOM

pytestmark = pytest.mark.django_db

# A Tunisian governorate's list, as its office saves it from Excel: Windows Arabic,
# semicolons, Arabic headers; the first header is one the importer does not know.
HEADERS = ["رقم التسجيل", "الاسم", "الشكل القانوني", "البلد", "الجهة", "الهاتف", "ملاحظات"]
ROWS = [
    ["K1", "جمعية النور للتنمية", "جمعية", "TN", "الكاف", "78 200 300", "ملف كامل"],
    ["K2", "Coopérative El Baraka", "Coopérative", "TN", "Le Kef", "", ""],
    ["K3", "تعاونية بلا بلد", "تعاونية", "XX", "", "", ""],  # unknown country: rejected
]
UNKNOWN = 0  # the position of "رقم التسجيل"


def _csv(headers=HEADERS, rows=ROWS, encoding="cp1256") -> bytes:
    return "\r\n".join(";".join(line) for line in [headers, *rows]).encode(encoding)


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.TADAMUN_IMPORT_JOBS_INLINE = True


@pytest.fixture
def salma(client, db):
    """The observatory's analyst, who imports registries."""
    user = make_user("salma", platform_role="analyst")
    log_in(client, user)
    client.user = user
    return client


@pytest.fixture
def karim(client, db):
    """An account with no role that opens the imports."""
    user = make_user("karim")
    log_in(client, user)
    return client


def _upload(client, data=None, name="liste-kef.csv", source="kef-2026", lang="en"):
    upload = SimpleUploadedFile(name, _csv() if data is None else data, "text/csv")
    return client.post(f"/{lang}/staff/imports/new/", {"source": source, "file": upload})


def _uploaded(client, **kwargs) -> ImportJob:
    response = _upload(client, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get()


def _mapping_post(job: ImportJob, **by_position) -> dict:
    """The preview's form as shown, with some headers mapped by hand (`column_0="…"`)."""
    current = map_headers(job.headers, job.mapping)
    data = {f"column_{n}": current.get(n, "") for n in range(len(job.headers))}
    data.update(by_position)
    return data


def _checked(client, job: ImportJob) -> ImportJob:
    response = client.post(
        f"/en/staff/imports/{job.pk}/check/", _mapping_post(job, column_0="source_id")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.error
    return job


def _imported(client) -> ImportJob:
    job = _checked(client, _uploaded(client))
    response = client.post(f"/en/staff/imports/{job.pk}/import/")
    assert response.status_code == 302
    job.refresh_from_db()
    return job


# Who may use the pages


def test_a_visitor_is_sent_to_log_in_and_karim_who_is_not_staff_is_refused(
    client, django_user_model
):
    owner = django_user_model.objects.create_user("owner", is_staff=True)
    job = ImportJob.objects.create(user=owner, source="s", file_name="f.csv", data=b"a")
    pages = ["", "new/", f"{job.pk}/", f"{job.pk}/status/", f"{job.pk}/rejected.csv"]
    for page in pages:
        response = client.get(f"/fr/staff/imports/{page}")
        assert response.status_code == 302, page
        assert response["Location"].startswith("/fr/accounts/login/?next=/fr/staff/imports/")
    for action in ("check", "import"):
        assert client.post(f"/fr/staff/imports/{job.pk}/{action}/").status_code == 302

    karim = make_user("karim")
    log_in(client, karim)
    for page in pages:
        assert client.get(f"/fr/staff/imports/{page}").status_code == 404, page
    assert client.post(f"/fr/staff/imports/{job.pk}/import/").status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED


# Upload and preview


def test_an_arabic_windows_file_shows_its_encoding_separator_and_first_rows(salma):
    response = _upload(salma)
    job = ImportJob.objects.get()
    assert response["Location"] == f"/en/staff/imports/{job.pk}/"
    assert (job.user.username, job.source, job.file_name) == ("salma", "kef-2026", "liste-kef.csv")
    assert (job.encoding, job.separator, job.rows) == ("cp1256", ";", 3)
    assert job.status == ImportJob.Status.UPLOADED

    page = salma.get(response["Location"]).content.decode()
    assert "cp1256" in page and "Windows Arabic" in page
    assert "semicolon" in page
    for text in (*HEADERS, "جمعية النور للتنمية", "Coopérative El Baraka", "78 200 300"):
        assert text in page, text
    # Known headers show the column they are read as; the unknown one asks for a choice,
    # and the missing required column is said.
    form = salma.get(f"/en/staff/imports/{job.pk}/").context["form"]
    assert form["column_1"].initial == "name"
    assert form["column_4"].initial == "territory"
    assert form["column_0"].initial == ""
    assert "Required columns not found: source_id" in page
    assert Actor.objects.count() == 0


def test_an_unreadable_file_is_refused_with_a_clear_error_and_nothing_is_kept(salma):
    response = _upload(salma, data=b"this is not a workbook", name="registre.xlsx")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This file cannot be read as a table: The file is not a readable XLSX workbook." in page
    assert 'aria-invalid="true"' in page

    response = _upload(salma, data=b"", name="vide.csv")
    assert response.status_code == 400
    assert "The submitted file is empty." in response.content.decode()

    response = _upload(salma, data=b"\r\n\r\nsource_id,name\r\n", name="blank.csv")
    assert "first line (the headers) is blank" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_upload_form_says_what_is_missing(salma):
    response = salma.post("/en/staff/imports/new/", {"source": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert '<label for="id_file">' in page and '<label for="id_source">' in page


# Mapping and check


def test_the_check_needs_the_required_columns_and_a_column_once(salma):
    job = _uploaded(salma)
    response = salma.post(f"/en/staff/imports/{job.pk}/check/", _mapping_post(job))
    assert response.status_code == 400
    assert "Required columns not found: source_id" in response.content.decode()

    twice = _mapping_post(job, column_0="source_id", column_6="name")
    response = salma.post(f"/en/staff/imports/{job.pk}/check/", twice)
    assert response.status_code == 400
    assert "name is chosen for several headers (الاسم, ملاحظات): keep one." in (
        response.content.decode()
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED


def test_a_header_mapped_by_hand_lets_the_file_be_checked_and_the_check_writes_nothing(salma):
    job = _uploaded(salma)
    actors, sources = Actor.objects.count(), ActorSource.objects.count()
    response = salma.post(
        f"/en/staff/imports/{job.pk}/check/", _mapping_post(job, column_0="source_id")
    )
    assert response["Location"] == f"/en/staff/imports/{job.pk}/#check"
    assert (Actor.objects.count(), ActorSource.objects.count()) == (actors, sources)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert job.mapping["رقم التسجيل"] == "source_id"
    assert job.mapping["ملاحظات"] == ""
    assert job.counts == {"rows": 3, "created": 2, "updated": 0, "unchanged": 0, "rejected": 1}

    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert 'data-count="created">2<' in page
    assert 'data-count="rejected">1<' in page
    assert "unknown country &#x27;XX&#x27;" in page
    assert f'action="/en/staff/imports/{job.pk}/import/"' in page
    # The check's rejected rows can be downloaded before the import.
    assert salma.get(f"/en/staff/imports/{job.pk}/rejected.csv").status_code == 200

    # A new mapping is checked again.
    response = salma.post(
        f"/en/staff/imports/{job.pk}/check/",
        _mapping_post(job, column_0="source_id", column_4=""),
    )
    job.refresh_from_db()
    assert job.mapping["الجهة"] == ""
    assert job.status == ImportJob.Status.CHECKED
    assert Actor.objects.count() == actors


# Import, result, report


def test_the_import_creates_the_actors_and_the_rejected_rows_download_with_their_reasons(salma):
    job = _imported(salma)
    assert job.status == ImportJob.Status.DONE
    assert job.counts == {"rows": 3, "created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert job.created + job.updated + job.unchanged + job.rejected == job.rows
    nour = ActorSource.objects.get(source="kef-2026", source_id="K1").actor
    assert nour.name_ar == "جمعية النور للتنمية"
    assert nour.legal_form.code == "association"
    assert nour.phone == "+21678200300"
    assert nour.admin1.code.startswith("TN-")
    assert ActorSource.objects.get(source="kef-2026", source_id="K2").actor.name_fr == (
        "Coopérative El Baraka"
    )

    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert 'data-status="done"' in page
    assert 'data-count="created">2<' in page and 'data-count="rejected">1<' in page
    assert "data-import-progress" not in page

    response = salma.get(f"/en/staff/imports/{job.pk}/rejected.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kef-2026-{job.pk}-rejected.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    lines = list(csv.reader(io.StringIO(text[1:])))
    assert lines[0] == ["line", "column", "reason", *HEADERS]
    assert lines[1][:3] == [
        "4",
        "country",
        "unknown country 'XX': use an ISO code such as MA or TN",
    ]
    assert lines[1][3:] == ROWS[2]

    # A second import of the same file changes nothing.
    again = _uploaded_again(salma)
    assert again.counts == {"rows": 3, "created": 0, "updated": 0, "unchanged": 2, "rejected": 1}
    assert Actor.objects.count() == 2


def _uploaded_again(client) -> ImportJob:
    response = _upload(client)
    job = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    job = _checked(client, job)
    client.post(f"/en/staff/imports/{job.pk}/import/")
    job.refresh_from_db()
    return job


def test_the_report_and_the_pages_speak_the_staff_members_language(salma):
    job = _uploaded(salma, lang="fr")
    salma.post(f"/fr/staff/imports/{job.pk}/check/", _mapping_post(job, column_0="source_id"))
    salma.post(f"/fr/staff/imports/{job.pk}/import/")
    job.refresh_from_db()
    assert job.language == "fr"
    assert "pays inconnu" in job.rejections[0]["reason"]
    text = salma.get(f"/fr/staff/imports/{job.pk}/rejected.csv").content.decode("utf-8-sig")
    assert text.startswith("ligne,colonne,motif,")


def test_an_import_cannot_start_twice_nor_before_its_check(salma):
    job = _uploaded(salma)
    salma.post(f"/en/staff/imports/{job.pk}/import/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED
    job = _checked(salma, job)
    salma.post(f"/en/staff/imports/{job.pk}/import/")
    salma.post(f"/en/staff/imports/{job.pk}/import/")
    assert Actor.objects.count() == 2
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    # A finished job's mapping cannot be checked again.
    response = salma.post(f"/en/staff/imports/{job.pk}/check/", _mapping_post(job))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


def test_transitions_are_checked_against_the_status_in_the_database(salma):
    job = _uploaded(salma)
    with pytest.raises(InvalidTransition):
        job.move_to(ImportJob.Status.RUNNING)
    stale = ImportJob.objects.get(pk=job.pk)
    job.move_to(ImportJob.Status.CHECKING)
    with pytest.raises(InvalidTransition, match="moved on"):
        stale.move_to(ImportJob.Status.CHECKING)


# Progress


def test_the_status_endpoint_returns_the_progress_as_json(salma, monkeypatch):
    job = _checked(salma, _uploaded(salma))
    url = f"/en/staff/imports/{job.pk}/status/"
    status = salma.get(url).json()
    assert status == {
        "status": "checked",
        "status_label": "checked",
        "working": False,
        "done": 3,
        "total": 3,
        "rows": 3,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }

    # While the import runs, the progress it reports is read from the cache.
    seen = []
    real_import = jobs.actors_import

    def watched(**kwargs):
        report = kwargs["progress"]

        def progress(done, total):
            report(done, total)
            seen.append(salma_status())

        return real_import(**{**kwargs, "progress": progress})

    def salma_status():
        return jobs.job_progress(ImportJob.objects.get(pk=job.pk))

    monkeypatch.setattr(jobs, "actors_import", watched)
    salma.post(f"/en/staff/imports/{job.pk}/import/")
    assert seen == [(3, 3)]
    assert salma.get(url).json()["status"] == "done"

    # A running job's page shows a progress bar that the script follows.
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    cache.set(jobs._progress_key(job.pk), (2000, 5000))
    status = salma.get(url).json()
    assert (status["working"], status["done"], status["total"]) == (True, 2000, 5000)
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert '<progress id="import-progress" max="5000" value="2000">' in page
    assert f'data-status-url="/en/staff/imports/{job.pk}/status/"' in page
    assert 'data-label="{done} of {total} rows"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "imports/imports.js" in page


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_in_a_thread_of_its_own_when_not_inline(settings, client):
    settings.TADAMUN_IMPORT_JOBS_INLINE = False
    user = make_user("salma", platform_role="analyst")
    log_in(client, user)
    job = _uploaded(client)
    thread = jobs.job_check(job, mapping={"رقم التسجيل": "source_id"})
    thread.join(timeout=60)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.error
    assert Actor.objects.count() == 0
    thread = jobs.job_import(job)
    thread.join(timeout=60)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert (job.created, job.rejected) == (2, 1)
    assert Actor.objects.count() == 2
    thread = jobs.job_undo(job, by=user)
    thread.join(timeout=60)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UNDONE, job.error
    assert job.undo_report["removed"] == 2
    assert Actor.objects.count() == 0


def test_a_failing_import_says_why_and_imports_nothing(salma, monkeypatch):
    job = _checked(salma, _uploaded(salma))

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(jobs, "actors_import", broken)
    salma.post(f"/en/staff/imports/{job.pk}/import/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "RuntimeError: the disk is full" in job.error
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert "The import failed" in page and "RuntimeError" in page
    assert Actor.objects.count() == 0


def test_the_log_says_who_imported_what_but_no_row(salma, caplog):
    caplog.set_level("INFO", logger="tadamun.imports")
    job = _imported(salma)
    assert f"import job {job.pk}: import of source 'kef-2026' by user {salma.user.pk}" in (
        caplog.text
    )
    assert "'created': 2" in caplog.text
    for cell in ("K1", "جمعية النور", "El Baraka", "78 200 300"):
        assert cell not in caplog.text


# The list


def test_the_list_of_imports_takes_the_same_few_queries_however_many_there_are(
    salma, django_assert_max_num_queries, django_user_model
):
    others = [django_user_model.objects.create_user(f"staff{n}", is_staff=True) for n in range(5)]
    for n in range(30):
        ImportJob.objects.create(
            user=others[n % 5],
            source=f"registry-{n}",
            file_name=f"file-{n}.csv",
            data=b"x" * 1000,
            rows=n,
            status=ImportJob.Status.DONE,
            created=n,
        )
    with django_assert_max_num_queries(7):  # with the roles of who asks
        response = salma.get("/en/staff/imports/")
    page = response.content.decode()
    assert page.count('data-status="done"') == 30
    assert "registry-29" in page and "staff4" in page


# Mapping by hand


def test_headers_mapped_by_hand_come_before_the_ones_the_importer_knows():
    assert map_headers(["Nom", "Raison"], {"Raison": "name"}) == {1: "name"}
    # An empty column leaves out a header the importer knows.
    assert map_headers(["Région", "Province"], {"Région": ""}) == {1: "territory"}
    assert map_headers(["Région", "Province"]) == {0: "territory"}


# After the import


def test_an_import_proposes_the_duplicates_it_brings_for_review(salma):
    from tadamun.directory.tests.factories import ActorFactory
    from tadamun.duplicates.models import Candidate

    known = ActorFactory(
        name_fr="Association Ennour pour le développement",
        place="TN-33-LEKEF",
        phone="+21678200300",
        legal_form="association",
    )
    job = _imported(salma)
    assert job.status == ImportJob.Status.DONE
    k1 = ActorSource.objects.get(source="kef-2026", source_id="K1").actor_id
    candidate = Candidate.objects.pending().get()
    assert {candidate.actor_a_id, candidate.actor_b_id} == {known.pk, k1}
    page = salma.get(f"/en/staff/imports/{job.pk}/").content.decode()
    assert 'href="/en/staff/duplicates/"' in page
    # The server's process forgets what the scan remembered about names.
    from tadamun.duplicates import profiles

    assert profiles.names_info.cache_info().currsize == 0
    assert profiles._SHARED == {}


def test_a_failing_duplicate_scan_leaves_the_import_done(salma, monkeypatch):
    def failing(*, actor_ids):
        raise RuntimeError("scan")

    monkeypatch.setattr(jobs, "duplicates_scan_after_import", failing)
    job = _imported(salma)
    assert job.status == ImportJob.Status.DONE
    assert Actor.objects.count() == 2
