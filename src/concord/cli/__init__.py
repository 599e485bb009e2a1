"""The `concord` command. Our own verbs, and every Django management command besides.

concord demo                 set up the demo economy (idempotent)
concord serve [--port 8000]  serve the site with gunicorn
concord import KIND FILE     import a published NHS file
concord worker               run the background jobs (serve starts one)
concord notifications digest send each person's daily summary of emails (from cron)
concord migrate | createsuperuser | shell | ...   Django's commands

This package is also a Django app holding `concord serve` (management/commands/concord_serve.py);
the other verbs are their own apps' commands.
"""

import os
import sys

ALIASES = {
    "import": "concord_import",
    "serve": "concord_serve",
    "demo": "concord_demo",
    "token": "concord_token",
    "indicators": "concord_indicators",
    "analytics": "concord_analytics",
    "accountability": "concord_accountability",
    "pack": "concord_pack",
    "worker": "concord_worker",
    "notifications": "concord_notifications",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "stats":  # pure statistics: no database, no Django
        from concord.stats_cli import main as stats_main

        sys.exit(stats_main(argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.config.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] in ALIASES:
        argv[0] = ALIASES[argv[0]]
    execute_from_command_line(["concord", *argv])
