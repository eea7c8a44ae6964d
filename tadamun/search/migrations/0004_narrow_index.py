from django.db import migrations

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
SQLITE_AFTER = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        names, body, codes,
        content='search_searchdocument', content_rowid='actor_id',
        tokenize='unicode61 remove_diacritics 0',
        prefix='2 3 4'
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
# PostgreSQL: the tsvectors live in a narrow table of their own, so that a search reads
# only them (the documents' text stays in search_searchdocument); triggers keep it in step,
# TRUNCATE included.
POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]
POSTGRES_AFTER = [
    """
    CREATE TABLE search_index (
        actor_id bigint PRIMARY KEY,
        tsv tsvector NOT NULL
    ) WITH (fillfactor = 100)
    """,
    """
    CREATE FUNCTION search_document_tsv(names text, body text, codes text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
        SELECT setweight(to_tsvector('simple', names), 'A')
            || setweight(to_tsvector('simple', body), 'C')
            || setweight(to_tsvector('simple', codes), 'D')
    $$
    """,
    """
    CREATE FUNCTION search_index_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_index WHERE actor_id = OLD.actor_id;
            RETURN OLD;
        END IF;
        INSERT INTO search_index (actor_id, tsv)
        VALUES (NEW.actor_id, search_document_tsv(NEW.names, NEW.body, NEW.codes))
        ON CONFLICT (actor_id) DO UPDATE SET tsv = EXCLUDED.tsv;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION search_index_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_index;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER search_index_sync AFTER INSERT OR UPDATE OR DELETE
    ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_index_sync()
    """,
    """
    CREATE TRIGGER search_index_truncate AFTER TRUNCATE
    ON search_searchdocument FOR EACH STATEMENT EXECUTE FUNCTION search_index_truncate()
    """,
    """
    INSERT INTO search_index (actor_id, tsv)
    SELECT actor_id, search_document_tsv(names, body, codes) FROM search_searchdocument
    """,
    "CREATE INDEX search_index_tsv ON search_index USING gin (tsv)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    """The document loses its keywords field (concepts are codes now), and PostgreSQL gets
    a narrow index table. Run `tadamun search --reindex` after it."""

    dependencies = [("search", "0003_phonetic_variants")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            migrations.RunPython.noop,
        ),
        migrations.RemoveField(model_name="searchdocument", name="keywords"),
        migrations.RunPython(
            _run({"sqlite": SQLITE_AFTER, "postgresql": POSTGRES_AFTER}),
            migrations.RunPython.noop,
        ),
    ]
