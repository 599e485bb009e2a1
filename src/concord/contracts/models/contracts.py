"""A contract with its commissioners (each paying a share of the annual value) and providers,
its KPIs, each serving a commitment, and its variations, each justified by a decision."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from concord.organisations.models import Organisation

from ..querysets import ContractQuerySet, KPIQuerySet
from .choices import Comparison, ContractKind, ContractStatus, MeasurementPeriod, PartyRole

__all__ = ["Contract", "ContractParty", "KPI", "MONEY", "Variation"]

MONEY = {"max_digits": 14, "decimal_places": 2}


class Contract(models.Model):
    reference = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=ContractKind.choices)
    status = models.CharField(
        max_length=12, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    start = models.DateField()
    end = models.DateField()
    annual_value = models.DecimalField(null=True, blank=True, help_text="£ a year", **MONEY)
    description = models.TextField(blank=True)
    renewal_decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_renewed",
        help_text="the decision on whether to renew the contract when it ends",
    )
    parties = models.ManyToManyField(Organisation, through="ContractParty", related_name="+")
    history = HistoricalRecords()

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="contract_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(annual_value__isnull=True) | Q(annual_value__gte=0),
                name="contract_value_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def of_role(self, role: str):
        return [p for p in self.party_links.all() if p.role == role]

    @property
    def commissioners(self):
        return self.of_role(PartyRole.COMMISSIONER)

    @property
    def providers(self):
        return self.of_role(PartyRole.PROVIDER)

    @property
    def is_pooled_budget(self) -> bool:
        return self.kind == ContractKind.SECTION_75


class ContractParty(models.Model):
    """A commissioner (with its share of the annual value) or a provider of a contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="party_links")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contract_parts"
    )
    role = models.CharField(max_length=12, choices=PartyRole.choices)
    share = models.DecimalField(
        null=True, blank=True, help_text="£ a year this commissioner pays", **MONEY
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation", "role"], name="contract_party_once"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(role="commissioner") & Q(share__gte=0)),
                name="contract_share_of_commissioner",
            ),
        ]

    def __str__(self):
        return f"{self.organisation.name}, {self.get_role_display().lower()} of {self.contract_id}"


class KPI(models.Model):
    """A key performance indicator of a contract, and the commitment it serves."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    code = models.CharField(max_length=30, help_text="the KPI's number in its schedule")
    name = models.CharField(max_length=255)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="kpis"
    )
    comparison = models.CharField(
        max_length=8, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    threshold = models.FloatField()
    measurement_period = models.CharField(max_length=16, choices=MeasurementPeriod.choices)
    consequence = models.TextField(help_text="what follows a breach")
    commitment = models.ForeignKey(
        "governance.Commitment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kpis",
        help_text="the agreed commitment this KPI serves",
    )
    history = HistoricalRecords()

    objects = KPIQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "code"]
        verbose_name = "KPI"
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="kpi_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def threshold_text(self) -> str:
        return f"{self.get_comparison_display()} {self.threshold:g}"


class Variation(models.Model):
    """A change to a contract: what, from when, and the governance decision that justifies it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="variations")
    number = models.PositiveIntegerField()
    description = models.TextField(help_text="what changed")
    effective_from = models.DateField()
    decision = models.ForeignKey(
        "governance.Decision", on_delete=models.PROTECT, related_name="contract_variations"
    )
    changes = models.JSONField(default=dict, blank=True, help_text="terms changed, old and new")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="variation_number_unique")
        ]

    def __str__(self):
        return f"Variation {self.number} to {self.contract.reference}"
