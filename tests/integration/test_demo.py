"""The demo economy: loads, loads again without change, and names the source of its facts."""

import csv
import datetime as dt
import io
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from concord.access.roles import role_of
from concord.analytics.store import STORE_FILE, counts, open_store
from concord.demo.loader import FILES, data_file, load_demo, read
from concord.demo.users import DEMO_USERS
from concord.organisations.hierarchy import ancestor_links
from concord.organisations.models import (
    ImportBatch,
    Kind,
    Organisation,
    Person,
    Post,
    Relationship,
    RelationshipKind,
)
from concord.organisations.population import registered_population

pytestmark = pytest.mark.django_db
JAN_2021 = dt.date(2021, 1, 1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db):
    return load_demo()


def links_to(parent: str, kind: str = "part_of") -> set[str]:
    """Children of `parent` in relationships.csv."""
    return {
        r["child"] for r in read("relationships.csv") if (r["parent"], r["kind"]) == (parent, kind)
    }


def practice_codes() -> set[str]:
    return {r["code"] for r in read("organisations.csv") if r["kind"] == Kind.PRACTICE}


def analytics_counts(var_dir: Path) -> dict[str, int]:
    con = open_store(var_dir / STORE_FILE, read_only=True)
    try:
        return counts(con)
    finally:
        con.close()


def table_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_command_loads_and_prints_the_logins(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    out = io.StringIO()
    call_command("concord_demo", "--no-analytics", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text and "demo account" in text
    for username, password, role in DEMO_USERS:
        assert f"username {username}" in text and f"password {password}" in text
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password) and role_of(user) == role
    assert get_user_model().objects.get(username="admin").is_superuser
    assert ImportBatch.objects.filter(kind="demo", status=ImportBatch.Status.DONE).count() == 1


def test_running_the_demo_twice_changes_no_table_nor_the_analytics_store(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("concord_demo", "--no-static", stdout=io.StringIO())
    first, store = table_counts(), analytics_counts(tmp_path)
    again = io.StringIO()
    call_command("concord_demo", "--no-static", stdout=again)
    assert table_counts() == first and analytics_counts(tmp_path) == store
    assert "already held" in again.getvalue() and "already computed" in again.getvalue()
    assert first["organisations.Organisation"] == len(read("organisations.csv"))
    assert first["organisations.Relationship"] == len(read("relationships.csv"))


def test_a_second_load_keeps_an_existing_users_password():
    get_user_model().objects.create_user(username="viewer", password="their own")
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())
    assert get_user_model().objects.get(username="viewer").check_password("their own")


def test_wigan_has_its_practices(demo):
    wigan = Organisation.objects.get(code="02H")
    within = Organisation.objects.practices().within(wigan, as_at=JAN_2021)
    expected = links_to("02H") & practice_codes()
    assert set(within.values_list("code", flat=True)) == expected
    assert len(expected) > 50


def test_a_demo_practice_closed_since_is_active_until_its_close_date(demo):
    """organisations.csv: status C with the close date of the February 2023 epraccur file."""
    closed = {r["code"]: r for r in read("organisations.csv") if r["status"] == "C"}
    assert closed
    for code, row in closed.items():
        practice = Organisation.objects.get(code=code)
        last_open = dt.date.fromisoformat(row["closed"])
        assert practice.status_on(last_open) == "A" and practice.is_open(last_open)
        assert practice.status_on(last_open + dt.timedelta(days=1)) == "C"
    active = {
        r["code"]
        for r in read("organisations.csv")
        if r["status"] == "A" or (r["status"] == "C" and r["closed"] >= JAN_2021.isoformat())
    }
    practices = Organisation.objects.practices().active_on(JAN_2021)
    assert set(practices.values_list("code", flat=True)) == active & practice_codes()


def test_wigan_population_is_the_sum_of_its_practices_lists(demo):
    wigan_practices = links_to("02H") & practice_codes()
    expected = sum(
        int(r["patients"]) for r in read("population.csv") if r["code"] in wigan_practices
    )
    assert registered_population(Organisation.objects.get(code="02H"), JAN_2021) == expected


def test_five_localities_of_50_to_70_thousand_patients(demo):
    wigan = Organisation.objects.get(code="02H")
    localities = Organisation.objects.localities().within(wigan, as_at=JAN_2021)
    assert localities.count() == 5
    sizes = [registered_population(loc, JAN_2021) for loc in localities]
    assert all(50_000 <= size <= 70_000 for size in sizes), sizes
    assert sum(sizes) == registered_population(wigan, JAN_2021)


def test_one_management_team_serves_both_central_lancashire_ccgs(demo):
    team = Organisation.objects.get(kind=Kind.MANAGEMENT_TEAM)
    served = Relationship.objects.filter(child=team, kind=RelationshipKind.SERVES)
    assert set(served.values_list("parent__code", flat=True)) == {"00X", "01E"}


def test_one_person_is_accountable_officer_of_both_at_once(demo):
    posts = Post.objects.in_force(JAN_2021).filter(
        role="Accountable officer", organisation__code__in=["00X", "01E"]
    )
    held = defaultdict(set)
    for post in posts:
        held[post.person_id].add(post.organisation.code)
    assert list(held.values()) == [{"00X", "01E"}]


def test_every_demo_person_is_fictional(demo):
    names = {r["name"] for r in read("people.csv")}
    assert all(r["is_fictional"] == "true" and "fictional" in r["note"] for r in read("people.csv"))
    assert set(Person.objects.values_list("name", flat=True)) == names
    assert not Person.objects.filter(is_fictional=False).exists()


def test_locality_leads_sit_on_behalf_of_practices_in_their_locality(demo):
    for post in Post.objects.filter(role="Locality lead"):
        assert post.on_behalf_of.kind == Kind.PRACTICE
        assert post.on_behalf_of.code in links_to(post.organisation.code, "member_of")


def test_wigan_becomes_a_sub_icb_location_of_greater_manchester(demo):
    wigan = Organisation.objects.get(code="02H")
    parents = {link.parent.code for link in ancestor_links(wigan, dt.date(2023, 1, 1))}
    assert "QOP" in parents
    assert not Relationship.objects.filter(kind=RelationshipKind.SUCCESSOR_OF).exists()


def test_the_data_readme_names_a_source_for_every_file():
    readme = data_file("README.md").read_text(encoding="utf-8")
    table = {
        line.split("|")[1].strip(" `"): line.split("|")[2]
        for line in readme.splitlines()
        if line.startswith("| `")
    }
    assert set(table) == set(FILES)
    assert all(source.strip() for source in table.values())
    for name in ("organisations.csv", "relationships.csv", "population.csv"):
        assert all(row["source"].strip() for row in read(name)), name


# -- against the published files ----------------------------------------------------------------


def published_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="latin-1", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.realdata
def test_every_wigan_practice_matches_the_published_files(realdata, demo):
    epraccur = published_rows(realdata / "ods-epraccur-2019-12/epraccur.csv")
    published = {r[0]: r for r in epraccur if r[14] == "02H" and r[12] == "A" and r[25] == "4"}
    with open(realdata / "gp-reg-2021-01/gp-reg-pat-prac-all.csv", newline="") as handle:
        lists = {r["CODE"]: int(r["NUMBER_OF_PATIENTS"]) for r in csv.DictReader(handle)}
    wigan = Organisation.objects.get(code="02H")
    practices = Organisation.objects.practices().within(wigan, as_at=JAN_2021)
    assert set(practices.values_list("code", flat=True)) == set(published)
    for practice in practices:
        assert practice.name == published[practice.code][1]
        assert practice.postcode == published[practice.code][9]
        assert registered_population(practice, JAN_2021) == lists.get(practice.code)


@pytest.mark.realdata
def test_the_providers_match_the_ods_trust_file(realdata, demo):
    trusts = {r[0]: r for r in published_rows(realdata / "ods-etr-c2015-16/etr.csv")}
    for code in ("RRF", "RY2", "RTV", "RXN", "RW5"):
        org = Organisation.objects.get(code=code)
        assert (org.name, org.postcode) == (trusts[code][1], trusts[code][9])


@pytest.mark.realdata
def test_the_build_script_rebuilds_the_carried_files(realdata, tmp_path):
    script = ROOT / "scripts" / "build_demo_data.py"
    subprocess.run(
        [sys.executable, str(script), str(realdata), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("organisations.csv", "relationships.csv", "population.csv"):
        assert (tmp_path / name).read_bytes() == data_file(name).read_bytes(), name


def test_the_demo_fills_the_dementia_pathway_from_synthetic_linked_records(settings, tmp_path):
    """The person-level indicators on the pathway hold figures computed from the synthetic
    store, labelled as synthetic on the pathway on a page and on the organisation's page."""
    from django.test import Client
    from django.urls import reverse

    from concord.analytics.queries import INDICATORS
    from concord.indicators.models import ComputationRun, Measurement
    from concord.pathways.models import Pathway

    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("concord_demo", "--no-static", stdout=out)
    assert "20,000 synthetic people" in out.getvalue()
    run = ComputationRun.objects.get(kind="analytics")
    assert run.synthetic and run.engine == "duckdb" and run.rows_written > 0
    pathway = Pathway.objects.get(programme__slug="wigan-dementia")
    on_pathway = set(pathway.stages.values_list("indicators__code", flat=True))
    assert {i.code for i in INDICATORS} <= on_pathway
    wigan = Organisation.objects.get(code="02H")
    for indicator in INDICATORS:
        held = Measurement.objects.filter(indicator__code=indicator.code, organisation=wigan)
        assert held.count() == 20 and all(m.computation.synthetic for m in held)
    client = Client()
    client.force_login(get_user_model().objects.get(username="viewer"))
    page = client.get(
        reverse("pathways:on-a-page", args=["wigan-dementia", pathway.number])
    ).content.decode()
    assert "Synthetic data" in page
    page = client.get(reverse("organisation-indicator", args=["02H", INDICATORS[0].code]))
    assert 'id="synthetic-data"' in page.content.decode()
    page = client.get(reverse("organisation-indicator", args=["02H", "qof-prevalence-dem"]))
    assert 'id="synthetic-data"' not in page.content.decode()
    answer = client.get("/api/v1/measurements", {"organisation": "02H", "limit": 500}).json()
    marked = {(m["indicator"], m["synthetic"]) for m in answer["items"]}
    assert (INDICATORS[0].code, True) in marked and ("qof-prevalence-dem", False) in marked
