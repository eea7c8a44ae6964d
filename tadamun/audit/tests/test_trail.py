"""The audit trail cannot be altered by the application, nor in the database; coordinators
read their own mechanism's trail, and no one else's."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tadamun.audit.guard import guard_install
from tadamun.audit.models import AuditEntry
from tadamun.audit.services import audit_purge_expired, audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _guard():
    guard_install(connection)


def _entry(user, mechanism, **kwargs):
    return audit_record(request=None, user=user, mechanism=mechanism, action="view", obj=mechanism)


def test_an_entry_cannot_be_changed_or_deleted_through_the_model(yousra, nador):
    entry = _entry(yousra, nador)
    entry.action = "delete"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(action="delete")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_to_change_or_delete_an_entry(yousra, nador):
    entry = _entry(yousra, nador)
    table = AuditEntry._meta.db_table
    for statement in (
        f"UPDATE {table} SET action = 'delete' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "view"


def test_entries_past_their_retention_are_purged_and_only_those(yousra, nador):
    old = AuditEntry.objects.create(
        user=yousra,
        mechanism=nador,
        action="view",
        object_type="x",
        object_id="1",
        at=timezone.now() - timedelta(days=2000),
    )
    recent = _entry(yousra, nador)
    assert audit_purge_expired() == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()


def test_coordinators_read_their_own_trail_only(client, yousra, karim, nador, le_kef, log_in):
    _entry(yousra, nador)
    _entry(karim, le_kef)
    log_in(client, karim)
    page = client.get("/en/staff/audit/").content.decode()
    assert "Le Kef" in page and "Nador" not in page
    log_in(client, yousra)
    assert client.get("/en/staff/audit/").status_code == 200


def test_advisors_cannot_read_the_trail(client, amina, log_in):
    log_in(client, amina)
    assert client.get("/en/staff/audit/").status_code == 404
