from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "concord.jobs"
    verbose_name = "Background work"
