"""`tadamun retention`: people past retention are announced to their coordinators (over
real SMTP, without a name), then anonymised; old failed logins, ended sessions, spent
invitations, old imported files and audit entries go; a dry run changes nothing."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone

from tadamun.accounts.models import Invitation, LoginFailure, Role, SessionRecord
from tadamun.audit.models import AuditEntry
from tadamun.imports.models import ImportJob
from tadamun.people.models import Consent, Person
from tadamun.privacy.retention import retention_apply
from tadamun.privacy.tests.helpers import days_ago


@pytest.fixture
def inactive(make_person, nador):
    """A Nador beneficiary nobody has worked with for 4 years."""
    return make_person(
        nador,
        "Naima El Ghazouani",
        phone="+212662000111",
        email="naima@example.ma",
        gender=Person.Gender.WOMAN,
        birth_year=1980,
        documents=1,
        last_activity_at=days_ago(4 * 365),
    )


def _run(*args) -> dict:
    out = StringIO()
    call_command("retention", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


# -- People ------------------------------------------------------------------------------


def test_people_past_retention_are_announced_to_the_coordinators_by_real_smtp_without_names(
    smtp_server, inactive, yousra, amina, karim, make_person, nador
):
    make_person(nador, "Recent Person")  # worked with today: not announced
    counts = _run()

    assert counts["people_notified"] == 1
    assert counts["mechanisms_notified"] == 1
    assert counts["people_anonymised"] == 0
    [(recipients, message)] = smtp_server.mails
    assert recipients == ["yousra@example.org"]  # the coordinator; not the advisor
    text = f"{message['Subject']}\n{message.get_content()}"
    assert "Nador" in text
    assert "1" in message["Subject"]
    for identifying in ("Naima", "Ghazouani", "662000111", "naima@example.ma", "Recent"):
        assert identifying not in text
    inactive.refresh_from_db()
    assert inactive.retention_notified_at is not None
    assert inactive.anonymised_at is None


def test_a_record_is_announced_once(smtp_server, inactive, yousra):
    _run()
    counts = _run()
    assert counts["people_notified"] == 0
    assert len(smtp_server.messages) == 1


def test_a_record_is_anonymised_once_its_notice_is_older_than_30_days(
    smtp_server, inactive, yousra, private_files, django_capture_on_commit_callbacks
):
    Person.objects.filter(pk=inactive.pk).update(retention_notified_at=days_ago(31))
    with django_capture_on_commit_callbacks(execute=True):
        counts = _run()

    assert counts["people_anonymised"] == 1
    person = Person.objects.get(pk=inactive.pk)
    assert person.anonymised_at is not None
    assert (person.full_name, person.phone, person.email) == ("", "", "")
    assert (person.gender, person.birth_year) == ("woman", 1980)
    assert list(private_files.iterdir()) == []
    entry = AuditEntry.objects.get(action="anonymise", object_type="people.person")
    assert entry.user is None
    assert smtp_server.messages == []  # anonymised, not announced again


def test_a_notice_younger_than_30_days_is_waited_for(inactive, yousra):
    Person.objects.filter(pk=inactive.pk).update(retention_notified_at=days_ago(29))
    assert _run()["people_anonymised"] == 0
    assert Person.objects.get(pk=inactive.pk).anonymised_at is None


def test_a_record_worked_with_again_after_its_notice_is_kept(inactive, yousra):
    Person.objects.filter(pk=inactive.pk).update(
        retention_notified_at=days_ago(40), last_activity_at=timezone.now()
    )
    counts = _run()
    assert counts["people_anonymised"] == 0
    assert counts["people_notices_withdrawn"] == 1
    person = Person.objects.get(pk=inactive.pk)
    assert person.anonymised_at is None and person.retention_notified_at is None


def test_a_withdrawn_consent_to_the_accompaniment_counts_after_30_days(
    make_person, nador, yousra, mailoutbox
):
    recent = make_person(nador, "Withdrew Recently")
    old = make_person(nador, "Withdrew Long Ago")
    again = make_person(nador, "Withdrew Then Agreed Again")
    Consent.objects.filter(person=recent).update(withdrawn_at=days_ago(10))
    Consent.objects.filter(person__in=[old, again]).update(withdrawn_at=days_ago(45))
    consent = Consent.objects.get(person=again)
    consent.pk = None
    consent.withdrawn_at = None
    consent.save()

    counts = _run()

    assert counts["people_notified"] == 1
    assert set(Person.objects.filter(retention_notified_at__isnull=False)) == {old}
    assert len(mailoutbox) == 1
    assert "Withdrew" not in mailoutbox[0].body


def test_a_mechanism_without_coordinator_is_announced_to_the_administrators(
    make_person, le_kef, nadia, sami, mailoutbox
):
    make_person(le_kef, "Hedi Trabelsi", place="TN-33-LEKEF", last_activity_at=days_ago(2000))
    _run()
    assert [message.to for message in mailoutbox] == [["nadia@example.org"]]


def test_anonymised_records_are_not_announced_again(inactive, yousra, mailoutbox):
    from tadamun.privacy.services import person_erase

    person_erase(person=inactive, by=yousra)
    assert _run()["people_notified"] == 0
    assert mailoutbox == []


# -- Accounts, sessions, imports, audit ----------------------------------------------------


def test_old_failed_logins_are_deleted(db):
    old = LoginFailure.objects.create(at=days_ago(31), who="x" * 64, ip="192.0.2.1")
    recent = LoginFailure.objects.create(at=days_ago(1), who="y" * 64, ip="192.0.2.2")
    assert _run()["login_failures_deleted"] == 1
    assert list(LoginFailure.objects.all()) == [recent]
    assert not LoginFailure.objects.filter(pk=old.pk).exists()


def test_records_of_ended_sessions_are_deleted(yousra):
    live = SessionStore()
    live["x"] = 1
    live.create()
    ended = SessionStore()
    ended.create()
    ended.delete()
    SessionRecord.objects.create(user=yousra, session_key=live.session_key)
    SessionRecord.objects.create(user=yousra, session_key=ended.session_key)
    SessionRecord.objects.create(user=yousra, session_key="never-existed")

    assert _run()["session_records_deleted"] == 2
    assert list(SessionRecord.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_expired_sessions_are_deleted(db):
    from django.contrib.sessions.models import Session

    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=days_ago(1))
    assert _run()["sessions_deleted"] == 1
    assert not Session.objects.exists()


def test_spent_and_expired_invitations_are_deleted_after_90_days(nador, yousra):
    def invite(email, expired_days_ago, accepted=False):
        return Invitation.objects.create(
            email=email,
            mechanism=nador,
            role=Role.ADVISOR,
            token_hash=email.ljust(64, "0")[:64],
            invited_by=yousra,
            expires_at=days_ago(expired_days_ago),
            accepted_at=days_ago(expired_days_ago + 3) if accepted else None,
        )

    invite("old-unused@example.org", 91)
    invite("old-used@example.org", 100, accepted=True)
    kept = invite("recently-expired@example.org", 30)
    usable = invite("usable@example.org", -5)

    assert _run()["invitations_deleted"] == 2
    assert set(Invitation.objects.all()) == {kept, usable}


def test_imported_files_are_cleared_after_180_days_and_their_counts_kept(salma):
    def job(days, status=ImportJob.Status.DONE):
        made = ImportJob.objects.create(
            user=salma,
            source="partners",
            file_name="partners.csv",
            data=b"name,phone\nCoop Al Amal,+212661000000\n",
            file_size=40,
            encoding="utf-8",
            sample=[["Coop Al Amal", "+212661000000"]],
            rejections=[{"line": 2, "cells": ["x"], "column": "phone", "reason": "?"}],
            status=status,
            rows=1,
            created=1,
        )
        ImportJob.objects.filter(pk=made.pk).update(created_at=days_ago(days))
        return made

    old, recent = job(181), job(10)
    working = job(200, status=ImportJob.Status.RUNNING)

    assert _run()["import_files_cleared"] == 1
    old.refresh_from_db()
    assert (old.file_bytes(), old.sample, old.rejections) == (b"", [], [])
    assert (old.rows, old.created, old.file_name) == (1, 1, "partners.csv")
    for other in (recent, working):
        other.refresh_from_db()
        assert other.file_bytes()
    assert _run()["import_files_cleared"] == 0  # nothing left to clear


def test_audit_entries_past_their_retention_are_purged(nador, fatima):
    AuditEntry.objects.create(
        at=days_ago(1830), mechanism=nador, action="view", object_type="x", object_id="1"
    )
    before = AuditEntry.objects.count()
    assert _run()["audit_entries_purged"] == 1
    assert AuditEntry.objects.count() == before - 1


# -- Dry run ---------------------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _snapshot(private_files) -> tuple:
    return (
        _row_counts(),
        sorted(p.name for p in private_files.iterdir()),
        list(Person.objects.order_by("pk").values_list("full_name", "retention_notified_at")),
        list(ImportJob.objects.values_list("data", flat=True)),
    )


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(
    inactive, make_person, nador, yousra, salma, private_files, mailoutbox
):
    notified = make_person(nador, "Already Notified", documents=1, last_activity_at=days_ago(1200))
    Person.objects.filter(pk=notified.pk).update(retention_notified_at=days_ago(45))
    LoginFailure.objects.create(at=days_ago(100), who="z" * 64)
    SessionRecord.objects.create(user=yousra, session_key="gone")
    AuditEntry.objects.create(
        at=days_ago(1900), mechanism=nador, action="view", object_type="x", object_id="1"
    )
    job = ImportJob.objects.create(
        user=salma, source="s", file_name="f.csv", data=b"a,b\n", encoding="utf-8"
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=days_ago(400))
    before = _snapshot(private_files)

    counts = _run("--dry-run")

    assert counts["dry_run"] is True
    assert counts["people_notified"] == 1
    assert counts["people_anonymised"] == 1
    assert counts["login_failures_deleted"] == 1
    assert counts["session_records_deleted"] == 1
    assert counts["audit_entries_purged"] == 1
    assert counts["import_files_cleared"] == 1
    assert _snapshot(private_files) == before
    assert mailoutbox == []

    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Dry run: nothing was changed" in out.getvalue()
    assert _snapshot(private_files) == before


def test_the_command_applies_the_periods_of_the_register(inactive, yousra, monkeypatch):
    # With a register that keeps records 5 years, a 4-year-old record is not due yet.
    from tadamun.privacy import register as register_module

    text = register_module.PATH.read_text(encoding="utf-8")
    assert "days = 1095" in text
    longer = register_module.register_parse(text.replace("days = 1095", "days = 1826", 1))
    monkeypatch.setattr(register_module, "register_load", lambda: longer)
    assert retention_apply(dry_run=True).counts["people_notified"] == 0
    monkeypatch.undo()
    assert retention_apply(dry_run=True).counts["people_notified"] == 1
