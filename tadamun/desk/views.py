"""The staff's pages of the one-stop shop: the queue, a request with its history and its
actions, the entry of a walk-in, a call or an event, the unrouted queue of the platform's
administrators, and a mechanism's answer time.

Every page asks the permission matrix; another mechanism's request answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tadamun.accounts.permissions import allowed_to, can, require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.core.forms import form_errors_from
from tadamun.desk.forms import (
    AnswerForm,
    AssignForm,
    CloseForm,
    DeskSettingForm,
    NewPersonForm,
    QueueFilterForm,
    RejectForm,
    RouteForm,
    SendAnswerForm,
    StaffRequestForm,
)
from tadamun.desk.models import DeskSetting, Status
from tadamun.desk.routing import answer_hours
from tadamun.desk.selectors import (
    OPEN_FILTER,
    QueueFilters,
    advisors_of,
    request_counts,
    request_for,
    request_queue,
    requests_unrouted,
)
from tadamun.desk.services import (
    answer_email_address,
    request_answer,
    request_answer_send,
    request_assign,
    request_close,
    request_record,
    request_reject,
    request_route_to,
    request_take,
)
from tadamun.mechanisms.models import Mechanism
from tadamun.people.models import Purpose
from tadamun.people.selectors import consent_texts_current, mechanisms_for, person_for
from tadamun.people.services import ConsentGiven, frozen_reason

PAGE_SIZE = 50


def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, "request.view")
    user = request.user
    mechanisms = mechanisms_for(user, "request.view")
    mechanism_ids = [m.pk for m in mechanisms]
    advisors = list(advisors_of(mechanism_ids))
    form = QueueFilterForm(request.GET or None, advisors=advisors, mechanisms=mechanisms)
    filters = QueueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = QueueFilters(
            status=data["status"] or OPEN_FILTER,
            topic=data["topic"],
            channel=data["channel"],
            advisor=data["advisor"],
            mechanism=data["mechanism"].pk if data["mechanism"] else None,
        )
    now = timezone.now()
    page = Paginator(request_queue(user, filters, now), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "now": now,
        "counts": request_counts(user),
        "several_mechanisms": len(mechanism_ids) > 1,
        "can_add": can(user, "request.add"),
        "filters": filters,
        "answer_times": [
            (mechanism, answer_hours(mechanism))
            for mechanism in mechanisms
            if can(user, "mechanism.change", mechanism)
        ],
    }
    return render(request, "desk/queue.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    desk_request = request_for(request.user, pk)
    user, mechanism = request.user, desk_request.mechanism_id
    audit_record(
        request=request,
        user=user,
        mechanism=mechanism,
        action=AuditEntry.Action.VIEW,
        obj=desk_request,
    )
    events = list(desk_request.events.select_related("by", "advisor"))
    is_open = desk_request.is_open
    can_assign = is_open and can(user, "request.assign", mechanism)
    email = answer_email_address(desk_request)
    context = {
        "item": desk_request,
        "events": events,
        "overdue": desk_request.is_overdue(),
        "can_assign": can_assign,
        "assign_form": AssignForm(
            advisors=advisors_of([mechanism]),
            initial={"advisor": desk_request.assigned_to_id},
        )
        if can_assign
        else None,
        "can_take": desk_request.status == Status.NEW and can(user, "request.take", mechanism),
        "can_answer": is_open
        and can(user, "request.answer", mechanism)
        and (
            desk_request.assigned_to_id in (None, user.pk) or can(user, "request.assign", mechanism)
        ),
        "can_close": desk_request.status == Status.ANSWERED
        and can(user, "request.close", mechanism),
        "can_reject": is_open and can(user, "request.close", mechanism),
        "answer_form": AnswerForm(email=email),
        "answer_email": email,
        "can_send_answer": bool(
            email
            and desk_request.answer
            and desk_request.answer_emailed_at is None
            and can(user, "request.answer", mechanism)
        ),
        "close_form": CloseForm(),
        "reject_form": RejectForm(),
        "can_person": desk_request.requester_id and can(user, "person.view", mechanism),
    }
    return render(request, "desk/detail.html", context)


def _act(request: HttpRequest, pk: int, action: str, form_class, run, done: str):
    desk_request = request_for(request.user, pk, action)
    return _act_on(request, desk_request, form_class(request.POST), run, done)


def _act_on(request: HttpRequest, desk_request, form, run, done: str | None):
    """Runs `run(desk_request, cleaned data)` for a valid form, then says `done` (None:
    `run` says it), or shows why not; back to the request's page either way."""
    if form.is_valid():
        try:
            run(desk_request, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if done is not None:
                messages.success(request, done)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("desk:detail", pk=desk_request.pk)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    desk_request = request_for(request.user, pk, "request.assign")
    form = AssignForm(request.POST, advisors=advisors_of([desk_request.mechanism_id]))
    if form.is_valid():
        try:
            request_assign(
                request=desk_request,
                advisor=form.cleaned_data["advisor"],
                by=request.user,
                http_request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Assigned."))
    else:
        messages.error(request, _("Choose an advisor of this mechanism."))
    return redirect("desk:detail", pk=desk_request.pk)


@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    desk_request = request_for(request.user, pk, "request.take")
    try:
        request_take(request=desk_request, by=request.user, http_request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is yours."))
    return redirect("desk:detail", pk=desk_request.pk)


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Records the first answer and, when asked, sends it by e-mail: a mail server that
    fails leaves the answer recorded, with the error shown and the sending offered again."""

    def run(item, data):
        item = request_answer(
            request=item, by=request.user, text=data["text"], http_request=request
        )
        if data.get("send"):
            try:
                request_answer_send(request=item, by=request.user, http_request=request)
            except ValidationError:
                messages.success(request, _("Answer recorded."))
                raise
            messages.success(request, _("Answer recorded and sent by e-mail."))
        else:
            messages.success(request, _("Answer recorded."))

    desk_request = request_for(request.user, pk, "request.answer")
    form = AnswerForm(request.POST, email=answer_email_address(desk_request))
    return _act_on(request, desk_request, form, run, None)


@require_POST
def answer_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "request.answer",
        SendAnswerForm,
        lambda item, data: request_answer_send(request=item, by=request.user, http_request=request),
        _("Answer sent by e-mail."),
    )


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "request.close",
        CloseForm,
        lambda item, data: request_close(
            request=item, by=request.user, reason=data["reason"], http_request=request
        ),
        _("Request closed."),
    )


@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "request.close",
        RejectForm,
        lambda item, data: request_reject(
            request=item,
            by=request.user,
            reason=data["reason"],
            note=data["note"],
            http_request=request,
        ),
        _("Request rejected."),
    )


def add(request: HttpRequest) -> HttpResponse:
    """A walk-in, a phone call, an e-mail or an event: for a person of the mechanism
    (`?person=`) or a new one, recorded with their consent."""
    require(request.user, "request.add")
    user = request.user
    person = None
    person_pk = request.GET.get("person") or request.POST.get("person")
    if person_pk:
        if not str(person_pk).isdigit():
            raise Http404
        person = person_for(user, int(person_pk))
        require(user, "request.add", person.mechanism_id)
        reason = frozen_reason(person)
        if reason:
            messages.error(request, reason)
            return redirect("people:detail", pk=person.pk)
        mechanisms = Mechanism.objects.filter(pk=person.mechanism_id)
    else:
        mechanisms = mechanisms_for(user, "request.add")
    text = consent_texts_current().get(Purpose.ACCOMPANIMENT)
    if person is None and text is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = StaffRequestForm(
        data,
        mechanisms=mechanisms,
        initial={
            "mechanism": mechanisms.first(),
            "place": person.place_id if person else None,
        },
    )
    person_form = (
        None
        if person
        else NewPersonForm(
            data, prefix="person", purpose=Purpose.ACCOMPANIMENT, initial={"text": text.pk}
        )
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (person_form is None or person_form.is_valid())
    ):
        cleaned = form.cleaned_data
        kwargs = {}
        if person_form is not None:
            consent_data = person_form.cleaned_data
            kwargs = {
                "person_fields": person_form.person_fields(),
                "consent": ConsentGiven(
                    text=consent_data["text"],
                    method=consent_data["method"],
                    witness=consent_data["witness"],
                    given_at=person_form.given_at(),
                ),
            }
        try:
            with transaction.atomic():  # the request and its answer, or neither
                item = request_record(
                    mechanism=cleaned["mechanism"],
                    by=user,
                    channel=cleaned["channel"],
                    topic=cleaned["topic"],
                    message=cleaned["message"],
                    place=cleaned["place"],
                    person=person,
                    received_at=form.received_at(),
                    http_request=request,
                    **kwargs,
                )
                if cleaned["answer"].strip():
                    request_answer(
                        request=item, by=user, text=cleaned["answer"], http_request=request
                    )
        except ValidationError as error:
            target = (
                person_form
                if (
                    person_form
                    and hasattr(error, "error_dict")
                    and set(error.error_dict) & set(person_form.fields)
                )
                else form
            )
            form_errors_from(target, error)
        else:
            messages.success(
                request, _("Request recorded: %(reference)s.") % {"reference": item.reference}
            )
            return redirect("desk:detail", pk=item.pk)
    if person_form is not None and person_form.is_bound and person_form.is_valid():
        text = person_form.cleaned_data.get("text") or text
    errors = form.errors or (person_form is not None and person_form.errors)
    context = {"form": form, "person_form": person_form, "person": person, "text": text}
    return render(request, "desk/add.html", context, status=400 if errors else 200)


@allowed_to("request.route")
def unrouted(request: HttpRequest) -> HttpResponse:
    page = Paginator(requests_unrouted(request.user).order_by("received_at", "pk"), PAGE_SIZE)
    return render(request, "desk/unrouted.html", {"page": page.get_page(request.GET.get("page"))})


@allowed_to("request.route")
def route(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(requests_unrouted(request.user), pk=pk)
    mechanisms = Mechanism.objects.active().select_related("country")
    if item.place_id:
        mechanisms = mechanisms.filter(country_id=item.place.country_id)
    form = RouteForm(request.POST or None, mechanisms=mechanisms)
    reject_form = RejectForm()
    if request.method == "POST" and form.is_valid():
        try:
            request_route_to(
                request=item,
                mechanism=form.cleaned_data["mechanism"],
                by=request.user,
                http_request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("Sent to %(mechanism)s.") % {"mechanism": form.cleaned_data["mechanism"]}
            )
            return redirect("desk:unrouted")
    context = {"item": item, "form": form, "reject_form": reject_form}
    return render(request, "desk/route.html", context, status=400 if form.errors else 200)


@allowed_to("request.route")
@require_POST
def route_reject(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(requests_unrouted(request.user), pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        request_reject(
            request=item,
            by=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            http_request=request,
        )
        messages.success(request, _("Request rejected."))
        return redirect("desk:unrouted")
    messages.error(request, _("Say why it is rejected."))
    return redirect("desk:route", pk=item.pk)


def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    mechanism = get_object_or_404(Mechanism, slug=slug)
    require(request.user, "mechanism.change", mechanism)
    setting = DeskSetting.objects.filter(mechanism=mechanism).first() or DeskSetting(
        mechanism=mechanism, answer_hours=answer_hours(mechanism)
    )
    form = DeskSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("desk:settings", slug=mechanism.slug)
    context = {"mechanism": mechanism, "form": form}
    return render(request, "desk/settings.html", context, status=400 if form.errors else 200)
