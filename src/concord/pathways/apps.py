from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "concord.pathways"
    verbose_name = "Programmes and pathways"
