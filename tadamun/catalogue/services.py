"""Writing the catalogue and the referrals.

Services are public entries that administrators (Django's admin) and demo loaders write;
every write keeps the service's search terms in step. Referrals are a mechanism's own:
sent and followed up by its staff, each step logged (`ReferralEvent`), each touch of a
person's data in the audit trail.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tadamun.accounts.permissions import require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.catalogue.models import (
    TRANSITIONS,
    Outcome,
    Referral,
    ReferralEvent,
    Service,
)
from tadamun.catalogue.search import service_terms
from tadamun.catalogue.types import Audience, ServiceLanguage, ServiceType
from tadamun.core.fields import fields_set
from tadamun.diagnostics.dimensions import Dimension

# The fields `service_create` and `service_update` set (lists for the many-valued ones).
FIELDS = (
    "provider",
    "mechanism",
    "service_type",
    "name_ar",
    "name_fr",
    "name_en",
    "description_ar",
    "description_fr",
    "description_en",
    "audiences",
    "languages",
    "is_free",
    "cost_ar",
    "cost_fr",
    "cost_en",
    "access_ar",
    "access_fr",
    "access_en",
    "contact_name",
    "phone",
    "email",
    "website",
    "is_active",
)
MANY = ("territories", "countries")

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_PHONE_NOISE = re.compile(r"[\s().-]+")


def phone_e164(phone: str) -> str:
    """A phone as E.164 (+212612345678), from the ways people write it (00212 6…,
    +212 6 12…); "" stays "". Numbers without their country code are refused."""
    phone = _PHONE_NOISE.sub("", phone or "")
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    if phone and not E164.match(phone):
        raise ValidationError(
            {"phone": _("Write the phone number with its country code, e.g. +212 6 12 34 56 78.")},
            code="phone",
        )
    return phone


# Lists kept as text on a service, and the codes each may hold.
_CODE_LISTS = {"audiences": Audience, "languages": ServiceLanguage}


def _set(service: Service, fields: dict) -> list[str]:
    """`fields_set` for a service: its phone in E.164, its audiences and languages as
    lists of their codes; the many-to-many fields (MANY) are the caller's."""
    plain = {k: v for k, v in fields.items() if k not in MANY and k not in _CODE_LISTS}
    if isinstance(plain.get("phone"), str):
        plain["phone"] = phone_e164(plain["phone"].strip())
    changed = fields_set(service, plain, allowed=[*FIELDS, *MANY])
    for name, choices in _CODE_LISTS.items():
        if name not in fields:
            continue
        codes = list(fields[name])
        if set(codes) - set(choices.values):
            message = _("Unknown audience.") if name == "audiences" else _("Unknown language.")
            raise ValidationError({name: message}, code=name[:-1])
        before = getattr(service, name)
        setattr(service, f"{name[:-1]}_list", codes)
        if getattr(service, name) != before:
            changed.append(name)
    return changed


def _clean(service: Service) -> None:
    if service.service_type not in ServiceType.values:
        raise ValidationError({"service_type": _("Choose a type of service.")}, code="type")
    if not (service.name_ar or service.name_fr or service.name_en):
        raise ValidationError({"name_fr": _("Give the service a name.")}, code="name")
    service.full_clean(exclude=["provider", "mechanism", "territories", "countries"])


def service_index(service: Service) -> None:
    """Brings the service's search terms in step with it and its provider."""
    service.search_terms = service_terms(service)
    Service.objects.filter(pk=service.pk).update(search_terms=service.search_terms)


@transaction.atomic
def service_create(*, fields: dict, territories=(), countries=(), by=None) -> Service:
    """A new service of the catalogue. `territories` are places, `countries` countries
    served as a whole."""
    service = Service()
    _set(service, fields)
    if service.provider_id is None:
        raise ValidationError({"provider": _("Say who offers the service.")}, code="provider")
    _clean(service)
    service.save()
    service.territories.set(territories)
    service.countries.set(countries)
    service_index(service)
    return service


@transaction.atomic
def service_update(
    *, service: Service, fields: dict, territories=None, countries=None, by=None
) -> list[str]:
    """Changes a service; returns the names of what changed (territories and countries
    are replaced when given)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    changed = _set(service, fields)
    if changed:
        _clean(service)
        service.save(update_fields=[*changed, "updated_at"])
    if territories is not None:
        before = set(service.territories.values_list("pk", flat=True))
        service.territories.set(territories)
        if before != {getattr(t, "pk", t) for t in territories}:
            changed.append("territories")
    if countries is not None:
        before = set(service.countries.values_list("pk", flat=True))
        service.countries.set(countries)
        if before != {getattr(c, "pk", c) for c in countries}:
            changed.append("countries")
    if changed:
        service_index(service)
    return changed


def service_deactivate(*, service: Service, by=None) -> None:
    """The service is no longer offered: it leaves the public catalogue and orientation;
    its referrals stay."""
    service_update(service=service, fields={"is_active": False}, by=by)


def services_reindex(*, provider_ids=None) -> int:
    """Rebuilds the search terms of the services (of some providers only, after their
    names changed)."""
    services = Service.objects.select_related("provider")
    if provider_ids is not None:
        services = services.filter(provider_id__in=list(provider_ids))
    count = 0
    for service in services:
        service_index(service)
        count += 1
    return count


# -- Referrals -----------------------------------------------------------------------------


def needs_clean(needs: dict | None) -> dict[str, int]:
    """A needs snapshot: known dimension codes and scores from 0 to 100."""
    cleaned = {}
    for code, score in (needs or {}).items():
        if code not in Dimension.values:
            raise ValidationError(_("Unknown dimension: %(code)s.") % {"code": code}, code="dim")
        score = int(score)
        if not 0 <= score <= 100:
            raise ValidationError(_("A score is between 0 and 100."), code="score")
        cleaned[code] = score
    return cleaned


def _event(referral: Referral, *, before: str, by, note: str, at) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral, from_outcome=before, to_outcome=referral.outcome, by=by, at=at, note=note
    )


def _audit(referral: Referral, *, by, request, action) -> None:
    # A person's referral is part of their record: the entry names the person (so that
    # their access export lists it); an organisation's names the referral.
    obj = referral.person if referral.person_id else referral
    audit_record(request=request, user=by, mechanism=referral.mechanism_id, action=action, obj=obj)


@transaction.atomic
def referral_send(
    *,
    mechanism,
    service: Service,
    person=None,
    actor=None,
    by,
    needs: dict | None = None,
    note: str = "",
    request=None,
) -> Referral:
    """`by` sends a person of `mechanism` (or an organisation) to `service`."""
    from tadamun.people.services import person_refuse_if_frozen, person_touch

    require(by, "referral.send", mechanism)
    if (person is None) == (actor is None):
        raise ValidationError(
            _("A referral is for a person or for an organisation."), code="referral_whom"
        )
    if person is not None:
        if person.mechanism_id != getattr(mechanism, "pk", mechanism):
            raise Http404
        person_refuse_if_frozen(person)
    if not service.is_active:
        raise ValidationError(_("This service is no longer offered."), code="inactive")
    now = timezone.now()
    referral = Referral.objects.create(
        mechanism_id=getattr(mechanism, "pk", mechanism),
        person=person,
        actor=actor,
        service=service,
        sent_by=by,
        sent_at=now,
        note=(note or "").strip(),
        needs=needs_clean(needs),
    )
    _event(referral, before="", by=by, note=referral.note, at=now)
    if person is not None:
        person_touch(person=person, at=now)
    _audit(referral, by=by, request=request, action=AuditEntry.Action.CHANGE)
    return referral


@transaction.atomic
def referral_record_outcome(
    *, referral: Referral, outcome: str, by, note: str = "", request=None
) -> Referral:
    """What came of a referral: taken up, refused, no answer (TRANSITIONS says which
    follow which); logged with who and when."""
    require(by, "referral.outcome", referral.mechanism_id)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    before = referral.outcome
    if outcome not in TRANSITIONS.get(before, ()):
        raise ValidationError(
            _("A referral %(before)s cannot become %(after)s.")
            % {
                "before": Outcome(before).label,
                "after": Outcome(outcome).label if outcome in Outcome.values else outcome,
            },
            code="transition",
        )
    now = timezone.now()
    referral.outcome = outcome
    referral.outcome_at = now
    referral.save(update_fields=["outcome", "outcome_at"])
    _event(referral, before=before, by=by, note=(note or "").strip(), at=now)
    _audit(referral, by=by, request=request, action=AuditEntry.Action.CHANGE)
    return referral
