from django.apps import AppConfig


class CliConfig(AppConfig):
    """The `concord` command's own app: `concord serve` (management/commands)."""

    name = "concord.cli"
    verbose_name = "Command line"
