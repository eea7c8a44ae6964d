from django.db import migrations

# PostgreSQL: the narrow index table followed its documents row by row (a PL/pgSQL call and
# an INSERT for every document: a third of a million-row import's time on PostgreSQL).
# Triggers per statement now move the rows a statement wrote all at once, from its
# transition tables (one trigger per event: PostgreSQL gives transition tables to
# triggers of one event only). TRUNCATE keeps its trigger of 0004.
POSTGRES = [
    "DROP TRIGGER IF EXISTS search_index_sync ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_index_sync()",
    """
    CREATE FUNCTION search_index_written() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_index (actor_id, tsv)
        SELECT actor_id, search_document_tsv(names, body, codes) FROM written_documents
        ON CONFLICT (actor_id) DO UPDATE SET tsv = EXCLUDED.tsv;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION search_index_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_index WHERE actor_id IN (SELECT actor_id FROM deleted_documents);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER search_index_inserted AFTER INSERT ON search_searchdocument
    REFERENCING NEW TABLE AS written_documents
    FOR EACH STATEMENT EXECUTE FUNCTION search_index_written()
    """,
    """
    CREATE TRIGGER search_index_updated AFTER UPDATE ON search_searchdocument
    REFERENCING NEW TABLE AS written_documents
    FOR EACH STATEMENT EXECUTE FUNCTION search_index_written()
    """,
    """
    CREATE TRIGGER search_index_deleted AFTER DELETE ON search_searchdocument
    REFERENCING OLD TABLE AS deleted_documents
    FOR EACH STATEMENT EXECUTE FUNCTION search_index_deleted()
    """,
]
POSTGRES_BACK = [
    "DROP TRIGGER IF EXISTS search_index_inserted ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_index_updated ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_index_deleted ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_index_written()",
    "DROP FUNCTION IF EXISTS search_index_deleted()",
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
    CREATE TRIGGER search_index_sync AFTER INSERT OR UPDATE OR DELETE
    ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_index_sync()
    """,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_postings_only")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_BACK))]
