import importlib

import django.db.models.deletion
from django.db import migrations, models

# On SQLite, changing the field rebuilds the documents' table, and the triggers that keep
# the FTS5 index in step go with the old one: they are made again (with the index, from
# the documents) by the statements of 0006, after the field changes either way.
POSTINGS_ONLY = importlib.import_module("tadamun.search.migrations.0006_postings_only")


def _triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in POSTINGS_ONLY.SQLITE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_derived_without_constraints"),
        ("search", "0006_postings_only"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _triggers),
        migrations.AlterField(
            model_name="searchdocument",
            name="actor",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="search_document",
                serialize=False,
                to="directory.actor",
            ),
        ),
        migrations.RunPython(_triggers, migrations.RunPython.noop),
    ]
