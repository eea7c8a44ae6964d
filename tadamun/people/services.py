"""Writing people and their consents.

A person is recorded together with their consent to the accompaniment, never before it;
what they withdraw stops that use at once: without an active accompaniment consent the
record is frozen (no change, no new document), without an active contact consent they
leave the contact list. Every write leaves an entry in the audit trail.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadamun.accounts.permissions import require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.people.models import Consent, ConsentText, Person, Purpose
from tadamun.search.phonetic import name_keys
from tadamun.search.text import tokens

# The fields of a person the staff's forms set (never the mechanism after creation).
FIELDS = ("full_name", "gender", "birth_year", "place", "phone", "email", "notes")


@dataclass(frozen=True)
class ConsentGiven:
    """A consent as the person gave it, for `person_create` and `consent_record`."""

    text: ConsentText
    method: str
    witness: str = ""
    given_at: datetime | None = None


# -- Search keys ---------------------------------------------------------------------------

_NOT_DIGIT = re.compile(r"\D+")


def phone_digits(phone: str) -> str:
    """A phone number's national digits: 00 212 6…, +212 6…, 06… all give 6…"""
    digits = _NOT_DIGIT.sub("", phone or "")
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith(("212", "216")) and len(digits) > 9:
        digits = digits[3:]
    return digits.lstrip("0")


def search_keys_for(full_name: str, phone: str = "") -> str:
    """The words of a name folded (أمينة → امينه, Émile → emile), their phonetic keys
    (أمينة and Amina both → vmn) and the phone's digits (#6…), space-separated and padded
    with spaces so that a whole word or a word's start can be matched."""
    words = tokens(full_name)
    keys = sorted(name_keys(full_name))
    parts = [*words, *(f"~{key}" for key in keys)]
    digits = phone_digits(phone)
    if digits:
        parts.append(f"#{digits}")
    return f" {' '.join(parts)} " if parts else ""


# -- Consents ------------------------------------------------------------------------------


def _consent_check(given: ConsentGiven, *, purpose: str | None = None) -> None:
    if purpose is not None and given.text.purpose != purpose:
        raise ValidationError(
            _("A person is recorded only with their consent to the accompaniment."),
            code="consent_purpose",
        )
    if given.method not in Consent.Method.values:
        raise ValidationError(_("Say how the consent was given."), code="consent_method")
    if given.method == Consent.Method.ORAL_WITNESSED and not (given.witness or "").strip():
        raise ValidationError(
            {"witness": _("An oral consent needs the name of its witness.")},
            code="consent_witness",
        )
    if given.given_at is not None and given.given_at > timezone.now():
        raise ValidationError(
            {"given_at": _("A consent cannot be given in the future.")}, code="consent_future"
        )


def _consent_make(person: Person, given: ConsentGiven, by) -> Consent:
    consent = Consent(
        person=person,
        text=given.text,
        purpose=given.text.purpose,
        method=given.method,
        witness=(given.witness or "").strip()
        if given.method == Consent.Method.ORAL_WITNESSED
        else "",
        given_at=given.given_at or timezone.now(),
        recorded_by=by,
    )
    consent.full_clean(exclude=["person", "text", "recorded_by", "withdrawn_recorded_by"])
    consent.save()
    return consent


def has_active_consent(person: Person, purpose: str) -> bool:
    return person.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists()


def frozen_reason(person: Person) -> str:
    """Why the record cannot change any more, or "" when it can."""
    if person.anonymised_at is not None:
        return _("This person was anonymised: their record cannot change.")
    if not has_active_consent(person, Purpose.ACCOMPANIMENT):
        return _(
            "This person withdrew their consent to the accompaniment: their record is "
            "frozen. It can still be exported or erased; record a new consent to work "
            "with it again."
        )
    return ""


def person_refuse_if_frozen(person: Person) -> None:
    reason = frozen_reason(person)
    if reason:
        raise ValidationError(reason, code="frozen")


# -- People --------------------------------------------------------------------------------


def _fields_set(person: Person, fields: dict) -> list[str]:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        # The mechanism above all: a person never moves to another mechanism.
        raise ValidationError(
            _("These fields cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if name == "place":
            current = person.place_id
            new = getattr(value, "pk", value)
            if current != new:
                person.place_id = new
                changed.append(name)
            continue
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    return changed


def _person_clean(person: Person) -> None:
    person.full_clean(exclude=["mechanism", "created_by", "search_keys"])
    if not person.full_name:
        raise ValidationError({"full_name": _("Give the person's name.")}, code="required")


@transaction.atomic
def person_create(*, mechanism, by, fields: dict, consent: ConsentGiven, request=None) -> Person:
    """Records a person of `mechanism` with their consent to the accompaniment."""
    require(by, "person.add", mechanism)
    if consent is None:
        raise ValidationError(
            _("A person is recorded only with their consent to the accompaniment."),
            code="consent_missing",
        )
    _consent_check(consent, purpose=Purpose.ACCOMPANIMENT)
    person = Person(mechanism=mechanism, created_by=by)
    _fields_set(person, fields)
    _person_clean(person)
    person.search_keys = search_keys_for(person.full_name, person.phone)
    person.save()
    _consent_make(person, consent, by)
    audit_record(
        request=request, user=by, mechanism=mechanism, action=AuditEntry.Action.CREATE, obj=person
    )
    return person


@transaction.atomic
def person_update(*, person: Person, by, fields: dict, request=None) -> list[str]:
    """Changes a person's fields; returns the names of those that changed."""
    require(by, "person.change", person.mechanism_id)
    person = Person.objects.select_for_update().get(pk=person.pk)
    person_refuse_if_frozen(person)
    changed = _fields_set(person, fields)
    if not changed:
        return []
    _person_clean(person)
    person.search_keys = search_keys_for(person.full_name, person.phone)
    person.last_activity_at = timezone.now()
    person.save(update_fields=[*changed, "search_keys", "last_activity_at", "updated_at"])
    audit_record(
        request=request,
        user=by,
        mechanism=person.mechanism_id,
        action=AuditEntry.Action.CHANGE,
        obj=person,
    )
    return changed


def person_touch(*, person: Person, at: datetime | None = None) -> None:
    """The mechanism worked with the person: their retention period starts again."""
    person.last_activity_at = at or timezone.now()
    person.retention_notified_at = None
    person.save(update_fields=["last_activity_at", "retention_notified_at"])


@transaction.atomic
def consent_record(
    *,
    person: Person,
    text: ConsentText,
    method: str,
    witness: str = "",
    by,
    given_at: datetime | None = None,
    request=None,
) -> Consent:
    """A consent the person gave (again, or to another purpose)."""
    require(by, "consent.record", person.mechanism_id)
    if person.anonymised_at is not None:
        raise ValidationError(
            _("This person was anonymised: their record cannot change."), code="frozen"
        )
    given = ConsentGiven(text=text, method=method, witness=witness, given_at=given_at)
    _consent_check(given)
    if has_active_consent(person, text.purpose):
        raise ValidationError(
            _("This person already gave this consent; withdraw it first to record another."),
            code="consent_active",
        )
    consent = _consent_make(person, given, by)
    person_touch(person=person)
    audit_record(
        request=request,
        user=by,
        mechanism=person.mechanism_id,
        action=AuditEntry.Action.CHANGE,
        obj=person,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by, request=None) -> Consent:
    """The person withdrew a consent: that use of their data stops now."""
    person = consent.person
    require(by, "consent.withdraw", person.mechanism_id)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."), code="withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_recorded_by = by
    consent.save(update_fields=["withdrawn_at", "withdrawn_recorded_by"])
    person_touch(person=person)
    audit_record(
        request=request,
        user=by,
        mechanism=person.mechanism_id,
        action=AuditEntry.Action.CHANGE,
        obj=person,
    )
    return consent
