from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "concord.indicators"
    verbose_name = "Indicators and measurements"
