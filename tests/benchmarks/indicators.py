"""Indicator benchmarks for `make bench`, run after the registry imports in run.py.

- SPC for 6,700 practices × 60 months and funnel limits for 6,700 practices
  (concord.stats.bench; baseline: numpy's mean and moving range over the same array);
- the QOF 2020-21 prevalence import with its roll-ups (baseline: parsing the file);
- the organisation × indicator page of a CCG with about 60 practices, through Django's test
  client on the benchmark database, and the statistics API behind it (baseline: the indicator
  definition API, the same stack doing almost nothing). The API alone when the page is absent.
"""

import time
from pathlib import Path

QOF_2021 = "qof-2020-21/PREVALENCE_2021_v2.csv"
QOF_GOAL_SECONDS = 20.0
PAGE_GOAL_SECONDS = 0.3
CCG_PRACTICES = 60
INDICATOR = "qof-prevalence-dem"
REQUESTS = 5


def spc_and_funnels(data: Path) -> list:
    from concord.stats.bench import BUDGET_SECONDS, PRACTICES, run

    from .run import Result

    rows = run()
    goals = [None, None, BUDGET_SECONDS]
    return [
        Result(row["name"][:40], PRACTICES, row["seconds"], row["baseline_seconds"], goal)
        for row, goal in zip(rows, goals, strict=True)
    ]


def qof_prevalence_2021(data: Path):
    """Needs the practices and the QOF geography map, imported before it in BENCHMARKS."""
    from concord.indicators.definitions import load_definitions

    from .run import import_file

    load_definitions()
    result = import_file("QOF prevalence 2020-21 + roll-ups", "qof-prevalence", data / QOF_2021)
    result.goal_seconds = QOF_GOAL_SECONDS
    return result


def ccg_with_practices(count: int, as_at=None):
    """The CCG whose practices on 1 April 2021 number closest to `count`."""
    import datetime as dt

    from django.db.models import Count

    from concord.organisations.models import Kind, Relationship

    links = Relationship.objects.hierarchy().in_force(as_at or dt.date(2021, 4, 1))
    sizes = dict(
        links.filter(parent__kind=Kind.CCG, child__kind=Kind.PRACTICE)
        .values("parent__code")
        .annotate(practices=Count("child"))
        .values_list("parent__code", "practices")
    )
    code = min(sorted(sizes), key=lambda c: abs(sizes[c] - count))
    return code, sizes[code]


def best_seconds(client, url: str) -> float:
    best = float("inf")
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return best


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from concord.access.roles import VIEWER, grant

    user, _ = get_user_model().objects.get_or_create(username="bench-viewer")
    grant(user, VIEWER)
    client = Client()
    client.force_login(user)
    return client


def page_urls(client, code: str) -> list[tuple[str, str]]:
    """The page when it is served, and the statistics API behind it."""
    page = f"/organisations/{code}/indicators/{INDICATOR}/"
    api = f"/api/v1/organisations/{code}/indicators/{INDICATOR}/statistics"
    served = client.get(page).status_code == 200
    return [("CCG x indicator page", page)] * served + [("CCG x indicator statistics API", api)]


def organisation_indicator_page(data: Path) -> list:
    from django.conf import settings

    from .run import Result

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    code, practices = ccg_with_practices(CCG_PRACTICES)
    client = signed_in_client()
    baseline = best_seconds(client, f"/api/v1/indicators/{INDICATOR}")
    return [
        Result(
            f"{label} ({code}, {practices} pr.)"[:40],
            1,
            best_seconds(client, url),
            baseline,
            PAGE_GOAL_SECONDS,
        )
        for label, url in page_urls(client, code)
    ]


BENCHMARKS = [spc_and_funnels, qof_prevalence_2021, organisation_indicator_page]
