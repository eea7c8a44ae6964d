"""Reading requests: always scoped to the mechanisms where the user may see them."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tadamun.accounts.models import Membership, Role
from tadamun.accounts.permissions import scoped
from tadamun.desk.models import OPEN, Request, Status

# The queue's status filter: "open" (new and assigned) unless another is chosen.
OPEN_FILTER = "open"
ALL_FILTER = "all"
ME, NOBODY = "me", "none"


def requests_for(user, action: str = "request.view") -> QuerySet[Request]:
    """The requests of the mechanisms where `user` may do `action` (never unrouted ones:
    those are the administrators', see `requests_unrouted`)."""
    return scoped(Request.objects.filter(mechanism__isnull=False), user, action)


def request_for(user, pk: int, action: str = "request.view") -> Request:
    """One request `user` may do `action` on; 404 otherwise."""
    return get_object_or_404(
        requests_for(user, action).select_related(
            "mechanism", "place", "requester", "assigned_to", "answered_by", "organisation"
        ),
        pk=pk,
    )


def requests_unrouted(user) -> QuerySet[Request]:
    """The requests no mechanism serves, for those who may route them."""
    from tadamun.accounts.permissions import can

    if not can(user, "request.route"):
        return Request.objects.none()
    return Request.objects.unrouted().filter(status=Status.NEW).select_related("place")


@dataclass(frozen=True)
class QueueFilters:
    status: str = OPEN_FILTER
    topic: str = ""
    channel: str = ""
    advisor: str = ""  # "me", "none", or a user id
    mechanism: int | None = None


def request_queue(user, filters: QueueFilters, now=None) -> QuerySet[Request]:
    """The queue: overdue first, then by due time; filtered."""
    now = now or timezone.now()
    requests = requests_for(user)
    if filters.mechanism:
        requests = requests.filter(mechanism_id=filters.mechanism)
    if filters.status == OPEN_FILTER:
        requests = requests.filter(status__in=OPEN)
    elif filters.status == "overdue":
        requests = requests.overdue(now)
    elif filters.status in Status.values:
        requests = requests.filter(status=filters.status)
    if filters.topic:
        requests = requests.filter(topic=filters.topic)
    if filters.channel:
        requests = requests.filter(channel=filters.channel)
    if filters.advisor == ME:
        requests = requests.filter(assigned_to=user)
    elif filters.advisor == NOBODY:
        requests = requests.filter(assigned_to__isnull=True)
    elif filters.advisor.isdigit():
        requests = requests.filter(assigned_to_id=int(filters.advisor))
    return requests.select_related("mechanism", "place", "requester", "assigned_to").queue_order(
        now
    )


def advisors_of(mechanism_ids) -> QuerySet:
    """The accounts that can answer requests in these mechanisms (advisors and
    coordinators), for the assignment menus."""
    users = (
        Membership.objects.filter(
            mechanism_id__in=list(mechanism_ids),
            role__in=[Role.ADVISOR, Role.COORDINATOR],
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return get_user_model().objects.filter(pk__in=users).order_by("first_name", "username")


def request_counts(user) -> dict[str, int]:
    """How many open, overdue and unassigned requests the user's mechanisms have."""
    from django.db.models import Count, Q

    now = timezone.now()
    return requests_for(user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN)),
        overdue=Count("pk", filter=Q(status__in=OPEN, due_at__lt=now)),
        new=Count("pk", filter=Q(status=Status.NEW)),
        mine=Count("pk", filter=Q(status__in=OPEN, assigned_to=user)),
    )
