"""The staff's pages of people: list and search, record a person with their consent, their
record, changes, consents, the contact list and the statistics.

Every page asks the permission matrix; what belongs to a mechanism the user may not act on
answers 404.
"""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import can, require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record, client_ip
from tadamun.core.forms import form_errors_from
from tadamun.core.spreadsheets import spreadsheet_safe
from tadamun.people.forms import (
    ActorSearchForm,
    AffiliationForm,
    ConsentFields,
    MergeForm,
    PersonAddForm,
    PersonFields,
    RolesForm,
    SearchForm,
)
from tadamun.people.models import Affiliation, Consent, Person, Purpose
from tadamun.people.selectors import (
    consent_texts_current,
    mechanisms_for,
    people_contact_list,
    people_search,
    people_statistics,
    person_for,
    person_possible_duplicates,
)
from tadamun.people.services import (
    ConsentGiven,
    affiliation_add,
    affiliation_remove,
    consent_record,
    consent_withdraw,
    frozen_reason,
    person_create,
    person_merge,
    person_roles_set,
    person_update,
)

PAGE_SIZE = 50
BOM = "\ufeff"


def people_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "person.view")
    mechanisms = mechanisms_for(request.user, "person.view")
    form = SearchForm(request.GET or None, mechanisms=mechanisms)
    q, mechanism = "", None
    if form.is_valid():
        q, mechanism = form.cleaned_data["q"], form.cleaned_data["mechanism"]
    people = people_search(request.user, q, mechanism).select_related("mechanism", "place")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "q": q,
        "can_add": can(request.user, "person.add"),
        "can_statistics": can(request.user, "statistics.view"),
        "several_mechanisms": len(mechanisms) > 1,
    }
    return render(request, "people/list.html", context)


def person_add(request: HttpRequest) -> HttpResponse:
    require(request.user, "person.add")
    text = consent_texts_current().get(Purpose.ACCOMPANIMENT)
    if text is None:
        raise Http404  # no consent text: nobody can be recorded
    mechanisms = mechanisms_for(request.user, "person.add")
    form = PersonAddForm(
        request.POST or None,
        mechanisms=mechanisms,
        purpose=Purpose.ACCOMPANIMENT,
        initial={"text": text.pk, "mechanism": mechanisms.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_create(
                mechanism=data["mechanism"],
                by=request.user,
                fields=form.person_fields(),
                consent=ConsentGiven(
                    text=data["text"],
                    method=data["method"],
                    witness=data["witness"],
                    given_at=form.given_at(),
                ),
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Recorded, with their consent."))
            return redirect("people:detail", pk=person.pk)
    if form.is_bound:
        # The text agreed to is the one posted: show that version again.
        text = form.cleaned_data.get("text") or text
    status = 400 if form.errors else 200
    return render(request, "people/add.html", {"form": form, "text": text}, status=status)


def _privacy_links(user, person: Person) -> list[tuple[str, str]]:
    """The links to the privacy pages the user may use; those not built yet are left out."""
    wanted = []
    if can(user, "person.export", person.mechanism_id):
        wanted += [
            ("privacy:person_export", _("Everything held about this person")),
            ("privacy:person_export_json", _("Export (JSON)")),
            ("privacy:person_export_html", _("Export (page to print)")),
        ]
    if can(user, "person.erase", person.mechanism_id):
        wanted.append(("privacy:person_erase", _("Erase or anonymise")))
    links = []
    for name, label in wanted:
        try:
            links.append((reverse(name, kwargs={"pk": person.pk}), label))
        except NoReverseMatch:
            continue
    return links


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request.user, pk)
    user, mechanism = request.user, person.mechanism_id
    consents = list(person.consents.select_related("text").order_by("purpose", "-given_at", "-id"))
    can_documents = can(user, "document.view", mechanism)
    documents = list(person.documents.order_by("-uploaded_at", "-id")) if can_documents else []
    audit_record(
        request=request, user=user, mechanism=mechanism, action=AuditEntry.Action.VIEW, obj=person
    )
    frozen = frozen_reason(person)
    context = {
        "person": person,
        "region": person.place and person.place.ancestor_at(1),
        "consents": consents,
        "documents": documents,
        "frozen": frozen,
        "can_change": not frozen and can(user, "person.change", mechanism),
        "can_consent": person.anonymised_at is None and can(user, "consent.record", mechanism),
        "can_withdraw": can(user, "consent.withdraw", mechanism),
        "can_documents": can_documents,
        "can_upload": not frozen and can(user, "document.add", mechanism),
        "can_delete_documents": can(user, "document.delete", mechanism),
        "privacy_links": _privacy_links(user, person),
        "roles": list(person.roles.all()),
        "affiliations": list(person.affiliations.select_related("actor")),
        "duplicates": person_possible_duplicates(person)
        if can(user, "person.merge", mechanism)
        else [],
        "requests": _requests_of(user, person),
        "can_request": not frozen and _can_record_request(user, mechanism),
        "cases": list(person.cases.order_by("-opened_at"))
        if can(user, "case.view", mechanism)
        else None,
        "can_open_case": not frozen and can(user, "case.edit", mechanism),
    }
    return render(request, "people/detail.html", context)


def _requests_of(user, person: Person) -> list:
    """The person's requests to the one-stop shop, for those who may see them."""
    if not can(user, "request.view", person.mechanism_id):
        return []
    from tadamun.desk.models import Request

    return list(Request.objects.filter(requester=person).order_by("-received_at")[:20])


def _can_record_request(user, mechanism) -> bool:
    return can(user, "request.add", mechanism)


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request.user, pk, "person.change")
    frozen = frozen_reason(person)
    if frozen:
        messages.error(request, frozen)
        return redirect("people:detail", pk=person.pk)
    initial = {name: getattr(person, name) for name in PersonFields.base_fields}
    initial["place"] = person.place_id
    form = PersonFields(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = person_update(
                person=person, by=request.user, fields=form.person_fields(), request=request
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=person.pk)
    status = 400 if form.errors else 200
    return render(request, "people/edit.html", {"form": form, "person": person}, status=status)


def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request.user, pk, "consent.record")
    if person.anonymised_at is not None:
        raise Http404
    texts = consent_texts_current()
    purpose = request.POST.get("purpose") or request.GET.get("purpose") or Purpose.CONTACT
    if purpose not in texts:
        raise Http404
    text = texts[purpose]
    form = ConsentFields(request.POST or None, purpose=purpose, initial={"text": text.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                person=person,
                text=data["text"],
                method=data["method"],
                witness=data["witness"],
                given_at=form.given_at(),
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("people:detail", pk=person.pk)
    if form.is_bound and form.cleaned_data.get("text"):
        text = form.cleaned_data["text"]
    active = set(
        person.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
    )
    purposes = [(value, label, value in active) for value, label in Purpose.choices]
    context = {
        "person": person,
        "form": form,
        "text": text,
        "purpose": purpose,
        "purpose_label": Purpose(purpose).label,
        "purposes": purposes,
    }
    status = 400 if form.errors else 200
    return render(request, "people/consent_add.html", context, status=status)


@require_POST
def consent_withdraw_view(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = person_for(request.user, pk, "consent.withdraw")
    consent = get_object_or_404(Consent, pk=consent_pk, person=person)
    try:
        consent_withdraw(consent=consent, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Withdrawal recorded: this use of the person's data stops now."),
        )
    return redirect("people:detail", pk=person.pk)


def _cell(value) -> str:
    return spreadsheet_safe("" if value is None else str(value))


def contacts_csv(request: HttpRequest) -> HttpResponse:
    """The people who agreed to be contacted, as CSV; an "export" entry per person."""
    require(request.user, "person.view")
    people = list(people_contact_list(request.user))
    ip, now = client_ip(request), timezone.now()
    # One entry per person, written together (the list may hold thousands).
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=now,
                user=request.user,
                mechanism_id=person.mechanism_id,
                action=AuditEntry.Action.EXPORT,
                object_type=Person._meta.label_lower,
                object_id=str(person.pk),
                ip=ip,
            )
            for person in people
        ],
        batch_size=500,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "contacts.csv")
    response["Cache-Control"] = "private, no-store"
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("Phone"), _("E-mail"), _("Mechanism")])
    for person in people:
        writer.writerow(
            [_cell(person.full_name), _cell(person.phone), _cell(person.email), person.mechanism]
        )
    return response


def statistics(request: HttpRequest) -> HttpResponse:
    require(request.user, "statistics.view")
    stats = people_statistics(request.user)
    return render(request, "people/statistics.html", {"stats": stats})


# -- Roles, organisations, merges ------------------------------------------------------------


def person_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request.user, pk, "person.change")
    frozen = frozen_reason(person)
    if frozen:
        messages.error(request, frozen)
        return redirect("people:detail", pk=person.pk)
    current = list(person.roles.values_list("role", flat=True))
    form = RolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        try:
            person_roles_set(
                person=person, by=request.user, roles=form.cleaned_data["roles"], request=request
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Roles saved."))
            return redirect("people:detail", pk=person.pk)
    status = 400 if form.errors else 200
    return render(request, "people/roles.html", {"form": form, "person": person}, status=status)


def person_organisations(request: HttpRequest, pk: int) -> HttpResponse:
    from tadamun.directory.models import Actor
    from tadamun.search.services import actor_search

    person = person_for(request.user, pk, "person.change")
    frozen = frozen_reason(person)
    if frozen:
        messages.error(request, frozen)
        return redirect("people:detail", pk=person.pk)
    if request.method == "POST":
        form = AffiliationForm(request.POST)
        if form.is_valid():
            actor = get_object_or_404(Actor, pk=form.cleaned_data["actor"])
            try:
                affiliation_add(
                    person=person,
                    actor=actor,
                    role=form.cleaned_data["role"],
                    since_year=form.cleaned_data["since_year"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Organisation added."))
                return redirect("people:organisations", pk=person.pk)
        else:
            messages.error(request, _("Choose a role and a year in the past."))
    search = ActorSearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = actor_search(
            text=search.cleaned_data["q"], limit=10, language=request.LANGUAGE_CODE
        ).actors
    context = {
        "person": person,
        "search": search,
        "found": found,
        "add_form": AffiliationForm(),
        "affiliations": person.affiliations.select_related("actor", "actor__place"),
    }
    return render(request, "people/organisations.html", context)


@require_POST
def affiliation_remove_view(request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    person = person_for(request.user, pk, "person.change")
    affiliation = get_object_or_404(Affiliation, pk=affiliation_pk, person=person)
    try:
        affiliation_remove(affiliation=affiliation, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Organisation removed."))
    return redirect("people:organisations", pk=person.pk)


def person_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Two records of the same person side by side; the staff pick the surviving value
    of each field, then everything of the other record moves to this one."""
    keep = person_for(request.user, pk, "person.merge")
    other_pk = request.POST.get("other") or request.GET.get("other") or ""
    if not str(other_pk).isdigit():
        raise Http404
    other = person_for(request.user, int(other_pk), "person.merge")
    if other.pk == keep.pk or other.mechanism_id != keep.mechanism_id:
        raise Http404
    if keep.anonymised_at or other.anonymised_at:
        raise Http404
    form = MergeForm(request.POST or None, keep=keep, other=other, initial={"other": other.pk})
    if request.method == "POST" and form.is_valid():
        try:
            person_merge(
                keep=keep, other=other, by=request.user, choices=form.choices(), request=request
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The two records are now one."))
            return redirect("people:detail", pk=keep.pk)
    counts = [
        (label, getattr(keep, name).count(), getattr(other, name).count())
        for name, label in (
            ("consents", _("Consents")),
            ("roles", _("Roles")),
            ("affiliations", _("Organisations")),
            ("documents", _("Documents")),
            ("requests", _("Requests")),
        )
        if hasattr(keep, name)
    ]
    context = {"keep": keep, "other": other, "form": form, "counts": counts}
    status = 400 if form.errors else 200
    return render(request, "people/merge.html", context, status=status)
