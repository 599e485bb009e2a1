from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "concord.web"
    verbose_name = "Web"
