"""Dated ODS status: a StatusPeriod table, and periods for the organisations already held.

Each organisation with a status gets the periods the first release would give it: its status
since its open date; for a closed one with a close date, active to that date and closed after.
"""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models

ACTIVE, CLOSED = "A", "C"
ODS_STATUSES = ("A", "C", "D", "P")
BATCH_SIZE = 2000


def periods_from_the_status_held(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    StatusPeriod = apps.get_model("organisations", "StatusPeriod")
    held = Organisation.objects.filter(status__in=ODS_STATUSES).values_list(
        "pk", "status", "opened", "closed"
    )
    periods = []
    for pk, status, opened, closed in held.iterator():
        if status == CLOSED and closed is not None:
            periods.append(
                StatusPeriod(organisation_id=pk, status=ACTIVE, start=opened, end=closed)
            )
            periods.append(
                StatusPeriod(organisation_id=pk, status=CLOSED, start=closed + dt.timedelta(days=1))
            )
        else:
            periods.append(StatusPeriod(organisation_id=pk, status=status, start=opened))
    StatusPeriod.objects.bulk_create(periods, batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="as_at",
            field=models.DateField(
                blank=True,
                help_text="the date the file describes, when the importer was told",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="closed",
            field=models.PositiveIntegerField(
                default=0, help_text="dated links and statuses ended by this vintage"
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="status",
            field=models.CharField(
                blank=True,
                help_text="the latest ODS status known (A, C, D or P); each date's is a StatusPeriod",
                max_length=1,
            ),
        ),
        migrations.CreateModel(
            name="StatusPeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("A", "Active"),
                            ("C", "Closed"),
                            ("D", "Dormant"),
                            ("P", "Proposed"),
                        ],
                        max_length=1,
                    ),
                ),
                (
                    "start",
                    models.DateField(
                        blank=True, help_text="blank: since before our records", null=True
                    ),
                ),
                ("end", models.DateField(blank=True, help_text="blank: still so", null=True)),
                (
                    "batch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.importbatch",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_periods",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "ordering": ["start", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end__isnull", True),
                            ("start__isnull", True),
                            ("end__gte", models.F("start")),
                            _connector="OR",
                        ),
                        name="status_period_end_after_start",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["A", "C", "D", "P"])),
                        name="status_period_known_status",
                    ),
                    models.UniqueConstraint(
                        fields=("organisation", "start"), name="status_period_unique_start"
                    ),
                ],
            },
        ),
        migrations.RunPython(periods_from_the_status_held, migrations.RunPython.noop),
    ]
