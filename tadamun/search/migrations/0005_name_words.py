from django.db import migrations, models

# On SQLite, adding a column remakes the table, and its triggers go with it: the triggers
# that keep the FTS5 index in step are made again (the index itself is untouched).
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, names, body, codes)
        VALUES (new.actor_id, new.names, new.body, new.codes);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, names, body, codes)
        VALUES ('delete', old.actor_id, old.names, old.body, old.codes);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, names, body, codes)
        VALUES ('delete', old.actor_id, old.names, old.body, old.codes);
        INSERT INTO search_fts(rowid, names, body, codes)
        VALUES (new.actor_id, new.names, new.body, new.codes);
    END
    """,
]


def _triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_narrow_index")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="name_words",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(_triggers, migrations.RunPython.noop),
    ]
