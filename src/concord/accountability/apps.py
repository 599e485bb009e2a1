from django.apps import AppConfig
from django.db.models.signals import post_save


class AccountabilityConfig(AppConfig):
    name = "concord.accountability"
    verbose_name = "Accountability: status, scorecards, red flags, packs"

    def ready(self):
        from concord.organisations.models import ImportBatch

        from .hooks import import_finished

        post_save.connect(import_finished, sender=ImportBatch, dispatch_uid="accountability")
