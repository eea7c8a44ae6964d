"""The staff's pages of personal data protection: the register of processing, and the
rights of a person (export of everything held about them, erasure)."""

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tadamun.accounts.permissions import require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.people.models import Person
from tadamun.privacy.register import register_load
from tadamun.privacy.services import person_data, person_erase


@require_http_methods(["GET", "HEAD"])
def register(request: HttpRequest) -> HttpResponse:
    require(request.user, "privacy.view")
    return render(request, "privacy/register.html", {"register": register_load()})


def _person_for(request: HttpRequest, pk: int, action: str) -> Person:
    """The person, if the user may do `action` in their mechanism; 404 otherwise."""
    person = get_object_or_404(Person.objects.select_related("mechanism"), pk=pk)
    require(request.user, action, person.mechanism_id)
    return person


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _exported(request: HttpRequest, person: Person) -> dict:
    data = person_data(person)
    audit_record(
        request=request,
        user=request.user,
        mechanism=person.mechanism_id,
        action=AuditEntry.Action.EXPORT,
        obj=person,
    )
    return data


@require_http_methods(["GET"])
def person_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, "person.export")
    response = JsonResponse(
        _exported(request, person),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    return _attachment(response, f"tadamun-person-{person.pk}.json")


@require_http_methods(["GET"])
def person_export_html(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, "person.export")
    response = render(request, "privacy/person_export.html", {"data": _exported(request, person)})
    return _attachment(response, f"tadamun-person-{person.pk}-{get_language()}.html")


@require_http_methods(["GET", "POST"])
def person_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk, "person.erase")
    if request.method == "POST" and person.anonymised_at is None:
        person_erase(person=person, by=request.user, request=request)
        messages.success(
            request,
            _("The record was anonymised: only what the statistics count is left."),
        )
        return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "privacy/person_erase.html",
        {
            "person": person,
            "consents": person.consents.count(),
            "documents": person.documents.count(),
        },
    )
