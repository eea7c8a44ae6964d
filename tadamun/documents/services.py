"""Keeping and deleting documents.

A file is stored under TADAMUN_PRIVATE_FILES with a name the server makes (a random hex
string and the extension of its checked kind), never the name it came with; the row keeps
that original name for the download, with the file's size and SHA-256.
"""

import hashlib
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tadamun.accounts.permissions import require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.documents.checks import Refused, detect, max_bytes
from tadamun.documents.models import Document
from tadamun.people.services import person_refuse_if_frozen, person_touch

_UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f/\\]+")


def private_dir() -> Path:
    """The folder of the stored files (made, readable by the server only, when missing)."""
    folder = Path(settings.TADAMUN_PRIVATE_FILES)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def stored_path(document: Document) -> Path:
    """Where a document's file is; never outside the private folder."""
    folder = private_dir().resolve()
    path = (folder / document.stored_name).resolve()
    if path.parent != folder:
        raise ValueError(f"Document {document.pk} is stored outside the private folder")
    return path


def original_name_clean(name: str) -> str:
    """The name a file came with, as a plain file name (no folder, no control character)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_IN_NAMES.sub("", base).strip() or "document"
    if len(base) > 255:
        stem, dot, extension = base.rpartition(".")
        base = f"{stem[: 254 - len(extension)]}.{extension}" if dot else base[:255]
    return base


def _read(uploaded) -> bytes:
    """The bytes of an uploaded file (refused beyond the limit before reading it all)."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes():
        raise Refused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": settings.TADAMUN_UPLOAD_MAX_MB},
            code="too_large",
        )
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(max_bytes() + 1)
    return data


def _write(data: bytes, extension: str) -> str:
    folder = private_dir()
    for _attempt in range(5):
        name = f"{uuid.uuid4().hex}.{extension}"
        try:
            # O_EXCL: a name is never reused, even by two uploads at the same instant.
            descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return name
    raise OSError("Could not find a free name in the private folder")


@transaction.atomic
def document_upload(*, mechanism, person, title: str, uploaded, by, request=None) -> Document:
    """Checks and keeps a file for `person` of `mechanism`."""
    mechanism_id = getattr(mechanism, "pk", mechanism)
    require(by, "document.add", mechanism_id)
    if person is not None:
        if person.mechanism_id != mechanism_id:
            raise ValidationError(_("This person belongs to another mechanism."))
        person_refuse_if_frozen(person)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")}, code="required")
    original_name = original_name_clean(getattr(uploaded, "name", ""))
    data = _read(uploaded)
    kind = detect(data, original_name)
    stored_name = _write(data, kind.extension)
    try:
        document = Document.objects.create(
            mechanism_id=mechanism_id,
            person=person,
            title=title[:200],
            original_name=original_name,
            stored_name=stored_name,
            content_type=kind.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=by,
        )
        audit_record(
            request=request,
            user=by,
            mechanism=mechanism_id,
            action=AuditEntry.Action.CREATE,
            obj=document,
        )
        if person is not None:
            person_touch(person=person)
    except BaseException:
        (private_dir() / stored_name).unlink(missing_ok=True)
        raise
    return document


def _unlink_on_commit(stored_name: str) -> None:
    def remove():
        (private_dir() / stored_name).unlink(missing_ok=True)

    transaction.on_commit(remove)


@transaction.atomic
def document_delete(*, document: Document, by, request=None) -> None:
    """Deletes a document: its row now, its file once the deletion is committed."""
    require(by, "document.delete", document.mechanism_id)
    audit_record(
        request=request,
        user=by,
        mechanism=document.mechanism_id,
        action=AuditEntry.Action.DELETE,
        obj=document,
    )
    stored_name = document.stored_name
    document.delete()
    _unlink_on_commit(stored_name)


@transaction.atomic
def documents_delete_for_person(person, *, by=None, request=None) -> int:
    """Deletes every document of a person (their erasure): rows now, files on commit, an
    audit entry each. Checks no permission: the erasure that calls it did."""
    documents = list(Document.objects.filter(person=person))
    for document in documents:
        audit_record(
            request=request,
            user=by,
            mechanism=document.mechanism_id,
            action=AuditEntry.Action.DELETE,
            obj=document,
        )
        _unlink_on_commit(document.stored_name)
    Document.objects.filter(pk__in=[d.pk for d in documents]).delete()
    return len(documents)
