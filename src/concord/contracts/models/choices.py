"""The words of contracts: kinds, statuses, the parties' roles, how a KPI's threshold is met."""

from django.db import models

__all__ = ["Comparison", "ContractKind", "ContractStatus", "MeasurementPeriod", "PartyRole"]


class ContractKind(models.TextChoices):
    NHS_STANDARD = "nhs_standard", "NHS Standard Contract"
    GMS = "gms", "GMS contract"
    PMS = "pms", "PMS agreement"
    APMS = "apms", "APMS contract"
    SECTION_75 = "section_75", "Section 75 pooled budget"
    ALLIANCE = "alliance", "Alliance agreement"
    GRANT = "grant", "Grant agreement"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Terminated"


class PartyRole(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioner"
    PROVIDER = "provider", "Provider"


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"


class MeasurementPeriod(models.TextChoices):
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"
    FINANCIAL_YEAR = "financial_year", "Yearly (financial year)"
