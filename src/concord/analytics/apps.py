from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "concord.analytics"
    verbose_name = "Population analytics"
