"""Governed indicator definitions, their versions, periods and measurements with provenance."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from concord.organisations.models import ImportBatch, Organisation

from .querysets import IndicatorQuerySet, MeasurementQuerySet, PeriodQuerySet
from .schema import (
    APPROVALS,
    BENCHMARK_METHODS,
    CI_METHODS,
    DENOMINATOR_KINDS,
    PERIOD_TYPES,
    POLARITIES,
    PROPORTION_UNITS,
    SPC_RULES,
    UNITS,
)

IMPROVEMENT = {"higher_is_better": "up", "lower_is_better": "down", "neither": "neither"}


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v.replace("_", " ")) for v in values]


class Indicator(models.Model):
    """The current definition of an indicator, as loaded from its file in definitions/."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=255)
    description = models.TextField()
    numerator_definition = models.TextField()
    denominator_definition = models.TextField()
    unit = models.CharField(max_length=12, choices=_choices(UNITS))
    denominator_kind = models.CharField(
        max_length=8, choices=_choices(DENOMINATOR_KINDS), default="count"
    )
    multiplier = models.FloatField(default=1)
    polarity = models.CharField(max_length=20, choices=_choices(POLARITIES))
    ci_method = models.CharField(max_length=12, choices=_choices(CI_METHODS))
    benchmark_method = models.CharField(max_length=12, choices=_choices(BENCHMARK_METHODS))
    spc_rules = models.CharField(max_length=4, choices=_choices(SPC_RULES), default="mdc")
    national_target = models.FloatField(null=True, blank=True)
    data_source = models.TextField()
    period_type = models.CharField(max_length=16, choices=_choices(PERIOD_TYPES))
    disclosure_rule = models.CharField(max_length=20, default="standard")
    approval = models.CharField(
        max_length=10,
        choices=_choices(APPROVALS),
        default="analyst",
        help_text="how a data submission of it is approved: by the commissioner's analyst, "
        "or automatically on submit",
    )
    authored_by = models.CharField(max_length=200)
    checked_by = models.CharField(max_length=200)
    date_reviewed = models.DateField()
    next_review = models.DateField()
    details = models.JSONField(default=dict, blank=True, help_text="source tables, e.g. qof")
    content_hash = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    source_file = models.CharField(max_length=255)
    loaded_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review__gt=F("date_reviewed")), name="indicator_review_after_last"
            ),
            models.CheckConstraint(condition=Q(multiplier__gt=0), name="indicator_multiplier_gt_0"),
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    @property
    def improvement(self) -> str:
        """The SPC improvement direction: up, down or neither (concord.stats.spc)."""
        return IMPROVEMENT[self.polarity]

    @property
    def numerator_within_denominator(self) -> bool:
        """A proportion of a counted denominator (what Wilson limits describe): its numerator is
        a part of the denominator, so can never exceed it. A rate can (one person, two
        admissions), and so can a share of an estimate (the dementia diagnosis rate)."""
        return self.unit in PROPORTION_UNITS and self.denominator_kind == "count"


class IndicatorVersion(models.Model):
    """One version of a definition: a new row whenever the file's content changes."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    definition = models.JSONField(help_text="the file's content as loaded")
    source_file = models.CharField(max_length=255)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="indicator_version_unique")
        ]

    def __str__(self):
        return f"{self.indicator.code} v{self.number}"


class Period(models.Model):
    """A reporting period: a month, a quarter or a financial year, with its label (2020-21)."""

    period_type = models.CharField(max_length=16, choices=_choices(PERIOD_TYPES))
    start = models.DateField()
    end = models.DateField()
    label = models.CharField(max_length=20, db_index=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start", "period_type"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
            models.UniqueConstraint(fields=["period_type", "start"], name="period_unique_start"),
            models.UniqueConstraint(fields=["period_type", "label"], name="period_unique_label"),
        ]

    def __str__(self):
        return self.label


class ComputationRun(models.Model):
    """One computation that wrote measurements, e.g. a roll-up over the hierarchy as at a date."""

    kind = models.CharField(max_length=40)
    as_at = models.DateField(null=True, blank=True, help_text="the hierarchy used")
    notes = models.TextField(blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    engine = models.CharField(max_length=40, blank=True, help_text="e.g. duckdb, spark")
    snapshot = models.CharField(max_length=64, blank=True, help_text="digest of the data read")
    code_version = models.CharField(
        max_length=80, blank=True, help_text="package version + digest of the query"
    )
    rows_read = models.BigIntegerField(null=True, blank=True)
    rows_written = models.BigIntegerField(null=True, blank=True)
    synthetic = models.BooleanField(
        default=False, help_text="computed from synthetic data: invented people, not real records"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.kind} as at {self.as_at} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def seconds(self) -> float | None:
        """How long the run took, once it has finished."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


def _not_negative(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"measurement_{field}_not_negative",
    )


def _limits_ordered(lower: str, upper: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{lower}__isnull": True})
        | Q(**{f"{upper}__isnull": True})
        | Q(**{f"{upper}__gte": F(lower)}),
        name=f"measurement_{upper}_not_below_{lower}",
    )


class Measurement(models.Model):
    """One value of an indicator for an organisation and period, with limits and provenance."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="measurements"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="measurements")
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    lower_998 = models.FloatField(null=True, blank=True)
    upper_998 = models.FloatField(null=True, blank=True)
    is_aggregate = models.BooleanField(
        default=False, help_text="computed by summing the practices within the organisation"
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computation = models.ForeignKey(
        ComputationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.DateField(null=True, blank=True, help_text="when the source published it")

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period"], name="measurement_unique"
            ),
            _not_negative("numerator"),
            _not_negative("denominator"),
            _limits_ordered("lower_95", "upper_95"),
            _limits_ordered("lower_998", "upper_998"),
        ]
        indexes = [models.Index(fields=["indicator", "period", "is_aggregate"])]

    def __str__(self):
        return f"{self.indicator_id} {self.organisation_id} {self.period_id}: {self.value}"


from .submissions.models import Submission, SubmissionRow, SubmissionStep  # noqa: E402

__all__ = [
    "ComputationRun",
    "Indicator",
    "IndicatorVersion",
    "Measurement",
    "Period",
    "Submission",
    "SubmissionRow",
    "SubmissionStep",
]
