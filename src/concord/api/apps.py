from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "concord.api"
    verbose_name = "API"
