"""The database itself guards the audit trail (see tadamun/audit/guard.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from tadamun.audit.guard import guard_install

    guard_install(schema_editor.connection)


def backwards(apps, schema_editor):
    from tadamun.audit.guard import guard_remove

    guard_remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
