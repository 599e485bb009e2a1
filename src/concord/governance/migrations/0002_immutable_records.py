"""The database refuses an UPDATE of decisions, agreements, commitments and proposal transitions.

They are varied only by a new agreed decision whose agreement supersedes the old one. A trigger
per table on PostgreSQL and SQLite; other databases rely on the models' own refusal. SQLite rebuilds a table when a later
migration alters it, dropping its trigger: such a migration must create the trigger again.
"""

from django.db import migrations

TABLES = (
    "governance_decision",
    "governance_agreement",
    "governance_commitment",
    "governance_transition",
)
MESSAGE = "agreed decisions are immutable: supersede them by a new agreed decision"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION governance_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% (table %)', '{MESSAGE}', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRES_FUNCTION] + [
            f"CREATE TRIGGER {t}_immutable BEFORE UPDATE ON {t} "
            "FOR EACH ROW EXECUTE FUNCTION governance_refuse_update();"
            for t in TABLES
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {t}_immutable BEFORE UPDATE ON {t} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            for t in TABLES
        ]
    return []


def reverse_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        drops = [f"DROP TRIGGER IF EXISTS {t}_immutable ON {t};" for t in TABLES]
        return [*drops, "DROP FUNCTION IF EXISTS governance_refuse_update();"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t}_immutable;" for t in TABLES]
    return []


def create_triggers(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor):
    for sql in reverse_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
