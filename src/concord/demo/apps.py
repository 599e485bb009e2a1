from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "concord.demo"
    verbose_name = "Demo economy"
