from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "concord.contracts"
    verbose_name = "Contracts, KPIs and pooled budgets"
