"""Uploading, downloading and deleting a person's documents.

The stored files are reached only through `download`, to those the permission matrix
allows, as attachments the browser neither runs nor renders in the page's origin.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import scoped
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.core.forms import form_errors_from
from tadamun.documents.forms import UploadForm
from tadamun.documents.models import Document
from tadamun.documents.services import document_delete, document_upload, stored_path
from tadamun.people.selectors import person_for
from tadamun.people.services import frozen_reason


def _document(user, pk: int, action: str) -> Document:
    return get_object_or_404(scoped(Document.objects.all(), user, action), pk=pk)


def upload(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request.user, person_pk, "document.add")
    frozen = frozen_reason(person)
    if frozen:
        messages.error(request, frozen)
        return redirect("people:detail", pk=person.pk)
    form = UploadForm(
        request.POST or None, request.FILES or None, max_mb=settings.TADAMUN_UPLOAD_MAX_MB
    )
    if request.method == "POST" and form.is_valid():
        try:
            document_upload(
                mechanism=person.mechanism,
                person=person,
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error, rest="file")
        else:
            messages.success(request, _("Document added."))
            return redirect("people:detail", pk=person.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "person": person}
    return render(request, "documents/upload.html", context, status=status)


def download(request: HttpRequest, pk: int) -> FileResponse:
    document = _document(request.user, pk, "document.view")
    try:
        handle = stored_path(document).open("rb")
    except (OSError, ValueError) as error:
        raise Http404 from error
    audit_record(
        request=request,
        user=request.user,
        mechanism=document.mechanism_id,
        action=AuditEntry.Action.DOWNLOAD,
        obj=document,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request.user, pk, "document.delete")
    person_pk = document.person_id
    document_delete(document=document, by=request.user, request=request)
    messages.success(request, _("Document deleted."))
    if person_pk:
        return redirect("people:detail", pk=person_pk)
    return redirect("people:list")
