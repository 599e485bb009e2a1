from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "concord.organisations"
    verbose_name = "Registry"
