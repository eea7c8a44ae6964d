from django.db import migrations

# The search matches tokens, never phrases, and codes cannot be mistaken for words: the
# engines need no positions nor columns. FTS5 keeps postings only (detail=none), and
# PostgreSQL tsvectors lose their positions and weights (strip), which makes both indexes
# smaller and their AND much faster.
SQLITE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        names, body, codes,
        content='search_searchdocument', content_rowid='actor_id',
        tokenize='unicode61 remove_diacritics 0',
        prefix='2 3 4',
        detail=none
    )
    """,
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
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
POSTGRES = [
    "DROP INDEX IF EXISTS search_index_tsv",
    """
    CREATE OR REPLACE FUNCTION search_document_tsv(names text, body text, codes text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
        SELECT strip(to_tsvector('simple', names || ' ' || body || ' ' || codes))
    $$
    """,
    """
    UPDATE search_index AS i SET tsv = search_document_tsv(d.names, d.body, d.codes)
    FROM search_searchdocument AS d WHERE d.actor_id = i.actor_id
    """,
    "CREATE INDEX search_index_tsv ON search_index USING gin (tsv)",
]


def _run(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_name_words")]

    operations = [migrations.RunPython(_run, migrations.RunPython.noop)]
