"""The staff's pages of accompaniment cases: the mechanism's cases, a case with its stage,
history, sessions, action plan, documents and outcomes, the forms of each, and an
advisor's week ("my cases").

Every page asks the permission matrix about the case's mechanism; a case of a mechanism
the user may not act on answers 404.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accompaniment import selectors, services
from tadamun.accompaniment.forms import (
    ActionForm,
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    CloseForm,
    JobForm,
    MoveForm,
    OrganisationCreateForm,
    OrganisationLinkForm,
    ReassignForm,
    SessionForm,
    TurnoverForm,
)
from tadamun.accompaniment.minimum_wage import currency_of, minimum_wage
from tadamun.accompaniment.models import PATH, Action, Case, CaseDocument, Move, Stage
from tadamun.accounts.permissions import can, require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.core.forms import form_errors_from
from tadamun.mechanisms.selectors import mechanisms_for
from tadamun.people.models import Person
from tadamun.people.selectors import people_to_choose
from tadamun.people.services import frozen_reason

PAGE_SIZE = 50


def _mechanism(request: HttpRequest, slug: str, action: str):
    return get_object_or_404(mechanisms_for(request.user, action), slug=slug)


def _people_of(request: HttpRequest, mechanism_id: int):
    """The people a form about this mechanism offers (`people_to_choose`)."""
    return people_to_choose(
        Person.objects.identified().filter(mechanism_id=mechanism_id),
        text=request.GET.get("q", ""),
        chosen=request.POST.get("person") or request.GET.get("person"),
    )


def _form_page(request, case, form, *, template: str, title: str, save, success: str, extra=None):
    """A form about `case`: on a valid POST, `save(data)` (a service call); its errors go
    back on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, success)
            return redirect("accompaniment:detail", pk=case.pk)
    status = 400 if form.errors else 200
    context = {"case": case, "form": form, "form_title": title, **(extra or {})}
    return render(request, template, context, status=status)


# -- Lists ---------------------------------------------------------------------------------------


def my_cases(request: HttpRequest) -> HttpResponse:
    """The advisor's week: actions due, cases gone quiet, next steps; then their cases."""
    require(request.user, "case.view")
    week = selectors.my_week(request.user)
    mechanisms = mechanisms_for(request.user, "case.view").order_by("name_fr")
    context = {
        "week": week,
        "mechanisms": mechanisms,
        "can_open": can(request.user, "case.edit"),
    }
    return render(request, "accompaniment/mine.html", context)


def case_list(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "case.view")
    advisors = selectors.case_advisors(mechanism)
    form = CaseFilterForm(request.GET or None, advisors=advisors)
    stage, advisor = "", None
    if form.is_valid():
        stage, advisor = form.cleaned_data["stage"], form.cleaned_data["advisor"]
    cases = selectors.mechanism_cases(request.user, mechanism, stage=stage, advisor=advisor)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "mechanism": mechanism,
        "form": form,
        "page": page,
        "can_open": can(request.user, "case.edit", mechanism),
        "filtered": bool(stage or advisor),
    }
    return render(request, "accompaniment/list.html", context)


def case_open_view(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = _mechanism(request, slug, "case.edit")
    people = _people_of(request, mechanism.pk)
    form = CaseOpenForm(
        request.POST or None,
        people=people.queryset,
        advisors=selectors.case_advisors(mechanism),
        initial={"advisor": request.user.pk, "person": request.GET.get("person")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                mechanism=mechanism,
                person=data["person"],
                actor=data["actor"],
                advisor=data["advisor"],
                by=request.user,
                title=data["title"],
                description=data["description"],
                stage=data["stage"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The case is open."))
            return redirect("accompaniment:detail", pk=case.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "accompaniment/open.html",
        {"mechanism": mechanism, "form": form, "people": people},
        status=status,
    )


# -- A case --------------------------------------------------------------------------------------


def _moves(case: Case, history: list) -> list[tuple[str, str, str]]:
    """(to, kind, label) of the buttons the case's stage allows (closing has its page;
    a closed case reopens at the stage it was closed from)."""
    if case.stage == Stage.CLOSED:
        closing = next((c for c in reversed(history) if c.move == Move.CLOSE), None)
        back_to = closing.from_stage if closing and closing.from_stage else Stage.IDEA
        label = _("Reopen at “%(stage)s”") % {"stage": Stage(back_to).label}
        return [(back_to, Move.REOPEN, label)]
    labels = {
        Move.FORWARD: _("Move forward to “%(stage)s”"),
        Move.BACK: _("Move back to “%(stage)s”"),
    }
    return [
        (to, kind, labels[kind] % {"stage": Stage(to).label})
        for to, kind in case.allowed_moves().items()
        if kind in labels
    ]


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    user, mechanism = request.user, case.mechanism_id
    history = list(case.stage_changes.select_related("by"))
    can_edit = can(user, "case.edit", mechanism)
    frozen = frozen_reason(case.person) if case.person_id else ""
    can_documents = can(user, "document.view", mechanism)
    documents = (
        [link.document for link in case.case_documents.select_related("document")]
        if can_documents
        else []
    )
    country = case.mechanism.country_id
    audit_record(
        request=request, user=user, mechanism=mechanism, action=AuditEntry.Action.VIEW, obj=case
    )
    jobs = list(case.jobs.select_related("person"))
    context = {
        "case": case,
        "history": list(reversed(history)),
        "moves": _moves(case, history) if can_edit and not frozen else [],
        "sessions": list(case.sessions.select_related("recorded_by")),
        "actions": list(case.actions.all()),
        "documents": documents,
        "jobs": jobs,
        "jobs_total": sum(job.count for job in jobs),
        "jobs_decent": sum(job.count for job in jobs if job.decent),
        "turnovers": list(case.turnovers.all()),
        "currency": currency_of(country),
        "frozen": frozen,
        "can_edit": can_edit and not frozen,
        "can_work": can_edit and not frozen and not case.is_closed,
        "can_close": can_edit and not case.is_closed,
        "can_reassign": can(user, "case.reassign", mechanism),
        "can_documents": can_documents,
        "can_upload": can_edit
        and not frozen
        and not case.is_closed
        and can(user, "document.add", mechanism),
        "can_delete_documents": can(user, "document.delete", mechanism),
        "stages": [(stage.value, stage.label) for stage in PATH],
    }
    return render(request, "accompaniment/detail.html", context)


def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    form = CaseEditForm(
        request.POST or None, initial={"title": case.title, "description": case.description}
    )

    def save(data):
        services.case_update(
            case=case,
            by=request.user,
            title=data["title"],
            description=data["description"],
            request=request,
        )

    return _form_page(
        request,
        case,
        form,
        template="accompaniment/form.html",
        title=_("Change the project"),
        save=save,
        success=_("Changes saved."),
    )


@require_POST
def case_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    form = MoveForm(request.POST)
    if form.is_valid():
        to = form.cleaned_data["to"]
        try:
            services.case_move(
                case=case, to=to, by=request.user, note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The case is now at “%(stage)s”.") % {"stage": Stage(to).label}
            )
    return redirect("accompaniment:detail", pk=case.pk)


def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    form = CloseForm(request.POST or None)

    def save(data):
        services.case_close(
            case=case, by=request.user, reason=data["reason"], note=data["note"], request=request
        )

    return _form_page(
        request,
        case,
        form,
        template="accompaniment/form.html",
        title=_("Close the case"),
        save=save,
        success=_("The case is closed."),
    )


def case_reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.reassign")
    form = ReassignForm(
        request.POST or None,
        advisors=selectors.case_advisors(case.mechanism),
        initial={"advisor": case.advisor_id},
    )

    def save(data):
        services.case_reassign(case=case, advisor=data["advisor"], by=request.user, request=request)

    return _form_page(
        request,
        case,
        form,
        template="accompaniment/form.html",
        title=_("Give the case to another advisor"),
        save=save,
        success=_("The case has a new advisor."),
    )


def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    form = SessionForm(request.POST or None)

    def save(data):
        services.case_session_add(case=case, by=request.user, request=request, **data)

    return _form_page(
        request,
        case,
        form,
        template="accompaniment/form.html",
        title=_("Record a session"),
        save=save,
        success=_("Session recorded."),
    )


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    form = ActionForm(request.POST or None)

    def save(data):
        services.case_action_add(case=case, by=request.user, request=request, **data)

    return _form_page(
        request,
        case,
        form,
        template="accompaniment/form.html",
        title=_("Add an action to the plan"),
        save=save,
        success=_("Action added to the plan."),
    )


@require_POST
def action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    action = get_object_or_404(Action, pk=action_pk, case=case)
    services.case_action_done(action=action, by=request.user, request=request)
    messages.success(request, _("Action done."))
    if request.POST.get("next") == "mine":
        return redirect("accompaniment:mine")
    return redirect("accompaniment:detail", pk=case.pk)


def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    from tadamun.documents.forms import UploadForm

    case = selectors.case_for(request.user, pk, "case.edit")
    require(request.user, "document.add", case.mechanism_id)
    form = UploadForm(
        request.POST or None, request.FILES or None, max_mb=settings.TADAMUN_UPLOAD_MAX_MB
    )

    def save(data):
        services.case_document_add(
            case=case, by=request.user, title=data["title"], uploaded=data["file"], request=request
        )

    return _form_page(
        request,
        case,
        form,
        template="accompaniment/upload.html",
        title=_("Add a document"),
        save=save,
        success=_("Document added."),
    )


@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    from tadamun.documents.services import document_delete as delete

    case = selectors.case_for(request.user, pk, "document.delete")
    link = get_object_or_404(
        CaseDocument.objects.select_related("document"), case=case, document_id=document_pk
    )
    delete(document=link.document, by=request.user, request=request)
    messages.success(request, _("Document deleted."))
    return redirect("accompaniment:detail", pk=case.pk)


def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the organisation the case created, or create it in the directory."""
    case = selectors.case_for(request.user, pk, "case.edit")
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("which", "create")
    link_form = OrganisationLinkForm(posted if which == "link" else None, prefix="link")
    create_form = OrganisationCreateForm(posted if which == "create" else None, prefix="new")
    form = link_form if which == "link" else create_form
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "link":
                services.case_organisation_link(
                    case=case,
                    actor=data["actor"],
                    by=request.user,
                    created_on=data["created_on"],
                    request=request,
                )
            else:
                services.case_organisation_create(
                    case=case,
                    by=request.user,
                    name_ar=data["name_ar"],
                    name_fr=data["name_fr"],
                    name_en=data["name_en"],
                    legal_form=data["legal_form"],
                    created_on=data["created_on"],
                    women_led=data["women_led"],
                    place=case.person.place
                    if case.person_id and case.person.place_id
                    else case.mechanism.territories.first(),
                    request=request,
                )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The organisation created is recorded."))
            return redirect("accompaniment:detail", pk=case.pk)
    status = 400 if form.errors else 200
    context = {"case": case, "link_form": link_form, "create_form": create_form}
    return render(request, "accompaniment/organisation.html", context, status=status)


def job_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    country = case.mechanism.country_id
    people = _people_of(request, case.mechanism_id)
    form = JobForm(
        request.POST or None,
        people=people.queryset,
        currency=currency_of(country),
    )

    def save(data):
        services.case_job_add(case=case, by=request.user, request=request, **data)

    response = _form_page(
        request,
        case,
        form,
        template="accompaniment/job.html",
        title=_("Record jobs created"),
        save=save,
        success=_("Jobs recorded."),
        extra={"wage": minimum_wage(country, timezone.localdate()), "people": people},
    )
    return response


def turnover(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk, "case.edit")
    form = TurnoverForm(request.POST or None, currency=currency_of(case.mechanism.country_id))

    def save(data):
        services.case_turnover_record(case=case, by=request.user, request=request, **data)

    return _form_page(
        request,
        case,
        form,
        template="accompaniment/form.html",
        title=_("Record a year's turnover"),
        save=save,
        success=_("Turnover recorded."),
    )
