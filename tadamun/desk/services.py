"""Writing requests: sent through the public form, recorded by the staff, routed,
assigned, answered, closed or rejected. Each write is atomic, moves the status only along
`models.TRANSITIONS` (logged as a `RequestEvent`) and leaves an entry in the audit trail.

The parameter `request` is always a desk `Request`; the HTTP request, for the audit
trail's address, is `http_request`.
"""

import logging
import smtplib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tadamun.accounts.permissions import can, require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.desk.models import (
    OPEN,
    TRANSITIONS,
    Channel,
    RejectReason,
    Request,
    RequestEvent,
    Status,
    Topic,
)
from tadamun.desk.routing import due_from, request_route
from tadamun.people.models import Consent, ConsentText, Person, Purpose
from tadamun.people.services import (
    ConsentGiven,
    frozen_reason,
    person_create,
    person_create_from_public_request,
    person_refuse_if_frozen,
    person_touch,
)

logger = logging.getLogger(__name__)

# What the public form asks of the sender (the rest of a record is the staff's).
PUBLIC_FIELDS = ("full_name", "gender", "birth_year", "place", "phone", "email")
STAFF_CHANNELS = tuple(channel for channel in Channel.values if channel != Channel.WEB)


def _transition(request: Request, to: str, *, by, note: str = "", advisor=None) -> RequestEvent:
    """Moves `request` to status `to` (it must be allowed) and logs the move."""
    if to not in TRANSITIONS[request.status]:
        raise ValidationError(
            _("A request that is %(status)s cannot become %(to)s.")
            % {"status": request.get_status_display(), "to": Status(to).label},
            code="transition",
        )
    event = RequestEvent.objects.create(
        request=request,
        by=by if getattr(by, "is_authenticated", False) else None,
        from_status=request.status,
        to_status=to,
        advisor=advisor,
        note=note[:300],
    )
    request.status = to
    return event


def _log_arrival(request: Request, *, by, note: str = "") -> None:
    RequestEvent.objects.create(
        request=request,
        by=by if getattr(by, "is_authenticated", False) else None,
        from_status="",
        to_status=request.status,
        note=note,
    )


def _audit(request: Request, by, action: str, http_request=None) -> None:
    audit_record(
        request=http_request, user=by, mechanism=request.mechanism_id, action=action, obj=request
    )


def _check_common(*, topic: str, message: str, place) -> str:
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Choose a topic.")}, code="topic")
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say what the request is about.")}, code="message")
    if len(message) > Request._meta.get_field("message").max_length:
        raise ValidationError({"message": _("The message is too long.")}, code="message_long")
    return message


def _locked(request: Request) -> Request:
    return Request.objects.select_for_update().get(pk=request.pk)


# -- Arrival -------------------------------------------------------------------------------


@transaction.atomic
def request_submit_public(
    *,
    full_name: str,
    phone: str = "",
    email: str = "",
    gender: str = "",
    birth_year: int | None = None,
    place,
    topic: str,
    message: str,
    consent_text: ConsentText,
    language: str = "",
    received_at: datetime | None = None,
    http_request=None,
) -> Request:
    """A request sent through the public form by someone who ticked the consent to the
    accompaniment (`consent_text`, given online at `received_at`).

    Routed by `place`: the mechanism found records the sender as a person with that
    consent, and the request is theirs; when no mechanism serves the place, the request
    waits unrouted, keeping the sender's contacts and consent until a mechanism takes it
    (`request_route_to`)."""
    received_at = received_at or timezone.now()
    message = _check_common(topic=topic, message=message, place=place)
    if consent_text is None or consent_text.purpose != Purpose.ACCOMPANIMENT:
        raise ValidationError(
            _("A request is kept only with the sender's consent."), code="consent_missing"
        )
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationError(
            _("Give a phone number or an e-mail address, so that we can answer."),
            code="contact_missing",
        )
    fields = {
        "full_name": full_name,
        "gender": gender or "",
        "birth_year": birth_year,
        "place": place,
        "phone": phone or "",
        "email": email or "",
    }
    mechanism = request_route(place)
    request = Request(
        mechanism=mechanism,
        channel=Channel.WEB,
        topic=topic,
        place=place,
        message=message,
        language=language,
        received_at=received_at,
    )
    if mechanism is not None:
        request.requester = person_create_from_public_request(
            mechanism=mechanism,
            fields=fields,
            consent=ConsentGiven(
                text=consent_text, method=Consent.Method.ONLINE, given_at=received_at
            ),
            request=http_request,
        )
        request.due_at = due_from(mechanism, received_at)
    else:
        if not (full_name or "").strip():
            raise ValidationError({"full_name": _("Give your name.")}, code="required")
        request.pending_contact = {
            **{name: value for name, value in fields.items() if name != "place"},
            "full_name": (full_name or "").strip(),
        }
        request.consent_text = consent_text
        request.consent_given_at = received_at
    request.save()
    _log_arrival(request, by=None, note="" if mechanism else "unrouted")
    if mechanism is not None:
        _audit(request, None, AuditEntry.Action.CREATE, http_request)
    return request


@transaction.atomic
def request_record(
    *,
    mechanism,
    by,
    channel: str,
    topic: str,
    message: str,
    place=None,
    person: Person | None = None,
    person_fields: dict | None = None,
    consent: ConsentGiven | None = None,
    organisation=None,
    received_at: datetime | None = None,
    http_request=None,
) -> Request:
    """A request the staff record: a walk-in, a phone call, an e-mail or an event.

    The requester is `person` (a person of `mechanism`), or a new person made of
    `person_fields` with `consent` (signed form, or oral before a witness)."""
    require(by, "request.add", mechanism)
    if channel not in STAFF_CHANNELS:
        raise ValidationError({"channel": _("Choose how the request came.")}, code="channel")
    message = _check_common(topic=topic, message=message, place=place)
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationError(
            {"received_at": _("A request cannot arrive in the future.")}, code="future"
        )
    if person is not None:
        if person.mechanism_id != mechanism.pk:
            raise Http404
        person_refuse_if_frozen(person)
        person_touch(person=person)
    else:
        if consent is None or consent.method == Consent.Method.ONLINE:
            raise ValidationError(
                _("Record the person's consent: a signed form, or orally before a witness."),
                code="consent_method",
            )
        person = person_create(
            mechanism=mechanism,
            by=by,
            fields={**(person_fields or {}), "place": (person_fields or {}).get("place") or place},
            consent=consent,
            request=http_request,
        )
    request = Request.objects.create(
        mechanism=mechanism,
        channel=channel,
        topic=topic,
        place=place or person.place,
        message=message,
        requester=person,
        organisation=organisation,
        received_at=received_at,
        due_at=due_from(mechanism, received_at),
        created_by=by,
    )
    _log_arrival(request, by=by)
    _audit(request, by, AuditEntry.Action.CREATE, http_request)
    return request


@transaction.atomic
def request_route_to(*, request: Request, mechanism, by, http_request=None) -> Request:
    """Sends an unrouted request to `mechanism`: the sender becomes a person of it, with
    the consent they gave online when they sent it."""
    require(by, "request.route", mechanism)
    request = _locked(request)
    if request.mechanism_id is not None:
        raise ValidationError(_("This request already went to a mechanism."), code="routed")
    if request.status != Status.NEW:
        raise ValidationError(_("Only a new request can be sent on."), code="status")
    contact = dict(request.pending_contact)
    contact["place"] = request.place
    request.requester = person_create_from_public_request(
        mechanism=mechanism,
        fields=contact,
        consent=ConsentGiven(
            text=request.consent_text,
            method=Consent.Method.ONLINE,
            given_at=request.consent_given_at,
        ),
        request=http_request,
    )
    now = timezone.now()
    request.mechanism = mechanism
    request.due_at = due_from(mechanism, now)
    request.pending_contact = {}
    request.save(
        update_fields=["mechanism", "requester", "due_at", "pending_contact", "updated_at"]
    )
    RequestEvent.objects.create(
        request=request,
        by=by,
        from_status=request.status,
        to_status=request.status,
        note=f"routed to {mechanism.slug}",
    )
    _audit(request, by, AuditEntry.Action.CHANGE, http_request)
    return request


# -- Work ----------------------------------------------------------------------------------


def _may_answer(user, mechanism_id) -> bool:
    return can(user, "request.answer", mechanism_id)


@transaction.atomic
def request_assign(*, request: Request, advisor, by, http_request=None) -> Request:
    """Gives `request` to `advisor` (an advisor or coordinator of its mechanism): a
    coordinator assigns anyone; an advisor takes a new request for themselves."""
    request = _locked(request)
    mechanism = request.mechanism_id
    if mechanism is None:
        raise Http404
    require(by, "request.view", mechanism)
    taking = advisor == by and request.status == Status.NEW
    if not (
        can(by, "request.assign", mechanism) or (taking and can(by, "request.take", mechanism))
    ):
        raise Http404
    if not _may_answer(advisor, mechanism):
        raise ValidationError(
            {"advisor": _("Only an advisor or a coordinator of this mechanism can answer it.")},
            code="advisor",
        )
    if request.status == Status.ASSIGNED and request.assigned_to_id == advisor.pk:
        return request
    _transition(request, Status.ASSIGNED, by=by, advisor=advisor)
    request.assigned_to = advisor
    request.save(update_fields=["status", "assigned_to", "updated_at"])
    _audit(request, by, AuditEntry.Action.CHANGE, http_request)
    return request


def request_take(*, request: Request, by, http_request=None) -> Request:
    """An advisor takes a new request for themselves."""
    return request_assign(request=request, advisor=by, by=by, http_request=http_request)


@transaction.atomic
def request_answer(*, request: Request, by, text: str, http_request=None) -> Request:
    """Records the first answer given (by phone, e-mail or in person). A new request is
    first assigned to whoever answers it; an assigned one is answered by its advisor or
    by a coordinator."""
    request = _locked(request)
    mechanism = request.mechanism_id
    if mechanism is None:
        raise Http404
    require(by, "request.answer", mechanism)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer given.")}, code="answer")
    if request.status == Status.NEW:
        _transition(request, Status.ASSIGNED, by=by, advisor=by)
        request.assigned_to = by
    elif (
        request.status == Status.ASSIGNED
        and request.assigned_to_id != by.pk
        and not can(by, "request.assign", mechanism)
    ):
        raise ValidationError(_("This request is assigned to another advisor."), code="not_yours")
    _transition(request, Status.ANSWERED, by=by)
    request.answer = text
    request.answered_at = timezone.now()
    request.answered_by = by
    request.save(
        update_fields=[
            "status",
            "assigned_to",
            "answer",
            "answered_at",
            "answered_by",
            "updated_at",
        ]
    )
    if request.requester_id:
        person_touch(person=request.requester)
    _audit(request, by, AuditEntry.Action.CHANGE, http_request)
    return request


# Without a mail server (no EMAIL_HOST) mails are only printed: nothing would reach anyone.
_PRINTED = "django.core.mail.backends.console.EmailBackend"


def answer_email_address(request: Request) -> str:
    """Where the first answer can be sent by e-mail: the requester's address, unless their
    record is anonymised or frozen (consent withdrawn) or the platform has no mail server;
    "" when it cannot be sent."""
    person = request.requester
    if person is None or not person.email or frozen_reason(person):
        return ""
    return "" if settings.EMAIL_BACKEND == _PRINTED else person.email


def _answer_language(request: Request) -> str:
    """The request's language when the platform speaks it (the public form records the
    page's), else the language of whoever sends the answer."""
    languages = {code for code, _name in settings.LANGUAGES}
    return request.language if request.language in languages else translation.get_language()


@transaction.atomic
def request_answer_send(*, request: Request, by, http_request=None) -> Request:
    """Sends the recorded first answer to the requester's e-mail address, once, in the
    request's language, with the advisor as the address to reply to.

    Whoever may record the answer may send it. Nothing is recorded when the mail server
    refuses it or cannot be reached: the answer stays recorded and can be sent again."""
    request = _locked(request)
    mechanism = request.mechanism_id
    if mechanism is None:
        raise Http404
    require(by, "request.answer", mechanism)
    if not request.answer:
        raise ValidationError(_("Record the answer before sending it."), code="no_answer")
    if request.answer_emailed_at is not None:
        raise ValidationError(_("This answer was already sent by e-mail."), code="sent")
    if request.requester_id:
        person_refuse_if_frozen(request.requester)
    if settings.EMAIL_BACKEND == _PRINTED:
        raise ValidationError(
            _("This platform has no mail server to send it: answer from your own e-mail."),
            code="no_server",
        )
    address = answer_email_address(request)
    if not address:
        raise ValidationError(
            _("The requester gave no e-mail address: answer by phone."), code="no_email"
        )
    with translation.override(_answer_language(request)):
        context = {
            "item": request,
            "name": request.requester.full_name,
            "reply": bool(getattr(by, "email", "")),
        }
        subject = _("Answer to your request %(reference)s") % {"reference": request.reference}
        subject = f"{request.mechanism.name}: {subject}"
        body = render_to_string("desk/answer_email.txt", context)
    message = EmailMessage(
        subject, body, to=[address], reply_to=[by.email] if getattr(by, "email", "") else None
    )
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("The answer to request %s could not be sent: %r", request.pk, error)
        raise ValidationError(
            _(
                "The e-mail could not be sent (%(error)s). The answer is recorded: send it "
                "again later, or answer by phone."
            )
            % {"error": error.__class__.__name__},
            code="smtp",
        ) from error
    request.answer_emailed_at = timezone.now()
    request.save(update_fields=["answer_emailed_at", "updated_at"])
    _audit(request, by, AuditEntry.Action.CHANGE, http_request)
    logger.info("Answer to request %s sent by e-mail by user %s", request.pk, by.pk)
    return request


@transaction.atomic
def request_close(*, request: Request, by, reason: str = "", http_request=None) -> Request:
    """Closes an answered request; `reason` says how it ended (oriented, no more need…)."""
    request = _locked(request)
    if request.mechanism_id is None:
        raise Http404
    require(by, "request.close", request.mechanism_id)
    reason = (reason or "").strip()[:300]
    _transition(request, Status.CLOSED, by=by, note=reason)
    request.closed_at = timezone.now()
    request.close_reason = reason
    request.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    _audit(request, by, AuditEntry.Action.CHANGE, http_request)
    return request


@transaction.atomic
def request_reject(
    *, request: Request, by, reason: str, note: str = "", http_request=None
) -> Request:
    """Rejects a new or assigned request as spam or as a duplicate. An unrouted one
    (rejected by an administrator) loses the sender's contacts at once."""
    request = _locked(request)
    if request.mechanism_id is None:
        require(by, "request.route")
    else:
        require(by, "request.close", request.mechanism_id)
    if reason not in RejectReason.values:
        raise ValidationError({"reason": _("Say why it is rejected.")}, code="reason")
    if request.status not in OPEN:
        raise ValidationError(_("Only an open request can be rejected."), code="status")
    _transition(request, Status.REJECTED, by=by, note=(note or reason))
    request.reject_reason = reason
    request.closed_at = timezone.now()
    request.close_reason = (note or "").strip()[:300]
    fields = ["status", "reject_reason", "closed_at", "close_reason", "updated_at"]
    if request.mechanism_id is None:
        request.pending_contact = {}
        request.message = ""
        fields += ["pending_contact", "message"]
    request.save(update_fields=fields)
    if request.mechanism_id is not None:
        _audit(request, by, AuditEntry.Action.CHANGE, http_request)
    return request


# Routing is a read; it is here too for those who look for it among the services.
__all__ = [
    "request_answer",
    "request_assign",
    "request_close",
    "request_record",
    "request_reject",
    "request_route",
    "request_route_to",
    "request_submit_public",
    "request_take",
]
