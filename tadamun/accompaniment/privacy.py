"""What the accompaniment holds about a person, for their rights (see privacy/hooks.py):
the cases that follow them (with their history, sessions, action plan, turnovers) and
the jobs they hold from any case.

Erasure blanks what identifies or describes the person (the project's name and
description, notes, next steps, who was there, the action plan's wording) and keeps what
the statistics count: stages and their dates, session dates, durations and topics, jobs
with their gender and conditions, turnovers.
"""

from django.db.models import Q

from tadamun.accompaniment.models import Action, Case, Job, Session, StageChange

ERASED_TITLE = "—"


def _user(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _job(job: Job) -> dict:
    return {
        "case": job.case_id,
        "count": job.count,
        "gender": job.gender,
        "started_on": job.started_on,
        "has_contract": job.has_contract,
        "contract_kind": job.contract_kind,
        "social_protection": job.social_protection,
        "monthly_income": str(job.monthly_income) if job.monthly_income is not None else None,
        "currency": job.currency,
        "minimum_wage": str(job.minimum_wage) if job.minimum_wage is not None else None,
        "meets_minimum_wage": job.meets_minimum_wage,
        "decent_work": job.decent,
    }


def cases_about(person) -> dict:
    cases = (
        Case.objects.filter(person=person)
        .select_related("advisor", "organisation")
        .prefetch_related("stage_changes__by", "sessions", "actions", "turnovers", "jobs")
        .order_by("opened_at", "pk")
    )
    return {
        "cases": [
            {
                "id": case.pk,
                "title": case.title,
                "description": case.description,
                "stage": case.stage,
                "stage_label": str(case.get_stage_display()),
                "closed_reason": case.closed_reason,
                "advisor": _user(case.advisor),
                "opened_at": case.opened_at,
                "closed_at": case.closed_at,
                "organisation_created": str(case.organisation) if case.organisation else None,
                "organisation_created_on": case.organisation_created_on,
                "history": [
                    {
                        "at": change.at,
                        "by": _user(change.by),
                        "from": change.from_stage,
                        "to": change.to_stage,
                        "note": change.note,
                    }
                    for change in case.stage_changes.all()
                ],
                "sessions": [
                    {
                        "date": session.date,
                        "duration_minutes": session.duration_minutes,
                        "topic": session.topic,
                        "notes": session.notes,
                        "next_steps": session.next_steps,
                        "attendees": session.attendees,
                    }
                    for session in case.sessions.all()
                ],
                "actions": [
                    {
                        "description": action.description,
                        "owner": action.owner,
                        "due_on": action.due_on,
                        "done_at": action.done_at,
                    }
                    for action in case.actions.all()
                ],
                "turnovers": [
                    {"year": t.year, "amount": str(t.amount), "currency": t.currency}
                    for t in case.turnovers.all()
                ],
            }
            for case in cases
        ],
        "jobs": [_job(job) for job in Job.objects.filter(person=person).order_by("pk")],
        "accesses": _accesses([case.pk for case in cases]),
    }


def _accesses(case_ids: list[int]) -> list[dict]:
    """Who of the staff viewed or changed the person's cases, when (not from where)."""
    from tadamun.audit.models import AuditEntry

    if not case_ids:
        return []
    entries = AuditEntry.objects.filter(
        object_type=Case._meta.label_lower, object_id__in=[str(pk) for pk in case_ids]
    ).select_related("user")
    return [
        {
            "at": entry.at,
            "who": _user(entry.user),
            "action": entry.action,
            "case": int(entry.object_id),
        }
        for entry in entries.order_by("at", "pk")
    ]


def cases_erase(person) -> None:
    """Runs inside the person's erasure (documents of their cases are deleted by it)."""
    cases = Case.objects.filter(person=person)
    Session.objects.filter(case__in=cases).update(notes="", next_steps="", attendees="")
    Action.objects.filter(case__in=cases).update(description=ERASED_TITLE)
    StageChange.objects.filter(case__in=cases).exclude(Q(note="")).update(note="")
    cases.update(title=ERASED_TITLE, description="")
