"""A seat's positions become a trail of entries: a new entry replaces the standing one, which
stays. The database then refuses an UPDATE of a position, as it does for agreed decisions
(0002): a trigger on PostgreSQL and SQLite, created after the table is rebuilt here."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MESSAGE = "positions are a trail: record a new entry instead of changing one"
TABLE = "governance_position"

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION governance_refuse_position_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;""",
    f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION governance_refuse_position_update();",
]
SQLITE = [
    f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
]
DROP = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE};",
        "DROP FUNCTION IF EXISTS governance_refuse_position_update();",
    ],
    "sqlite": [f"DROP TRIGGER IF EXISTS {TABLE}_immutable;"],
}


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def drop_trigger(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_immutable_records"),
        ("organisations", "0002_status_periods"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="position",
            options={"ordering": ["version", "seat__organisation__name", "recorded_at", "id"]},
        ),
        migrations.RemoveConstraint(
            model_name="position",
            name="position_one_per_seat",
        ),
        migrations.AddField(
            model_name="historicalposition",
            name="replaces",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="the seat's earlier entry on this version that this one changes",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="governance.position",
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="replaces",
            field=models.OneToOneField(
                blank=True,
                help_text="the seat's earlier entry on this version that this one changes",
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="replaced_by",
                to="governance.position",
            ),
        ),
        migrations.AlterField(
            model_name="position",
            name="recorded_at",
            field=models.DateTimeField(auto_now_add=True),
        ),
        migrations.AddConstraint(
            model_name="position",
            constraint=models.UniqueConstraint(
                condition=models.Q(("replaces__isnull", True)),
                fields=("version", "seat"),
                name="position_first_per_seat",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
