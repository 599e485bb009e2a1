from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "concord.access"
    verbose_name = "Access: roles and API tokens"
