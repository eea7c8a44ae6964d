"""Keeping a person's documents: checked, stored under a name the server makes, served
as attachments to the mechanism's staff only, deleted by coordinators."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from tadamun.audit.models import AuditEntry
from tadamun.documents.models import Document
from tadamun.documents.services import (
    document_delete,
    document_upload,
    documents_delete_for_person,
    stored_path,
)
from tadamun.documents.tests import files
from tadamun.people.models import Purpose
from tadamun.people.services import consent_withdraw


def upload(person, by, name="plan.pdf", content=None, title="Business plan"):
    return document_upload(
        mechanism=person.mechanism,
        person=person,
        title=title,
        uploaded=SimpleUploadedFile(name, content if content is not None else files.pdf()),
        by=by,
    )


def test_an_upload_is_stored_under_a_name_the_server_makes(fatima, amina, _private_files):
    document = upload(fatima, amina, name="../../etc/Plan d'affaires.pdf")
    assert document.original_name == "Plan d'affaires.pdf"
    assert document.stored_name != document.original_name
    assert document.stored_name.endswith(".pdf")
    assert len(document.stored_name) == 32 + 4
    path = stored_path(document)
    assert path.parent == _private_files.resolve()
    assert path.read_bytes() == files.pdf()
    assert document.sha256 == hashlib.sha256(files.pdf()).hexdigest()
    assert (document.size, document.content_type) == (len(files.pdf()), "application/pdf")
    assert document.mechanism_id == fatima.mechanism_id
    assert AuditEntry.objects.filter(
        action="create", object_type="documents.document", object_id=str(document.pk)
    ).exists()


def test_the_private_folder_is_made_when_missing(fatima, amina, _private_files):
    assert not _private_files.exists()
    upload(fatima, amina)
    assert _private_files.is_dir()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", files.pdf()),  # a PDF renamed .png
        ("cv.pdf", files.exe()),  # a program renamed .pdf
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    fatima, amina, _private_files, name, content
):
    with pytest.raises(ValidationError):
        upload(fatima, amina, name=name, content=content)
    assert not Document.objects.exists()
    assert not list(_private_files.glob("*")) if _private_files.exists() else True


def test_a_file_too_large_is_refused(fatima, amina, settings):
    settings.TADAMUN_UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as refused:
        upload(fatima, amina, content=b"%PDF-" + b"0" * (1024 * 1024))
    assert refused.value.code == "too_large"
    assert not Document.objects.exists()


def test_no_document_is_added_once_the_accompaniment_consent_is_withdrawn(fatima, amina):
    consent_withdraw(consent=fatima.consents.get(purpose=Purpose.ACCOMPANIMENT), by=amina)
    with pytest.raises(ValidationError) as refused:
        upload(fatima, amina)
    assert refused.value.code == "frozen"


def test_a_document_cannot_be_filed_under_another_mechanism(fatima, amina, le_kef):
    with pytest.raises(Http404):
        document_upload(
            mechanism=le_kef,
            person=fatima,
            title="x",
            uploaded=SimpleUploadedFile("a.pdf", files.pdf()),
            by=amina,
        )
    assert not Document.objects.exists()


def test_deleting_removes_the_row_and_the_file(
    fatima, amina, yousra, django_capture_on_commit_callbacks
):
    document = upload(fatima, amina)
    path, pk = stored_path(document), document.pk
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, by=yousra)
    assert not Document.objects.exists()
    assert not path.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(pk)).exists()


def test_an_advisor_may_not_delete_a_document(fatima, amina):
    document = upload(fatima, amina)
    with pytest.raises(Http404):
        document_delete(document=document, by=amina)


def test_erasure_deletes_every_document_of_the_person(
    fatima, amina, django_capture_on_commit_callbacks
):
    paths = [stored_path(upload(fatima, amina, title=f"Doc {n}")) for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_delete_for_person(fatima, by=amina) == 2
    assert not Document.objects.exists()
    assert not any(path.exists() for path in paths)
    assert AuditEntry.objects.filter(action="delete").count() == 2


# -- Pages ---------------------------------------------------------------------------------


def test_the_upload_page_keeps_a_checked_file(client, amina, fatima, log_in):
    log_in(client, amina)
    url = reverse("documents:upload", args=[fatima.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "ID card", "file": SimpleUploadedFile("id.jpg", files.jpeg())}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.content_type) == ("ID card", "image/jpeg")


def test_the_upload_page_says_why_a_file_is_refused(client, amina, fatima, log_in):
    log_in(client, amina)
    response = client.post(
        reverse("documents:upload", args=[fatima.pk]),
        {"title": "Photo", "file": SimpleUploadedFile("photo.png", files.pdf())},
    )
    assert response.status_code == 400
    assert "PDF" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_a_download_is_an_attachment_the_browser_cannot_run(client, amina, fatima, log_in):
    document = upload(fatima, amina, name="Plan d'affaires.pdf")
    log_in(client, amina)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "Plan" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.get(action="download")
    assert (entry.user, entry.object_id) == (amina, str(document.pk))


def test_no_url_serves_the_private_folder(client, amina, fatima, log_in):
    document = upload(fatima, amina)
    log_in(client, amina)
    for url in (
        f"/private/{document.stored_name}",
        f"/static/{document.stored_name}",
        f"/media/{document.stored_name}",
        f"/var/private/{document.stored_name}",
    ):
        assert client.get(url).status_code == 404, url


def test_only_a_coordinator_deletes_through_the_page(client, amina, yousra, fatima, log_in):
    document = upload(fatima, amina)
    url = reverse("documents:delete", args=[document.pk])
    log_in(client, amina)
    assert client.post(url).status_code == 404
    log_in(client, yousra)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[fatima.pk])
    assert not Document.objects.exists()


def test_a_trainer_cannot_upload(client, hind, fatima, log_in):
    log_in(client, hind)
    assert client.get(reverse("documents:upload", args=[fatima.pk])).status_code == 404
