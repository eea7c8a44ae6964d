"""What the one-stop shop holds about a person, for their rights (tadamun/privacy/hooks.py):
their requests in their export, and blanked at their erasure (what the statistics count
stays: mechanism, channel, topic, region, statuses and dates)."""

from django.db.models import Q

from tadamun.core.i18n import localized
from tadamun.desk.models import Request, RequestEvent

REGION_LEVEL = 1


def _user(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def requests_about(person) -> list[dict]:
    requests = (
        Request.objects.filter(requester=person)
        .select_related("place", "assigned_to", "answered_by", "organisation")
        .prefetch_related("events__by")
        .order_by("received_at", "pk")
    )
    return [
        {
            "reference": request.reference,
            "channel": request.channel,
            "topic": request.topic,
            "topic_label": str(request.get_topic_display()),
            "place": request.place.code if request.place else None,
            "place_name": localized(request.place, "name") if request.place else None,
            "message": request.message,
            "organisation": request.organisation.name if request.organisation else None,
            "status": request.status,
            "received_at": request.received_at,
            "due_at": request.due_at,
            "advisor": _user(request.assigned_to),
            "answer": request.answer,
            "answered_at": request.answered_at,
            "answered_by": _user(request.answered_by),
            "answer_emailed_at": request.answer_emailed_at,
            "closed_at": request.closed_at,
            "close_reason": request.close_reason,
            "steps": [
                {
                    "at": event.at,
                    "by": _user(event.by),
                    "from": event.from_status,
                    "to": event.to_status,
                    "note": event.note,
                }
                for event in request.events.all()
            ],
        }
        for request in requests
    ]


def requests_erase(person) -> None:
    requests = Request.objects.filter(requester=person).select_related("place")
    for request in requests:
        place = request.place
        if place is not None and place.level > REGION_LEVEL:
            place = place.ancestor_at(REGION_LEVEL)
        request.message = ""
        request.answer = ""
        request.close_reason = ""
        request.place = place
        request.pending_contact = {}
        request.save(
            update_fields=[
                "message",
                "answer",
                "close_reason",
                "place",
                "pending_contact",
                "updated_at",
            ]
        )
    RequestEvent.objects.filter(Q(request__requester=person) & ~Q(note="")).update(note="")
