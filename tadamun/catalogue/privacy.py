"""What the catalogue holds about a person (their referrals), for their rights
(tadamun/privacy/hooks.py): collected into their export, cleared on erasure."""

from tadamun.catalogue.models import Referral, ReferralEvent


def _user(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def referrals_about(person) -> list[dict]:
    referrals = (
        Referral.objects.filter(person=person)
        .select_related("service", "service__provider", "sent_by")
        .prefetch_related("events__by")
        .order_by("sent_at", "pk")
    )
    return [
        {
            "id": r.pk,
            "service": {"id": r.service_id, "name": r.service.name},
            "provider": r.service.provider.name,
            "sent_at": r.sent_at,
            "sent_by": _user(r.sent_by),
            "note": r.note,
            "needs": r.needs,
            "outcome": r.outcome,
            "outcome_label": str(r.get_outcome_display()),
            "outcome_at": r.outcome_at,
            "steps": [
                {
                    "from": e.from_outcome,
                    "to": e.to_outcome,
                    "at": e.at,
                    "by": _user(e.by),
                    "note": e.note,
                }
                for e in r.events.all()
            ],
        }
        for r in referrals
    ]


def referrals_erase(person) -> None:
    """Notes are cleared (free text may name or describe the person); the service, dates,
    outcome and needs scores stay, for the counts of referrals and take-up."""
    Referral.objects.filter(person=person).exclude(note="").update(note="")
    ReferralEvent.objects.filter(referral__person=person).exclude(note="").update(note="")
