"""Reads of mechanisms, scoped to who asks."""

from django.db.models import QuerySet

from tadamun.accounts.models import Invitation, Membership
from tadamun.accounts.permissions import scoped
from tadamun.mechanisms.models import Mechanism


def mechanisms_for(user, action: str = "mechanism.view") -> QuerySet[Mechanism]:
    return scoped(Mechanism.objects.all(), user, action, field="pk").select_related("country")


def staff_of(mechanism: Mechanism) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(mechanism=mechanism, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__first_name", "user__username")
    )


def invitations_pending(mechanism: Mechanism) -> QuerySet[Invitation]:
    return Invitation.objects.usable().filter(mechanism=mechanism).select_related("invited_by")
