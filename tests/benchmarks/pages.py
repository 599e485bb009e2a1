"""The page mix of the load benchmark, and each page's cost measured in-process.

`mix()` picks, from the demo loaded in the current database, the pages its signed-in people read:
home, organisation pages, indicator pages, scorecards, commitment pages, a forum and a meeting,
the pathway page, search and an API list; each page has a weight (how often it is read) and a few
addresses (which organisation, which commitment). `costs()` reads every address of the mix with
Django's test client as each demo login and gives, per page, the median CPU milliseconds
(time.process_time: this process only, so the database's own work on PostgreSQL is not in it)
and the most queries (CaptureQueriesContext) one read took.

Alone, on the database DATABASE_URL names (the demo loaded in it):
`python -m tests.benchmarks.pages` prints the table; `--profile NAME` profiles that page.
"""

import json
import statistics
import sys
import time
from dataclasses import dataclass, field

# The demo's logins the load test signs in as: each simulated user is one of them, in turn.
LOGINS = (
    "dr.jordan.specimen",
    "editor",
    "analyst",
    "secretariat",
    "viewer",
    "casey.illustra",
)
READS = 3  # each address read this many times per login in costs(); the median is reported


@dataclass
class Page:
    name: str
    weight: int
    urls: list[str] = field(default_factory=list)


def mix() -> list[Page]:
    """The pages, from what the demo holds. Needs Django set up on the demo's database."""
    from django.urls import reverse

    from concord.governance.models import Commitment, Forum, Meeting
    from concord.indicators.models import Indicator
    from concord.pathways.models import Pathway

    ccg, trust, practice, locality = "02H", "RRF", "P92015", "LOC-02H-1"
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    meeting = Meeting.objects.filter(forum=senate).order_by("date").first()
    commitments = list(Commitment.objects.order_by("pk").values_list("pk", flat=True)[:6])
    pathway = Pathway.objects.select_related("programme").first()
    dementia = list(
        Indicator.objects.filter(code__startswith="dementia")
        .order_by("code")
        .values_list("code", flat=True)[:3]
    )
    organisation_pages = [reverse("organisation", args=[code]) for code in (ccg, trust, practice)]
    return [
        Page("home", 12, [reverse("home")]),
        Page("organisation", 8, organisation_pages),
        Page("organisation directory", 2, [reverse("organisations")]),
        Page(
            "organisation indicator",
            6,
            [reverse("organisation-indicator", args=[ccg, code]) for code in dementia],
        ),
        Page("indicator", 4, [reverse("indicator", args=[code]) for code in dementia]),
        Page("scorecard: overview", 3, [reverse("accountability:overview")]),
        Page("scorecard: me", 3, [reverse("accountability:me")]),
        Page(
            "scorecard: organisation",
            4,
            [reverse("accountability:organisation", args=[ccg])],
        ),
        Page("scorecard: locality", 2, [reverse("accountability:locality", args=[locality])]),
        Page(
            "commitment",
            6,
            [reverse("accountability:commitment", args=[pk]) for pk in commitments],
        ),
        Page("forum", 3, [reverse("governance:forum", args=[senate.slug])]),
        Page("meeting", 3, [reverse("governance:meeting", args=[meeting.pk])]),
        Page(
            "pathway",
            3,
            [reverse("pathways:pathway", args=[pathway.programme.slug, pathway.number])],
        ),
        Page("search", 3, [reverse("search") + "?q=dementia", reverse("search") + "?q=wigan"]),
        Page(
            "api: organisations",
            3,
            ["/api/v1/organisations?kind=practice&limit=50"],
        ),
    ]


def clients() -> dict:
    """A signed-in test client per demo login."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    found = {}
    for username in LOGINS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        found[username] = client
    return found


def sessions(count: int) -> dict:
    """`count` signed-in sessions, the demo logins in turn: the cookie's name and their keys."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = {u.username: u for u in get_user_model().objects.filter(username__in=LOGINS)}
    keys = []
    for number in range(count):
        client = Client()
        client.force_login(users[LOGINS[number % len(LOGINS)]])
        keys.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return {"cookie": settings.SESSION_COOKIE_NAME, "values": keys}


def forget() -> None:
    from concord.web.remembered import forget as forget_all

    forget_all()


def read(client, url: str) -> tuple[float, int]:
    """One read: CPU seconds of this process and queries made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.process_time()
        response = client.get(url)
        seconds = time.process_time() - started
    assert response.status_code == 200, (url, response.status_code)
    return seconds, len(queries)


def costs(pages: list[Page] | None = None) -> list[dict]:
    """Per page: median CPU ms over every address and login, and the most queries of a read."""
    pages = pages or mix()
    signed_in = clients()
    for client in signed_in.values():  # the first read of each fills per-process caches
        for page in pages:
            for url in page.urls:
                client.get(url)
    found = []
    for page in pages:
        cpu, cold, queries = [], [], []
        for client in signed_in.values():
            for url in page.urls:
                for _ in range(READS):
                    seconds, _ = read(client, url)  # as served: remembered since the last read
                    cpu.append(seconds)
                    forget()  # as computed: what a read costs after the data changed
                    seconds, count = read(client, url)
                    cold.append(seconds)
                    queries.append(count)
        found.append(
            {
                "name": page.name,
                "weight": page.weight,
                "cpu_ms": statistics.median(cpu) * 1000,
                "computed_ms": statistics.median(cold) * 1000,
                "queries": max(queries),
            }
        )
    return found


def weighted_cpu_ms(found: list[dict], column: str = "cpu_ms") -> float:
    """The mix's mean CPU per page view, each page counted by its weight."""
    total = sum(row["weight"] for row in found)
    return sum(row[column] * row["weight"] for row in found) / total


def table(found: list[dict]) -> str:
    """CPU ms as served (what the page remembered since the last read, web/remembered.py) and
    as computed (right after a change of the data), and the queries of a computed read."""
    lines = [f"{'page':<28}{'weight':>7}{'CPU ms':>9}{'computed':>10}{'queries':>9}"]
    for row in found:
        lines.append(
            f"{row['name']:<28}{row['weight']:>7}{row['cpu_ms']:>9.1f}"
            f"{row['computed_ms']:>10.1f}{row['queries']:>9}"
        )
    served, computed = weighted_cpu_ms(found), weighted_cpu_ms(found, "computed_ms")
    lines.append(f"{'the mix, weighted':<28}{'':>7}{served:>9.1f}{computed:>10.1f}")
    return "\n".join(lines)


def profile(name: str) -> None:
    """cProfile of one page's reads, as the first login; the 30 costliest calls by own time."""
    import cProfile
    import os
    import pstats

    page = next(p for p in mix() if p.name == name)
    client = clients()[LOGINS[0]]
    for url in page.urls:
        client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        for url in page.urls:
            client.get(url)
    profiler.disable()
    order = os.environ.get("CONCORD_PROFILE_SORT", "cumulative")
    pstats.Stats(profiler).sort_stats(order).print_stats(60)


def main(argv: list[str]) -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.config.settings")
    django.setup()
    from django.conf import settings

    # The test client's host, but not setup_test_environment(): its record of every template
    # rendered, for assertions, would be counted as the page's cost.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if argv[:1] == ["--profile"]:
        profile(argv[1])
        return 0
    found = costs()
    if argv[:1] == ["--json"]:  # for load.py: the mix, its costs and sessions for its users
        users = int(argv[1])
        mixed = [vars(p) for p in mix()]
        print(json.dumps({"costs": found, "mix": mixed, "sessions": sessions(users)}))
    else:
        print(table(found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
