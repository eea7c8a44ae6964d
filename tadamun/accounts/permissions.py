"""Who may do what: the permission matrix, in one place.

Every check in the code goes through `can`, `mechanism_ids` or `scoped`, and
`docs/permissions.md` is this matrix as a table (a test renders one from the other).

A role held in a mechanism (advisor, trainer, coordinator) acts on that mechanism's
data only ("own"); a platform role (observatory analyst, platform administrator) acts
across mechanisms ("all"). Anything not written here is refused, and the data of a
mechanism a user may not act on answers 404, as if it did not exist.
"""

from dataclasses import dataclass
from enum import Enum
from functools import wraps

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tadamun.accounts.models import Account, Membership, PlatformRole, Role


class Scope(Enum):
    OWN = "own"  # in the mechanisms where the user holds the role
    ALL = "all"  # in every mechanism, and over the platform


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    # Whether doing it shows someone's personal data (names, contacts, notes, files):
    # a role that may needs a second factor to log in.
    personal: bool = False


ACTIONS = {
    action.code: action
    for action in (
        Action("person.view", _("see a beneficiary's record"), personal=True),
        Action("person.add", _("record a beneficiary (with their consent)"), personal=True),
        Action("person.change", _("change a beneficiary's record"), personal=True),
        Action("person.export", _("export everything held about a person"), personal=True),
        Action("person.erase", _("erase or anonymise a person"), personal=True),
        Action("person.merge", _("merge two records of the same person"), personal=True),
        Action("consent.record", _("record a consent"), personal=True),
        Action("consent.withdraw", _("record the withdrawal of a consent"), personal=True),
        Action("document.view", _("download a document"), personal=True),
        Action("document.add", _("upload a document"), personal=True),
        Action("document.delete", _("delete a document"), personal=True),
        Action("request.view", _("see the requests sent to the one-stop shop"), personal=True),
        Action("request.add", _("record a walk-in, a call or an event's request"), personal=True),
        Action("request.assign", _("assign a request to an advisor"), personal=True),
        Action("request.take", _("take a new request for oneself"), personal=True),
        Action("request.answer", _("answer a request"), personal=True),
        Action(
            "request.close",
            _("close a request, or reject it as spam or a duplicate"),
            personal=True,
        ),
        Action(
            "request.route",
            _("send a request no mechanism serves to a mechanism (never its sender's contacts)"),
            personal=True,
        ),
        Action("case.view", _("see accompaniment cases"), personal=True),
        Action("case.edit", _("open and work on accompaniment cases"), personal=True),
        Action("case.reassign", _("give a case to another advisor"), personal=True),
        Action("referral.view", _("see the referrals to support services"), personal=True),
        Action("referral.send", _("refer a person to a support service"), personal=True),
        Action("referral.outcome", _("record what came of a referral"), personal=True),
        Action("audit.view", _("read the audit trail"), personal=True),
        Action("staff.view", _("see the staff and their roles"), personal=True),
        Action("staff.invite", _("invite staff"), personal=True),
        Action("staff.manage", _("change a role, deactivate an account"), personal=True),
        Action("mechanism.view", _("see a mechanism's page")),
        Action("mechanism.add", _("create a mechanism")),
        Action("mechanism.change", _("change a mechanism's name, territories, partners")),
        Action("statistics.view", _("see aggregate figures (never names)")),
        Action("target.set", _("set the targets the figures are followed against")),
        Action("directory.import", _("import actors into the directory")),
        Action("duplicates.review", _("review and merge duplicate actors")),
        Action("privacy.view", _("read the register of processing")),
        Action("diagnostic.view", _("see a needs diagnostic and its profile"), personal=True),
        Action("diagnostic.fill", _("start and fill in a needs diagnostic"), personal=True),
        Action("questionnaire.edit", _("write and publish diagnostic questionnaires")),
    )
}

OWN, ALL = Scope.OWN, Scope.ALL

_ADVISOR = {
    "person.view": OWN,
    "person.add": OWN,
    "person.change": OWN,
    "person.merge": OWN,
    "consent.record": OWN,
    "consent.withdraw": OWN,
    "document.view": OWN,
    "document.add": OWN,
    "request.view": OWN,
    "request.add": OWN,
    "request.take": OWN,
    "request.answer": OWN,
    "request.close": OWN,
    "case.view": OWN,
    "case.edit": OWN,
    "referral.view": OWN,
    "referral.send": OWN,
    "referral.outcome": OWN,
    "mechanism.view": OWN,
    "statistics.view": OWN,
    "privacy.view": ALL,
    "diagnostic.view": OWN,
    "diagnostic.fill": OWN,
}
_TRAINER = {
    "person.view": OWN,
    "person.add": OWN,
    "consent.record": OWN,
    "document.view": OWN,
    "case.view": OWN,
    "referral.view": OWN,
    "mechanism.view": OWN,
    "statistics.view": OWN,
    "privacy.view": ALL,
    "diagnostic.view": OWN,
}
_COORDINATOR = _ADVISOR | {
    "person.export": OWN,
    "person.erase": OWN,
    "document.delete": OWN,
    "request.assign": OWN,
    "case.reassign": OWN,
    "audit.view": OWN,
    "staff.view": OWN,
    "staff.invite": OWN,
    "staff.manage": OWN,
    "mechanism.change": OWN,
    "questionnaire.edit": OWN,
    "target.set": OWN,
}
_ANALYST = {
    "mechanism.view": ALL,
    "statistics.view": ALL,
    "target.set": ALL,
    "directory.import": ALL,
    "duplicates.review": ALL,
    "privacy.view": ALL,
}
_ADMINISTRATOR = _ANALYST | {
    "mechanism.add": ALL,
    "mechanism.change": ALL,
    "staff.view": ALL,
    "staff.invite": ALL,
    "staff.manage": ALL,
    "audit.view": ALL,
    "request.route": ALL,
}

# role → action → scope. The rows of docs/permissions.md.
MATRIX: dict[str, dict[str, Scope]] = {
    Role.ADVISOR: _ADVISOR,
    Role.TRAINER: _TRAINER,
    Role.COORDINATOR: _COORDINATOR,
    PlatformRole.ANALYST: _ANALYST,
    PlatformRole.ADMINISTRATOR: _ADMINISTRATOR,
}
ROLE_LABELS = {
    **{role.value: role.label for role in Role},
    PlatformRole.ANALYST.value: PlatformRole.ANALYST.label,
    PlatformRole.ADMINISTRATOR.value: PlatformRole.ADMINISTRATOR.label,
}


def role_sees_personal_data(role: str) -> bool:
    return any(ACTIONS[code].personal for code in MATRIX.get(role, {}))


@dataclass(frozen=True)
class Grants:
    """The roles one user holds: per mechanism, and over the platform."""

    mechanisms: dict[int, str]
    platform: str

    def roles(self) -> set[str]:
        return set(self.mechanisms.values()) | ({self.platform} if self.platform else set())


NO_GRANTS = Grants({}, "")


def grants_of(user) -> Grants:
    """The user's roles, read once per request (kept on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_GRANTS
    cached = getattr(user, "_tadamun_grants", None)
    if cached is not None:
        return cached
    mechanisms = dict(
        Membership.objects.filter(user=user, mechanism__is_active=True).values_list(
            "mechanism_id", "role"
        )
    )
    platform = (
        Account.objects.filter(user=user).values_list("platform_role", flat=True).first() or ""
    )
    grants = Grants(mechanisms, platform)
    user._tadamun_grants = grants
    return grants


def grants_forget(user) -> None:
    """After a role changes within a request."""
    user.__dict__.pop("_tadamun_grants", None)


def needs_second_factor(user) -> bool:
    return any(role_sees_personal_data(role) for role in grants_of(user).roles())


def mechanism_ids(user, action: str) -> set[int] | None:
    """The mechanisms in which `user` may do `action`: a set of ids, or None for all."""
    if action not in ACTIONS:
        raise KeyError(f"Unknown action {action!r}: add it to ACTIONS and MATRIX")
    grants = grants_of(user)
    if grants.platform and MATRIX[grants.platform].get(action) is ALL:
        return None
    ids = set()
    for mechanism_id, role in grants.mechanisms.items():
        scope = MATRIX[role].get(action)
        if scope is ALL:
            return None
        if scope is OWN:
            ids.add(mechanism_id)
    return ids


def can(user, action: str, mechanism=None) -> bool:
    """Whether `user` may do `action` in `mechanism` (a Mechanism or its id), or anywhere
    at all when no mechanism is given."""
    ids = mechanism_ids(user, action)
    if ids is None:
        return True
    if mechanism is None:
        return bool(ids)
    return getattr(mechanism, "pk", mechanism) in ids


def require(user, action: str, mechanism=None) -> None:
    """404 unless `can`: what a user may not act on, they do not learn exists."""
    if not can(user, action, mechanism):
        raise Http404


def scoped(queryset: QuerySet, user, action: str, field: str = "mechanism") -> QuerySet:
    """The rows of `queryset` in the mechanisms where `user` may do `action`."""
    ids = mechanism_ids(user, action)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": sorted(ids)})


def allowed_to(action: str):
    """A view decorator: 404 unless the user may do `action` somewhere (for the pages of
    platform actions; pages of one mechanism's data check that mechanism with `require`
    or `scoped`). Anonymous users never get here (the login middleware)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
