"""Routing: which mechanism answers a request from a place.

1. The active mechanism whose territories contain the place: the place itself or one of
   the places above it (a town in the Nador province goes to the mechanism serving that
   province; a province inside a region a mechanism serves goes to it). When several do,
   the one serving the most specific territory wins, then the oldest.
2. Otherwise the country's national mechanism: one whose setting says it answers for the
   whole country, or a House of SSE without territories.
3. Otherwise nobody: the request waits in the "unrouted" queue of the platform's
   administrators, who send it to a mechanism (`request_route_to`).
"""

from datetime import timedelta

from django.conf import settings

from tadamun.desk.models import DEFAULT_ANSWER_HOURS, DeskSetting
from tadamun.mechanisms.models import Mechanism
from tadamun.places.models import Place
from tadamun.places.selectors import place_index


def _chain(territory: Place) -> list[int]:
    """The ids of the place and of the places above it, most specific first (from the
    places' cache: no query)."""
    cached = place_index().by_id.get(territory.pk, territory)
    return [place.pk for place in cached.ancestors()]


def request_route(territory: Place | None) -> Mechanism | None:
    """The mechanism that answers requests from `territory`, or None (unrouted)."""
    if territory is None:
        return None
    chain = _chain(territory)
    served: dict[int, list[int]] = {}
    for place_id, mechanism_id in Mechanism.territories.through.objects.filter(
        place_id__in=chain, mechanism__is_active=True
    ).values_list("place_id", "mechanism_id"):
        served.setdefault(place_id, []).append(mechanism_id)
    for place_id in chain:
        if place_id in served:
            return Mechanism.objects.get(pk=min(served[place_id]))
    national = Mechanism.objects.active().filter(country_id=territory.country_id)
    return (
        national.filter(desk_setting__serves_country=True).order_by("pk").first()
        or national.filter(kind=Mechanism.Kind.HOUSE, territories__isnull=True)
        .order_by("pk")
        .first()
    )


def answer_hours(mechanism) -> int:
    """The mechanism's answer time, in hours."""
    setting = DeskSetting.objects.filter(mechanism=mechanism).values_list("answer_hours", flat=True)
    default = getattr(settings, "TADAMUN_DESK_ANSWER_HOURS", DEFAULT_ANSWER_HOURS)
    return setting.first() or default


def due_from(mechanism, start) -> object:
    """When a request of `mechanism` received (or routed) at `start` must be answered."""
    return start + timedelta(hours=answer_hours(mechanism))
