from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "concord.governance"
    verbose_name = "Governance: forums, proposals, agreements, commitments"
