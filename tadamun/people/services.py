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
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadamun.accounts.permissions import require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.core.fields import fields_set
from tadamun.people.models import (
    Affiliation,
    Consent,
    ConsentText,
    Person,
    PersonMerge,
    PersonRole,
    Purpose,
)
from tadamun.search.phonetic import name_keys
from tadamun.search.text import tokens

# The fields of a person the staff's forms set (never the mechanism after creation).
# What staff may set on a person: the mechanism above all is not (a person never moves
# to another mechanism).
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


def _audit_change(person: Person, by, request) -> None:
    """The audit trail's entry for a change of `person`'s record by `by`."""
    audit_record(
        request=request,
        user=by,
        mechanism=person.mechanism_id,
        action=AuditEntry.Action.CHANGE,
        obj=person,
    )


def person_refuse_if_frozen(person: Person) -> None:
    reason = frozen_reason(person)
    if reason:
        raise ValidationError(reason, code="frozen")


# -- People --------------------------------------------------------------------------------


def _person_clean(person: Person) -> None:
    person.full_clean(exclude=["mechanism", "created_by", "search_keys"])
    if not person.full_name:
        raise ValidationError({"full_name": _("Give the person's name.")}, code="required")


@transaction.atomic
def person_create(*, mechanism, by, fields: dict, consent: ConsentGiven, request=None) -> Person:
    """Records a person of `mechanism` with their consent to the accompaniment."""
    require(by, "person.add", mechanism)
    return _person_make(mechanism=mechanism, by=by, fields=fields, consent=consent, request=request)


@transaction.atomic
def person_create_from_public_request(
    *, mechanism, fields: dict, consent: ConsentGiven, request=None
) -> Person:
    """Records the person who sent a request through the public form, with the consent
    they gave online on it. No member of staff does it (`created_by` is empty): only the
    one-stop shop's public form calls this (tadamun/desk/services.py)."""
    if consent is None or consent.method != Consent.Method.ONLINE:
        raise ValidationError(
            _("A person is recorded only with their consent to the accompaniment."),
            code="consent_missing",
        )
    return _person_make(
        mechanism=mechanism, by=None, fields=fields, consent=consent, request=request
    )


def _person_make(*, mechanism, by, fields: dict, consent: ConsentGiven, request) -> Person:
    if consent is None:
        raise ValidationError(
            _("A person is recorded only with their consent to the accompaniment."),
            code="consent_missing",
        )
    _consent_check(consent, purpose=Purpose.ACCOMPANIMENT)
    person = Person(mechanism=mechanism, created_by=by)
    fields_set(person, fields, allowed=FIELDS)
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
    changed = fields_set(person, fields, allowed=FIELDS)
    if not changed:
        return []
    _person_clean(person)
    person.search_keys = search_keys_for(person.full_name, person.phone)
    person.last_activity_at = timezone.now()
    person.save(update_fields=[*changed, "search_keys", "last_activity_at", "updated_at"])
    _audit_change(person, by, request)
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
    _audit_change(person, by, request)
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
    _audit_change(person, by, request)
    return consent


# -- Roles and organisations ----------------------------------------------------------------


@transaction.atomic
def person_roles_set(*, person: Person, by, roles, request=None) -> tuple[set[str], set[str]]:
    """Gives the person exactly `roles` (codes of `PersonRole.Role`); returns the roles
    added and those removed."""
    require(by, "person.change", person.mechanism_id)
    person_refuse_if_frozen(person)
    wanted = set(roles)
    unknown = wanted - set(PersonRole.Role.values)
    if unknown:
        raise ValidationError(
            _("Unknown roles: %(roles)s.") % {"roles": ", ".join(sorted(unknown))},
            code="unknown_role",
        )
    current = set(person.roles.values_list("role", flat=True))
    added, removed = wanted - current, current - wanted
    if removed:
        person.roles.filter(role__in=removed).delete()
    PersonRole.objects.bulk_create(
        [PersonRole(person=person, role=role, added_by=by) for role in sorted(added)]
    )
    if added or removed:
        person_touch(person=person)
        _audit_change(person, by, request)
    return added, removed


@transaction.atomic
def affiliation_add(
    *, person: Person, actor, role: str, by, since_year: int | None = None, request=None
) -> Affiliation:
    """The person belongs to `actor` (a directory Actor) as `role`."""
    require(by, "person.change", person.mechanism_id)
    person_refuse_if_frozen(person)
    if role not in Affiliation.Role.values:
        raise ValidationError({"role": _("Choose the person's role there.")}, code="role")
    if since_year is not None and not 1900 <= since_year <= timezone.localdate().year:
        raise ValidationError({"since_year": _("Give a year in the past.")}, code="year")
    if Affiliation.objects.filter(person=person, actor=actor, role=role).exists():
        raise ValidationError(
            _("This person already has this role in this organisation."), code="exists"
        )
    affiliation = Affiliation.objects.create(
        person=person, actor=actor, role=role, since_year=since_year, added_by=by
    )
    person_touch(person=person)
    _audit_change(person, by, request)
    return affiliation


@transaction.atomic
def affiliation_remove(*, affiliation: Affiliation, by, request=None) -> None:
    person = affiliation.person
    require(by, "person.change", person.mechanism_id)
    person_refuse_if_frozen(person)
    affiliation.delete()
    _audit_change(person, by, request)


# -- Merging a person found twice -----------------------------------------------------------

KEEP, OTHER, BOTH = "keep", "other", "both"
# Values that can be joined rather than chosen.
JOINABLE = ("notes",)


def _merge_value(person: Person, name: str):
    return person.place_id if name == "place" else getattr(person, name)


def _unique_sets(model, name: str) -> list[set[str]]:
    """The sets of fields of `model` that must be unique together and include `name`."""
    sets = [set(fields) for fields in model._meta.unique_together if name in fields]
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if (
            isinstance(constraint, models.UniqueConstraint)
            and name in fields
            and constraint.condition is None
        ):
            sets.append(set(fields))
    field = model._meta.get_field(name)
    if field.unique:
        sets.append({name})
    return sets


def _move_rows(model, name: str, keep: Person, other: Person) -> tuple[int, int]:
    """Points the rows of `model` whose `name` is `other` at `keep`; a row that would
    repeat one `keep` already has (same values where they must be unique) is deleted
    instead. Returns (moved, dropped)."""
    manager = model._base_manager
    rows = manager.filter(**{name: other.pk})
    unique = _unique_sets(model, name)
    if not unique:
        return rows.update(**{name: keep.pk}), 0
    moved = dropped = 0
    for row in list(rows):
        repeated = False
        for fields in unique:
            lookup = {
                model._meta.get_field(field).attname: getattr(
                    row, model._meta.get_field(field).attname
                )
                for field in fields - {name}
            }
            if manager.filter(**{name: keep.pk}, **lookup).exists():
                repeated = True
                break
        if repeated:
            manager.filter(pk=row.pk).delete()
            dropped += 1
        else:
            manager.filter(pk=row.pk).update(**{name: keep.pk})
            moved += 1
    return moved, dropped


def _move_relations(keep: Person, other: Person) -> dict[str, int]:
    """Moves everything that points at `other` to `keep`: every reverse relation of
    Person, whichever app declared it (consents, roles, organisations, documents,
    requests, and what later apps add), found from the model's metadata."""
    moved: dict[str, int] = {}
    for relation in Person._meta.related_objects:
        if relation.many_to_many:
            field = relation.field
            through = field.remote_field.through
            model, name = through, field.m2m_reverse_field_name()
        else:
            model, name = relation.related_model, relation.field.name
            if relation.one_to_one:
                both = model._base_manager.filter(**{f"{name}__in": [keep.pk, other.pk]})
                if both.count() > 1:
                    raise ValidationError(
                        _("Both records have a %(what)s: these two cannot be merged here.")
                        % {"what": model._meta.verbose_name},
                        code="merge_conflict",
                    )
        try:
            with transaction.atomic():
                count, dropped = _move_rows(model, name, keep, other)
        except IntegrityError as error:
            raise ValidationError(
                _("The %(what)s of these records cannot be merged: %(error)s")
                % {"what": model._meta.verbose_name_plural, "error": error},
                code="merge_conflict",
            ) from error
        if count or dropped:
            moved[model._meta.label_lower] = count
            if dropped:
                moved[f"{model._meta.label_lower} (repeated, dropped)"] = dropped
    return moved


@transaction.atomic
def person_merge(
    *, keep: Person, other: Person, by, choices: dict[str, str], request=None
) -> PersonMerge:
    """Merges `other` into `keep`, two records of the same person in one mechanism.

    `choices` says, per field of `FIELDS`, whose value survives: "keep" (the default),
    "other", or for the notes "both" (joined). Everything that points at `other` moves to
    `keep` (see `_move_relations`), then `other` is deleted; the merge is kept as a
    `PersonMerge` and in the audit trail (a change of `keep`, the deletion of `other`)."""
    require(by, "person.merge", keep.mechanism_id)
    if keep.pk == other.pk:
        raise ValidationError(_("A record cannot be merged with itself."), code="same")
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update()
        .filter(pk__in=[keep.pk, other.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("One of these records no longer exists."), code="missing")
    keep, other = locked[keep.pk], locked[other.pk]
    if keep.mechanism_id != other.mechanism_id:
        raise ValidationError(
            _("Only records of the same mechanism can be merged."), code="mechanism"
        )
    if keep.anonymised_at or other.anonymised_at:
        raise ValidationError(_("An anonymised record cannot be merged."), code="anonymised")
    unknown = set(choices) - set(FIELDS)
    bad = {
        name
        for name, choice in choices.items()
        if choice not in (KEEP, OTHER) and not (choice == BOTH and name in JOINABLE)
    }
    if unknown or bad:
        raise ValidationError(
            _("These choices cannot be made: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown | bad))},
            code="choices",
        )

    changed, merged_values = [], {}
    for name in FIELDS:
        choice = choices.get(name, KEEP)
        mine, theirs = _merge_value(keep, name), _merge_value(other, name)
        if choice == BOTH:
            value = "\n\n".join(part for part in (mine, theirs) if part)
        elif choice == OTHER:
            value = theirs
        else:
            value = mine
        if value != mine:
            setattr(keep, "place_id" if name == "place" else name, value)
            changed.append(name)
        if theirs not in (None, "") and theirs != value and choice != BOTH:
            merged_values[name] = theirs

    moved = _move_relations(keep, other)

    if changed:
        _person_clean(keep)
    keep.search_keys = search_keys_for(keep.full_name, keep.phone)
    keep.last_activity_at = max(keep.last_activity_at, other.last_activity_at)
    keep.retention_notified_at = None
    keep.save(
        update_fields=[
            *changed,
            "search_keys",
            "last_activity_at",
            "retention_notified_at",
            "updated_at",
        ]
    )
    merge = PersonMerge.objects.create(
        keep=keep,
        other_id=other.pk,
        choices={name: choices.get(name, KEEP) for name in FIELDS},
        merged_values=merged_values,
        moved=moved,
        merged_by=by,
    )
    audit_record(
        request=request,
        user=by,
        mechanism=keep.mechanism_id,
        action=AuditEntry.Action.CHANGE,
        obj=keep,
    )
    audit_record(
        request=request,
        user=by,
        mechanism=keep.mechanism_id,
        action=AuditEntry.Action.DELETE,
        obj=other,
    )
    other.delete()
    return merge
