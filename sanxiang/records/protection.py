"""Database triggers that make the log tables append-only (migration 0002).

They refuse UPDATE and DELETE row by row and, on PostgreSQL, TRUNCATE of a table that holds rows (an empty
table may be truncated, so that Django's test flush still works). ``LogHead`` stays updatable: it is the lock
and the running root, and verification does not trust it.

The pending table of the batch sequencer (``PendingEvent``, migration 0004) has its own guard: UPDATE and
TRUNCATE of rows are refused, DELETE only inside the sequencer's transaction, which sets the transaction-local
setting ``sanxiang.sequencer`` to ``integrate`` in the statement that reads the batch (``services.py``).

Whoever holds DDL rights on the database can drop the triggers; that is what :func:`suspended` does for tests
and for the tamper tests. What catches such a person is verification against checkpoints kept outside.
"""

from __future__ import annotations

from contextlib import contextmanager

PROTECTED_TABLES = ("records_event", "records_personalcommitmentsalt", "records_checkpoint")
MESSAGE = "record log is append-only"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION sanxiang_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    has_rows boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO has_rows;
        IF NOT has_rows THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$;
"""


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = [POSTGRES_FUNCTION]
        for table in PROTECTED_TABLES:
            statements += [
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION sanxiang_log_refuse();",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION sanxiang_log_refuse();",
            ]
        return statements
    if vendor == "sqlite":
        statements = []
        for table in PROTECTED_TABLES:
            for op in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} on {table} refused'); END;"
                )
        return statements
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = []
        for table in PROTECTED_TABLES:
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
            ]
        return statements + ["DROP FUNCTION IF EXISTS sanxiang_log_refuse();"]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{op} ;"
        for table in PROTECTED_TABLES
        for op in ("update", "delete")
    ]


PENDING_TABLE = "records_pendingevent"
SEQUENCER_SETTING = "sanxiang.sequencer"

POSTGRES_PENDING_FUNCTION = f"""
CREATE OR REPLACE FUNCTION sanxiang_pending_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('{SEQUENCER_SETTING}', true) = 'integrate' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM {PENDING_TABLE}) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: % on % refused (only the sequencer removes pending events)', TG_OP, TG_TABLE_NAME;
END
$$;
"""


def pending_create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            POSTGRES_PENDING_FUNCTION,
            f"CREATE TRIGGER {PENDING_TABLE}_guard BEFORE UPDATE OR DELETE OR TRUNCATE ON {PENDING_TABLE} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION sanxiang_pending_guard();",
        ]
    if vendor == "sqlite":  # SQLite numbers inline and never writes the table; refuse changes all the same
        return [
            f"CREATE TRIGGER {PENDING_TABLE}_no_{op.lower()} BEFORE {op} ON {PENDING_TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} on {PENDING_TABLE} refused'); END;"
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def pending_drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {PENDING_TABLE}_guard ON {PENDING_TABLE};",
            "DROP FUNCTION IF EXISTS sanxiang_pending_guard();",
        ]
    return [f"DROP TRIGGER IF EXISTS {PENDING_TABLE}_no_{op} ;" for op in ("update", "delete")]


def install_pending(connection) -> None:
    with connection.cursor() as cursor:
        for statement in pending_create_sql(connection.vendor):
            cursor.execute(statement)


def remove_pending(connection) -> None:
    with connection.cursor() as cursor:
        for statement in pending_drop_sql(connection.vendor):
            cursor.execute(statement)


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in create_sql(connection.vendor):
            cursor.execute(statement)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in drop_sql(connection.vendor):
            cursor.execute(statement)


@contextmanager
def suspended(connection):
    """Drop the triggers for the duration of the block, then put them back. Tests and tamper drills only."""
    remove(connection)
    remove_pending(connection)
    try:
        yield
    finally:
        install(connection)
        install_pending(connection)
