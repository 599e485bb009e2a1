from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "concord.accountability"
    verbose_name = "Accountability: status, scorecards, red flags, packs"
