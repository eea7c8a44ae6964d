"""The database's guard of the audit trail: triggers that refuse to change an entry, or
to delete one younger than the retention period, whatever code or console asks.

Installed by migration 0002. Tests that empty the whole database between tests (browser
tests) remove it before that and put it back after (see the root conftest.py).
"""

from tadamun.audit.models import RETENTION_DAYS

TABLE = "audit_auditentry"

_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_early_delete BEFORE DELETE ON {TABLE}
    WHEN OLD.at >= strftime('%Y-%m-%d %H:%M:%f', 'now', '-{RETENTION_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'audit entries are kept {RETENTION_DAYS} days'); END""",
]
_SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_early_delete",
]
_POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION audit_entry_guard() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit entries cannot be changed';
        END IF;
        IF TG_OP = 'TRUNCATE' OR OLD.at >= now() - interval '{RETENTION_DAYS} days' THEN
            RAISE EXCEPTION 'audit entries are kept {RETENTION_DAYS} days';
        END IF;
        RETURN OLD;
    END $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS audit_entry_guard ON {TABLE}",
    f"""CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()""",
    # TRUNCATE skips row triggers: refused as a whole.
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard()""",
]
_POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_entry_guard ON {TABLE}",
]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def guard_install(connection) -> None:
    _run(connection, _POSTGRESQL if connection.vendor == "postgresql" else _SQLITE)


def guard_remove(connection) -> None:
    _run(connection, _POSTGRESQL_REMOVE if connection.vendor == "postgresql" else _SQLITE_REMOVE)
