"""Home benchmark for `make bench`: the home page of the demo's chair and of its analyst, with
the national practice file loaded beside the demo (goal < 0.3 s each).

Baseline, same run and database: the table the old home page drew, every commissioner with its
open practices and registered patients on the latest extract (reproduced below as it was; the
directory now has it). The ratio is home's time over that table's. Rows: the items shown.

Alone: `python -m tests.benchmarks.home` (a fresh temporary database; needs ../shared/realdata).
"""

import io
import sys
import tempfile
import time
from pathlib import Path

HOME_GOAL = 0.3
REQUESTS = 5  # the best of these is reported
DEMO_LOGINS = ("dr.jordan.specimen", "analyst")
PRACTICES_LOADED = 5000  # fewer practices than this: the national file has not been imported


def old_commissioner_table() -> list[dict]:
    """The old home's table: a query for the practices and one for the population, per
    commissioner."""
    from concord.organisations.kinds import COMMISSIONER_KINDS
    from concord.organisations.models import Organisation
    from concord.organisations.population import latest_extract_date, registered_population

    on = latest_extract_date()
    rows = []
    for org in Organisation.objects.of_kind(*COMMISSIONER_KINDS).order_by("kind", "name"):
        practices = Organisation.objects.practices().within(org, as_at=on).open_on(on)
        rows.append(
            {
                "organisation": org,
                "practices": practices.count() if on else None,
                "population": registered_population(org, on) if on else None,
            }
        )
    return rows


def with_national_practices(data: Path) -> bool:
    """Import the latest national practice file unless the run has already."""
    import datetime as dt

    from concord.importing import IMPORTERS
    from concord.organisations.models import Organisation

    from .run import EPRACCUR_2023

    if Organisation.objects.practices().count() >= PRACTICES_LOADED:
        return True
    path = data / EPRACCUR_2023
    if not path.exists():
        return False
    IMPORTERS["epraccur"](path, progress=False, as_at=dt.date(2023, 2, 1)).run()
    return True


def best_seconds(client, url: str) -> float:
    best = float("inf")
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return best


def home_pages(data: Path) -> list:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.utils.timezone import localdate

    from concord.accountability.needs import needs_for
    from concord.organisations.kinds import COMMISSIONER_KINDS
    from concord.organisations.models import Organisation

    from .run import Result

    if not with_national_practices(data):
        print(
            "  home: the national practice file (ods-epraccur-2023-02) is not in ../shared/realdata"
        )
        return []
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    commissioners = Organisation.objects.of_kind(*COMMISSIONER_KINDS).count()
    old_commissioner_table()  # warm: the first call loads modules
    started = time.perf_counter()
    old_commissioner_table()
    baseline = time.perf_counter() - started
    results = []
    for username in DEMO_LOGINS:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        items = needs_for(user, localdate()).pending
        name = f"Home of {username} ({commissioners} comm.)"
        results.append(Result(name[:40], items, best_seconds(client, "/"), baseline, HOME_GOAL))
    return results


BENCHMARKS = [home_pages]


def main() -> int:
    from .run import REALDATA, setup_django, table

    if not REALDATA.is_dir():
        print("No published NHS files at ../shared/realdata: nothing to benchmark.")
        return 0
    with tempfile.TemporaryDirectory(prefix="concord-bench-") as var_dir:
        setup_django(var_dir)
        results = home_pages(REALDATA)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
