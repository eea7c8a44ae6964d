"""Records about a person or an organisation (a referral, a diagnostic, a case): models
with a `person` key and an `actor` key (an organisation of the directory), exactly one of
which is set."""

from django.db import models
from django.db.models import Q


def one_subject(name: str) -> models.CheckConstraint:
    """The database's rule that exactly one of `person` and `actor` is set."""
    return models.CheckConstraint(
        condition=Q(person__isnull=False, actor__isnull=True)
        | Q(person__isnull=True, actor__isnull=False),
        name=name,
    )


class PersonOrOrganisation:
    """For such a model: `subject`, the person or the organisation it is about."""

    @property
    def subject(self):
        return self.person if self.person_id else self.actor
