"""Writing accompaniment cases: opening, moving through the stages, closing, reassigning,
sessions, the action plan, documents and outcomes.

Every function checks the permission matrix against the case's mechanism, runs in one
transaction, and leaves an entry in the audit trail (a case is personal data when it
follows a person; it is audited the same when it follows an organisation).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadamun.accompaniment.minimum_wage import currency_of, minimum_wage
from tadamun.accompaniment.models import (
    PATH,
    TRANSITIONS,
    Action,
    Case,
    CaseDocument,
    CloseReason,
    ContractKind,
    Gender,
    Job,
    Move,
    Owner,
    Session,
    Stage,
    StageChange,
    Topic,
    Turnover,
)
from tadamun.accounts.permissions import can, require
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_record
from tadamun.people.services import person_refuse_if_frozen, person_touch


def _audit(request, by, case: Case, action: str, obj=None) -> None:
    audit_record(
        request=request, user=by, mechanism=case.mechanism_id, action=action, obj=obj or case
    )


def _touch(case: Case) -> None:
    """Work with the person followed: their retention period starts again."""
    if case.person_id:
        person_touch(person=case.person)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("person").get(pk=case.pk)


def _refuse_if_closed(case: Case) -> None:
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."), code="closed")


def _refuse_if_frozen(case: Case) -> None:
    if case.person_id:
        person_refuse_if_frozen(case.person)


def advisor_check(advisor, mechanism) -> None:
    """An advisor of a case is an active account that may work on the mechanism's cases."""
    if advisor is None or not advisor.is_active or not can(advisor, "case.edit", mechanism):
        raise ValidationError(
            {"advisor": _("The advisor must be a member of the mechanism's staff.")},
            code="advisor",
        )


def _log(case: Case, *, by, move: str, from_stage: str, note: str = "", reason: str = ""):
    return StageChange.objects.create(
        case=case,
        by=by,
        move=move,
        from_stage=from_stage,
        to_stage=case.stage,
        closed_reason=reason,
        note=(note or "").strip(),
    )


# -- Cases ---------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    mechanism,
    person=None,
    actor=None,
    advisor,
    by,
    title: str,
    description: str = "",
    stage: str = Stage.IDEA,
    request=None,
) -> Case:
    """Opens a case of `mechanism` following `person` (of that mechanism) or `actor` (of
    the directory): exactly one of them."""
    require(by, "case.edit", mechanism)
    if (person is None) == (actor is None):
        raise ValidationError(
            _("A case follows a person or an organisation: exactly one of them."),
            code="subject",
        )
    if person is not None:
        if person.mechanism_id != mechanism.pk:
            raise ValidationError(
                {"person": _("This person belongs to another mechanism.")}, code="person"
            )
        person_refuse_if_frozen(person)
    if stage not in PATH:
        raise ValidationError({"stage": _("A case opens at one of the stages.")}, code="stage")
    advisor_check(advisor, mechanism)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Name the project.")}, code="required")
    case = Case.objects.create(
        mechanism=mechanism,
        person=person,
        actor=actor,
        title=title[:200],
        description=(description or "").strip(),
        advisor=advisor,
        stage=stage,
        created_by=by,
    )
    _log(case, by=by, move=Move.OPEN, from_stage="")
    _touch(case)
    _audit(request, by, case, AuditEntry.Action.CREATE)
    return case


@transaction.atomic
def case_update(*, case: Case, by, title: str, description: str, request=None) -> list[str]:
    """Changes the project's name and description; returns the fields that changed."""
    require(by, "case.edit", case.mechanism_id)
    case = _locked(case)
    _refuse_if_frozen(case)
    title = (title or "").strip()[:200]
    if not title:
        raise ValidationError({"title": _("Name the project.")}, code="required")
    changed = []
    for name, value in (("title", title), ("description", (description or "").strip())):
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
        _audit(request, by, case, AuditEntry.Action.CHANGE)
    return changed


@transaction.atomic
def case_move(*, case: Case, to: str, by, note: str = "", request=None) -> StageChange:
    """Moves `case` one stage forward, one stage back (`note` says why), or reopens a closed
    case at stage `to`. Closing goes through `case_close`."""
    require(by, "case.edit", case.mechanism_id)
    case = _locked(case)
    _refuse_if_frozen(case)
    if to == Stage.CLOSED:
        raise ValidationError(_("Close a case with its reason."), code="close_with_reason")
    move = TRANSITIONS[case.stage].get(to)
    if move is None:
        raise ValidationError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Stage(case.stage).label, "to": Stage(to).label if to in Stage else to},
            code="transition",
        )
    note = (note or "").strip()
    if move == Move.BACK and not note:
        raise ValidationError({"note": _("Say why the case goes back.")}, code="reason")
    from_stage = case.stage
    case.stage = to
    fields = ["stage", "updated_at"]
    if move == Move.REOPEN:
        case.closed_at = None
        case.closed_reason = ""
        fields += ["closed_at", "closed_reason"]
    case.save(update_fields=fields)
    change = _log(case, by=by, move=move, from_stage=from_stage, note=note)
    _touch(case)
    _audit(request, by, case, AuditEntry.Action.CHANGE)
    return change


@transaction.atomic
def case_close(*, case: Case, by, reason: str, note: str = "", request=None) -> StageChange:
    """Closes `case`, from any stage, for `reason` (a CloseReason)."""
    require(by, "case.edit", case.mechanism_id)
    case = _locked(case)
    _refuse_if_closed(case)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Say why the case is closed.")}, code="reason")
    note = (note or "").strip()
    if reason == CloseReason.OTHER and not note:
        raise ValidationError({"note": _("Say what the other reason is.")}, code="reason")
    from_stage = case.stage
    case.stage = Stage.CLOSED
    case.closed_at = timezone.now()
    case.closed_reason = reason
    case.save(update_fields=["stage", "closed_at", "closed_reason", "updated_at"])
    change = _log(case, by=by, move=Move.CLOSE, from_stage=from_stage, note=note, reason=reason)
    _touch(case)
    _audit(request, by, case, AuditEntry.Action.CHANGE)
    return change


@transaction.atomic
def case_reassign(*, case: Case, advisor, by, request=None) -> Case:
    """Gives `case` to another advisor of its mechanism (coordinators)."""
    require(by, "case.reassign", case.mechanism_id)
    case = _locked(case)
    advisor_check(advisor, case.mechanism_id)
    if case.advisor_id != advisor.pk:
        case.advisor = advisor
        case.save(update_fields=["advisor", "updated_at"])
        _audit(request, by, case, AuditEntry.Action.CHANGE)
    return case


# -- Sessions and the action plan ------------------------------------------------------------


@transaction.atomic
def case_session_add(
    *,
    case: Case,
    by,
    date: date,
    duration_minutes: int,
    topic: str,
    notes: str = "",
    next_steps: str = "",
    attendees: str = "",
    request=None,
) -> Session:
    """Records a session of `case`."""
    require(by, "case.edit", case.mechanism_id)
    case = _locked(case)
    _refuse_if_closed(case)
    _refuse_if_frozen(case)
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Choose the session's topic.")}, code="topic")
    if date > timezone.localdate():
        raise ValidationError(
            {"date": _("A session is recorded once it took place.")}, code="future"
        )
    if not duration_minutes or not 0 < int(duration_minutes) <= 1440:
        raise ValidationError(
            {"duration_minutes": _("Give the duration in minutes (at most a day).")},
            code="duration",
        )
    session = Session.objects.create(
        case=case,
        date=date,
        duration_minutes=int(duration_minutes),
        topic=topic,
        notes=(notes or "").strip(),
        next_steps=(next_steps or "").strip(),
        attendees=(attendees or "").strip()[:500],
        recorded_by=by,
    )
    _touch(case)
    _audit(request, by, case, AuditEntry.Action.CHANGE)
    return session


@transaction.atomic
def case_action_add(
    *,
    case: Case,
    by,
    description: str,
    owner: str = Owner.BENEFICIARY,
    due_on: date | None = None,
    request=None,
) -> Action:
    """Adds a step to the action plan of `case`."""
    require(by, "case.edit", case.mechanism_id)
    case = _locked(case)
    _refuse_if_closed(case)
    _refuse_if_frozen(case)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what is to be done.")}, code="required")
    if owner not in Owner.values:
        raise ValidationError({"owner": _("Say who does it.")}, code="owner")
    action = Action.objects.create(
        case=case, description=description[:300], owner=owner, due_on=due_on, created_by=by
    )
    _audit(request, by, case, AuditEntry.Action.CHANGE)
    return action


@transaction.atomic
def case_action_done(*, action: Action, by, request=None) -> Action:
    """Marks a step of the action plan done (once)."""
    case = action.case
    require(by, "case.edit", case.mechanism_id)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        _touch(case)
        _audit(request, by, case, AuditEntry.Action.CHANGE)
    return action


# -- Documents ---------------------------------------------------------------------------------


@transaction.atomic
def case_document_add(*, case: Case, by, title: str, uploaded, request=None) -> CaseDocument:
    """Checks and keeps a file (through the documents app) and attaches it to `case`. A
    case of a person files it under the person too, so that their erasure deletes it."""
    from tadamun.documents.services import document_upload

    require(by, "case.edit", case.mechanism_id)
    document = document_upload(
        mechanism=case.mechanism_id,
        person=case.person,
        title=title,
        uploaded=uploaded,
        by=by,
        request=request,
    )
    return CaseDocument.objects.create(case=case, document=document)


# -- Outcomes ----------------------------------------------------------------------------------


@transaction.atomic
def case_organisation_link(
    *, case: Case, actor, by, created_on: date | None = None, request=None
) -> Case:
    """Records that the accompaniment created `actor` (an organisation of the directory)."""
    require(by, "case.edit", case.mechanism_id)
    case = _locked(case)
    case.organisation = actor
    case.organisation_created_on = created_on or timezone.localdate()
    case.save(update_fields=["organisation", "organisation_created_on", "updated_at"])
    _audit(request, by, case, AuditEntry.Action.CHANGE)
    return case


@transaction.atomic
def case_organisation_create(
    *,
    case: Case,
    by,
    name_ar: str = "",
    name_fr: str = "",
    name_en: str = "",
    legal_form=None,
    place=None,
    created_on: date | None = None,
    women_led: bool = False,
    request=None,
):
    """Creates the organisation the case gave birth to in the directory (through the
    directory's services), in the mechanism's country, and links it to the case."""
    from tadamun.directory.models import Actor
    from tadamun.directory.services import actor_create

    require(by, "case.edit", case.mechanism_id)
    created_on = created_on or timezone.localdate()
    actor = actor_create(
        country_id=case.mechanism.country_id,
        name_ar=(name_ar or "").strip(),
        name_fr=(name_fr or "").strip(),
        name_en=(name_en or "").strip(),
        legal_form=legal_form,
        place=place,
        founded=created_on.year,
        women_led=women_led,
        status=Actor.Status.ACTIVE,
        sources=[("tadamun-cases", f"case-{case.pk}")],
    )
    return case_organisation_link(
        case=case, actor=actor, by=by, created_on=created_on, request=request
    )


@dataclass(frozen=True)
class DecentWork:
    """What decides whether a job is decent work, and the verdict."""

    minimum_wage: Decimal | None
    minimum_wage_from: date | None
    meets_minimum_wage: bool
    decent: bool


def decent_work(
    *,
    country: str,
    on: date,
    has_contract: bool,
    social_protection: bool,
    monthly_income: Decimal | None,
) -> DecentWork:
    """Decent work = a written contract, social protection, and a monthly income at least
    the legal minimum wage of `country` in force `on` that day. An unknown income, or a
    country without a known minimum wage, is not counted as decent."""
    wage = minimum_wage(country, on)
    meets = (
        wage is not None and monthly_income is not None and Decimal(monthly_income) >= wage.monthly
    )
    return DecentWork(
        minimum_wage=wage.monthly if wage else None,
        minimum_wage_from=wage.effective if wage else None,
        meets_minimum_wage=meets,
        decent=bool(has_contract and social_protection and meets),
    )


@transaction.atomic
def case_job_add(
    *,
    case: Case,
    by,
    gender: str,
    started_on: date,
    person=None,
    count: int = 1,
    has_contract: bool = False,
    contract_kind: str = "",
    social_protection: bool = False,
    monthly_income: Decimal | None = None,
    request=None,
) -> Job:
    """Records jobs the case created: one `person` (of the mechanism), or `count` people of
    `gender` in the same conditions; decent work is computed."""
    require(by, "case.edit", case.mechanism_id)
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Say whether it is a woman or a man.")}, code="gender")
    if person is not None:
        if person.mechanism_id != case.mechanism_id:
            raise ValidationError(
                {"person": _("This person belongs to another mechanism.")}, code="person"
            )
        count = 1
    if not count or int(count) < 1:
        raise ValidationError({"count": _("At least one job.")}, code="count")
    if contract_kind and contract_kind not in ContractKind.values:
        raise ValidationError({"contract_kind": _("Unknown kind of contract.")}, code="contract")
    if not has_contract:
        contract_kind = ""
    if monthly_income is not None and Decimal(monthly_income) < 0:
        raise ValidationError({"monthly_income": _("An income cannot be negative.")}, code="income")
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("A job is recorded once it started.")})
    country = case.mechanism.country_id
    verdict = decent_work(
        country=country,
        on=started_on,
        has_contract=has_contract,
        social_protection=social_protection,
        monthly_income=monthly_income,
    )
    job = Job.objects.create(
        case=case,
        person=person,
        count=int(count),
        gender=gender,
        started_on=started_on,
        has_contract=bool(has_contract),
        contract_kind=contract_kind,
        social_protection=bool(social_protection),
        monthly_income=monthly_income,
        currency=currency_of(country),
        minimum_wage=verdict.minimum_wage,
        minimum_wage_from=verdict.minimum_wage_from,
        meets_minimum_wage=verdict.meets_minimum_wage,
        decent=verdict.decent,
        recorded_by=by,
    )
    _audit(request, by, case, AuditEntry.Action.CHANGE)
    return job


@transaction.atomic
def case_turnover_record(*, case: Case, by, year: int, amount: Decimal, request=None) -> Turnover:
    """The turnover of the initiative in `year` (recorded again: replaced)."""
    require(by, "case.edit", case.mechanism_id)
    if amount is None or Decimal(amount) < 0:
        raise ValidationError({"amount": _("A turnover cannot be negative.")}, code="amount")
    if not 1990 <= int(year) <= timezone.localdate().year:
        raise ValidationError({"year": _("Give a past or the current year.")}, code="year")
    turnover, _created = Turnover.objects.update_or_create(
        case=case,
        year=int(year),
        defaults={
            "amount": amount,
            "currency": currency_of(case.mechanism.country_id),
            "recorded_by": by,
        },
    )
    _audit(request, by, case, AuditEntry.Action.CHANGE)
    return turnover


@dataclass(frozen=True)
class JobGiven:
    """A job as `case_outcome_record` takes it (the arguments of `case_job_add`)."""

    gender: str
    started_on: date
    person: object = None
    count: int = 1
    has_contract: bool = False
    contract_kind: str = ""
    social_protection: bool = False
    monthly_income: Decimal | None = None


@transaction.atomic
def case_outcome_record(
    *,
    case: Case,
    by,
    organisation=None,
    organisation_created_on: date | None = None,
    new_organisation: dict | None = None,
    jobs: tuple[JobGiven, ...] | list[JobGiven] = (),
    turnovers: dict[int, Decimal] | None = None,
    request=None,
) -> Case:
    """Records outcomes of `case` at once: the organisation created (an actor of the
    directory, or `new_organisation`, the arguments of `case_organisation_create`), jobs
    created, turnovers by year."""
    if organisation is not None and new_organisation:
        raise ValidationError(_("Link an organisation or create one, not both."))
    if organisation is not None:
        case = case_organisation_link(
            case=case,
            actor=organisation,
            by=by,
            created_on=organisation_created_on,
            request=request,
        )
    elif new_organisation:
        case = case_organisation_create(
            case=case,
            by=by,
            created_on=organisation_created_on,
            request=request,
            **new_organisation,
        )
    for job in jobs:
        case_job_add(case=case, by=by, request=request, **job.__dict__)
    for year, amount in (turnovers or {}).items():
        case_turnover_record(case=case, by=by, year=year, amount=amount, request=request)
    require(by, "case.edit", case.mechanism_id)
    return case
