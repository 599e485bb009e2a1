"""A Section 75 pooled budget: what each partner puts in each year, what it is spent on, and the
metrics it is judged on (for the Better Care Fund, the national BCF metrics)."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from concord.organisations.models import Organisation

from .contracts import MONEY, Contract

__all__ = ["BudgetMetric", "Contribution", "SpendLine"]


class Contribution(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.CharField(max_length=7, help_text="financial year, e.g. 2021-22")
    amount = models.DecimalField(**MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "year", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "partner", "year"], name="contribution_once_a_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_not_negative"),
        ]

    def __str__(self):
        return f"{self.partner.name} {self.year}: £{self.amount:,.0f}"


class SpendLine(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="spend_lines")
    year = models.CharField(max_length=7)
    description = models.CharField(max_length=255)
    amount = models.DecimalField(**MONEY)
    lead = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.ForeignKey(
        "governance.Commitment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spend_lines",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="spend_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.year} {self.description}: £{self.amount:,.0f}"


class BudgetMetric(models.Model):
    """A metric the pooled budget is judged on, with the ambition for it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="metrics")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="budget_metrics"
    )
    ambition = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "indicator__title"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "indicator"], name="budget_metric_once")
        ]

    def __str__(self):
        return f"{self.indicator.title} ({self.contract.reference})"
