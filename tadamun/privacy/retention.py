"""Keeping personal data no longer than the register of processing says (`tadamun
retention`, daily).

Every retention rule of `register.toml` has its step here (`STEPS`; a test holds them
together), and each reads its period from the register. People past retention are first
announced to the coordinators of their mechanism (how many, and when; never who), then
anonymised once the notice is `notice_days` old if they are still past it. A dry run
counts what would be done and changes nothing.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tadamun.accounts.models import Invitation, LoginFailure, PlatformRole, Role, SessionRecord
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_purge_expired
from tadamun.imports.models import ImportJob
from tadamun.mechanisms.models import Mechanism
from tadamun.people.models import Consent, Person, Purpose
from tadamun.privacy.register import Rule, register_load, retention_rule
from tadamun.privacy.services import person_erase

logger = logging.getLogger(__name__)

DB_SESSION_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


@dataclass
class RetentionReport:
    dry_run: bool
    now: datetime
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "at": self.now.isoformat(), **self.counts}


# -- People ----------------------------------------------------------------------------


def _people_rules() -> tuple[Rule, Rule]:
    return retention_rule("people.Person", "inactive"), retention_rule(
        "people.Person", "consent_withdrawn"
    )


def people_past_retention(now: datetime):
    """Identified people whose record is past its retention: no work with them for the
    period, or their consent to the accompaniment withdrawn for the period (and none
    given again since)."""
    inactive, withdrawn = _people_rules()
    accompaniment = Consent.objects.filter(person=OuterRef("pk"), purpose=Purpose.ACCOMPANIMENT)
    cutoff = now - withdrawn.period
    was_withdrawn = Exists(accompaniment.filter(withdrawn_at__isnull=False))
    still_holds = Exists(
        accompaniment.filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=cutoff))
    )
    return Person.objects.identified().filter(
        Q(last_activity_at__lt=now - inactive.period) | (was_withdrawn & ~still_holds)
    )


def _notice_period() -> timedelta:
    return timedelta(days=max(rule.notice_days for rule in _people_rules()))


def _recipients(mechanism: Mechanism) -> list[str]:
    """The coordinators of the mechanism; the platform's administrators if it has none."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    coordinators = users.filter(
        memberships__mechanism=mechanism, memberships__role=Role.COORDINATOR
    )
    chosen = (
        coordinators
        if coordinators.exists()
        else users.filter(account__platform_role=PlatformRole.ADMINISTRATOR)
    )
    return sorted(set(chosen.values_list("email", flat=True)))


def retention_notice_send(*, mechanism: Mechanism, count: int, on: datetime) -> bool:
    """Tells the mechanism's coordinators that `count` records will be anonymised `on`
    that day. Says how many and when, never who: e-mail is not a safe place for names."""
    to = _recipients(mechanism)
    if not to:
        logger.warning("No one to tell about retention in mechanism %s", mechanism.pk)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"mechanism": mechanism, "count": count, "on": on}
        subject = _("Tadamun: %(count)d records of %(mechanism)s will be anonymised") % {
            "count": count,
            "mechanism": mechanism.name,
        }
        body = render_to_string("privacy/retention_notice.txt", context)
    send_mail(subject, body, None, to, fail_silently=False)
    return True


def _people_anonymise(report: RetentionReport) -> None:
    due = people_past_retention(report.now).filter(
        retention_notified_at__lte=report.now - _notice_period()
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    if not report.dry_run:
        for person in Person.objects.filter(pk__in=ids):
            person_erase(person=person, by=None)
    report.counts["people_anonymised"] = len(ids)


def _people_notices_withdraw(report: RetentionReport) -> None:
    """A record worked with again since its notice is no longer due."""
    past = people_past_retention(report.now).values("pk")
    stale = Person.objects.identified().filter(retention_notified_at__isnull=False)
    stale = stale.exclude(pk__in=past)
    report.counts["people_notices_withdrawn"] = (
        stale.count() if report.dry_run else stale.update(retention_notified_at=None)
    )


def _people_notify(report: RetentionReport) -> None:
    new = people_past_retention(report.now).filter(retention_notified_at__isnull=True)
    per_mechanism: dict[int, list[int]] = {}
    for pk, mechanism_id in new.order_by("pk").values_list("pk", "mechanism_id"):
        per_mechanism.setdefault(mechanism_id, []).append(pk)
    on = report.now + _notice_period()
    notified = 0
    for mechanism in Mechanism.objects.filter(pk__in=per_mechanism):
        ids = per_mechanism[mechanism.pk]
        if not report.dry_run:
            with transaction.atomic():
                retention_notice_send(mechanism=mechanism, count=len(ids), on=on)
                Person.objects.filter(pk__in=ids).update(retention_notified_at=report.now)
        notified += len(ids)
    report.counts["people_notified"] = notified
    report.counts["mechanisms_notified"] = len(per_mechanism)


def _people(report: RetentionReport) -> None:
    # Anonymise first the notices that ran out, then withdraw those no longer due, then
    # announce the new ones (a record is never announced and anonymised the same day).
    _people_anonymise(report)
    _people_notices_withdraw(report)
    _people_notify(report)


# -- Accounts, sessions, imports, audit ------------------------------------------------


def _delete(report: RetentionReport, name: str, queryset) -> None:
    """Deletes the rows of `queryset` (counts them in a dry run); the count is the rows of
    its own model, whatever a deletion cascades to."""
    if report.dry_run:
        report.counts[name] = queryset.count()
        return
    _total, per_model = queryset.delete()
    report.counts[name] = per_model.get(queryset.model._meta.label, 0)


def _before(rule: Rule, now: datetime) -> Q:
    return Q(**{f"{rule.start}__lt": now - rule.period})


def _login_failures(report: RetentionReport) -> None:
    rule = retention_rule("accounts.LoginFailure", "old")
    _delete(
        report, "login_failures_deleted", LoginFailure.objects.filter(_before(rule, report.now))
    )


def _sessions(report: RetentionReport) -> None:
    if not apps.is_installed("django.contrib.sessions") or (
        settings.SESSION_ENGINE not in DB_SESSION_ENGINES
    ):
        report.counts["sessions_deleted"] = 0
        return
    from django.contrib.sessions.models import Session

    rule = retention_rule("sessions.Session", "expired")
    _delete(report, "sessions_deleted", Session.objects.filter(_before(rule, report.now)))


def _session_gone(session_key: str) -> bool:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    return not store().exists(session_key)


def _session_records(report: RetentionReport) -> None:
    rule = retention_rule("accounts.SessionRecord", "session_gone")
    records = SessionRecord.objects.filter(_before(rule, report.now))
    if settings.SESSION_ENGINE in DB_SESSION_ENGINES:
        from django.contrib.sessions.models import Session

        live = Session.objects.filter(expire_date__gt=report.now).values("session_key")
        gone = records.exclude(session_key__in=live)
    else:
        keys = [key for key in records.values_list("session_key", flat=True) if _session_gone(key)]
        gone = records.filter(session_key__in=keys)
    _delete(report, "session_records_deleted", gone)


def _invitations(report: RetentionReport) -> None:
    rule = retention_rule("accounts.Invitation", "spent")
    _delete(report, "invitations_deleted", Invitation.objects.filter(_before(rule, report.now)))


def _empty(model_field: models.Field):
    if isinstance(model_field, models.BinaryField):
        return b""
    if isinstance(model_field, models.JSONField):
        return model_field.get_default()
    return ""


def _import_jobs(report: RetentionReport) -> None:
    rule = retention_rule("imports.ImportJob", "uploaded")
    jobs = (
        ImportJob.objects.filter(_before(rule, report.now))
        .exclude(status__in=ImportJob.WORKING)
        .filter(cleared_at__isnull=True)
    )
    values = {name: _empty(ImportJob._meta.get_field(name)) for name in rule.clear}
    values["cleared_at"] = report.now
    report.counts["import_files_cleared"] = (
        jobs.count() if report.dry_run else jobs.update(**values)
    )


def _unrouted_requests(report: RetentionReport) -> None:
    # Requests no mechanism took: their sender's contacts are kept apart from any person's
    # record, so they go whole once the period has passed.
    if not apps.is_installed("tadamun.desk"):
        report.counts["unrouted_requests_deleted"] = 0
        return
    from tadamun.desk.models import Request

    rule = retention_rule("desk.Request", "unrouted")
    requests = Request.objects.filter(mechanism__isnull=True).filter(_before(rule, report.now))
    _delete(report, "unrouted_requests_deleted", requests)


def _audit(report: RetentionReport) -> None:
    # The period is the audit app's own (the database's guard is built with it); a test
    # holds it equal to the register's.
    report.counts["audit_entries_purged"] = (
        AuditEntry.objects.expired().count() if report.dry_run else audit_purge_expired()
    )


def _admin_history(report: RetentionReport) -> None:
    if not apps.is_installed("django.contrib.admin"):
        report.counts["admin_history_deleted"] = 0
        return
    from django.contrib.admin.models import LogEntry

    rule = retention_rule("admin.LogEntry", "old")
    _delete(report, "admin_history_deleted", LogEntry.objects.filter(_before(rule, report.now)))


# (step, the register's rules it applies), in the order they run: sessions before the
# records of sessions, so that both go in one run.
STEPS: list[tuple[Callable[[RetentionReport], None], list[tuple[str, str]]]] = [
    (_people, [("people.Person", "inactive"), ("people.Person", "consent_withdrawn")]),
    (_login_failures, [("accounts.LoginFailure", "old")]),
    (_sessions, [("sessions.Session", "expired")]),
    (_session_records, [("accounts.SessionRecord", "session_gone")]),
    (_invitations, [("accounts.Invitation", "spent")]),
    (_import_jobs, [("imports.ImportJob", "uploaded")]),
    (_unrouted_requests, [("desk.Request", "unrouted")]),
    (_audit, [("audit.AuditEntry", "expired")]),
    (_admin_history, [("admin.LogEntry", "old")]),
]


def retention_apply(*, dry_run: bool = False, now: datetime | None = None) -> RetentionReport:
    """Applies every retention rule of the register (or counts what it would do)."""
    register_load()  # a broken register stops everything before anything is changed
    report = RetentionReport(dry_run=dry_run, now=now or timezone.now())
    for step, _rules in STEPS:
        step(report)
    return report
