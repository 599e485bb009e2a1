"""`concord analytics`: synth, ingest, compute, segments; no NHS number or pseudonym shown."""

import datetime as dt
import logging
import re

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from concord.access.roles import ANALYST, grant
from concord.analytics.measurements import KIND
from concord.analytics.store import open_store
from concord.demo.loader import load_demo
from concord.indicators.models import Measurement
from concord.organisations.hierarchy import parent_of_kind
from concord.organisations.kinds import Kind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
INDICATOR = "dementia-recorded-prevalence-65"


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("concord_analytics", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    settings.CONCORD_PSEUDONYM_KEY = settings.CONCORD_PSEUDONYM_KEY_FILE = ""
    return tmp_path


def test_ingestion_refuses_to_run_without_a_key(var_dir, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("nhs_number,date,type,code,code_system\n9434765919,2020-01-01,outpatient,,\n")
    with pytest.raises(CommandError, match="no pseudonymisation key"):
        run("ingest", str(path), "--source", "acute")
    with pytest.raises(CommandError, match="synthetic folder only"):
        run("ingest", str(path), "--source", "acute", "--demo-key")


def people_of(var_dir) -> tuple[set[str], set[str]]:
    """Every pseudonym in the store and every NHS number in the input files, as text."""
    con = open_store(var_dir / "analytics" / "store.duckdb", read_only=True)
    tables = ("people", "registrations", "events")
    pseudonyms = {
        str(row[0])
        for table in tables
        for row in con.execute(f"SELECT DISTINCT pseudonym FROM {table}").fetchall()
    }
    con.close()
    numbers = set()
    for path in (var_dir / "analytics" / "synthetic").glob("*.parquet"):
        numbers |= {str(n) for n in pq.read_table(path, columns=["nhs_number"])[0].to_pylist()}
    return pseudonyms, numbers


def found_in(text: str, wanted: set[str]) -> set[str]:
    """Those of `wanted` (digit strings) inside any run of digits of `text`, even one written
    with thousands separators or spaces (1,234,567 or 943 476 5919)."""
    lengths = {len(w) for w in wanted}
    found = set()
    for run in re.findall(r"\d(?:[\d,\u00a0 ]*\d)?", text):
        digits = re.sub(r"\D", "", run)
        for n in lengths:
            found |= {digits[i : i + n] for i in range(len(digits) - n + 1)} & wanted
    return found


def pages(client, practice, ccg, indicator) -> list[str]:
    """Every main page and the measurements and statistics API, as the signed-in user sees them."""
    addresses = [
        reverse("home"),
        reverse("organisations"),
        reverse("organisations") + f"?q={practice.name}",
        *(reverse("organisation", args=[org.code]) for org in (practice, ccg)),
        reverse("indicators"),
        reverse("indicator", args=[indicator]),
        *(reverse("organisation-indicator", args=[org.code, indicator]) for org in (practice, ccg)),
        reverse("indicator-compare", args=[practice.code, indicator]),
        reverse("imports"),
        reverse("computation-runs"),
        "/api/v1/indicators",
        f"/api/v1/measurements?indicator={indicator}&limit=1000",
        f"/api/v1/measurements?indicator={indicator}&within={ccg.code}&limit=1000",
        *(
            f"/api/v1/organisations/{org.code}/indicators/{indicator}/statistics"
            for org in (practice, ccg)
        ),
    ]
    shown = []
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        shown.append(response.content.decode())
    return shown


def test_the_whole_pipeline_never_shows_a_person(var_dir, caplog, client):
    load_demo()
    caplog.set_level(logging.DEBUG)
    shown = run("synth", "--people", "3000", "--seed", "4")
    shown += run("ingest", str(var_dir / "analytics" / "synthetic"), "--demo-key")
    shown += run("ingest", str(var_dir / "analytics" / "synthetic"), "--demo-key")
    assert shown.count("already ingested, nothing changed") == 7
    shown += run("compute")
    shown += run("segments")
    assert "Wigan Central locality" in shown and "GP + acute" in shown
    computed = Measurement.objects.filter(indicator__code=INDICATOR, computation__kind=KIND)
    practice = computed.exclude(numerator=0).order_by("-numerator").first().organisation
    ccg = parent_of_kind(practice, Kind.CCG, dt.date.today())
    viewer, analyst = UserFactory(role="viewer"), UserFactory(role="viewer")
    grant(analyst, ANALYST)
    texts = [shown]
    for user in (viewer, analyst):
        client.force_login(user)
        texts += pages(client, practice, ccg, INDICATOR)
    texts.append(caplog.text)
    pseudonyms, numbers = people_of(var_dir)
    assert len(pseudonyms) == len(numbers) == 3000
    everything = "\n".join(texts)
    assert str(practice.code) in everything and ccg.name in everything
    assert not found_in(everything, pseudonyms)
    assert not found_in(everything, numbers)


def test_the_scan_finds_a_number_however_it_is_written():
    wanted = {"9434765919", "1234567890123456789"}
    assert found_in("NHS 943 476 5919.", wanted) == {"9434765919"}
    assert found_in("id 1,234,567,890,123,456,789 and 99434765919", wanted) == wanted
    assert not found_in("943 476 591 and 123456789012345678", wanted)


@pytest.mark.slow
@pytest.mark.spark
def test_spark_named_by_its_master_computes_the_figures_duckdb_did(var_dir, tmp_path):
    pytest.importorskip("pyspark")
    load_demo()
    run("synth", "--people", "1500", "--seed", "4")
    run("ingest", str(var_dir / "analytics" / "synthetic"), "--demo-key")
    first = run("compute")
    assert "on duckdb" in first and "measurements 0 created" not in first
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    again = run("compute", "--engine", "spark", "--spark-master", "local[1]",
                "--spark-exchange", str(exchange))  # fmt: skip
    assert "on spark" in again
    assert "measurements 0 created, 0 updated" in again  # the same figures as DuckDB's
    assert list(exchange.iterdir()) == []


def test_the_demo_pathway_with_person_level_figures_never_shows_a_person(var_dir, caplog, client):
    from io import StringIO

    from concord.analytics.queries import INDICATORS
    from concord.pathways.models import Pathway

    caplog.set_level(logging.DEBUG)
    out = StringIO()
    call_command("concord_demo", "--no-static", stdout=out)
    pathway = Pathway.objects.get(programme__slug="wigan-dementia")
    addresses = [
        reverse("pathways:on-a-page", args=[pathway.programme.slug, pathway.number]),
        f"/api/v1/programmes/{pathway.programme.slug}/pathways/{pathway.number}/on-a-page",
        *(
            reverse("organisation-indicator", args=[code, indicator.code])
            for code in ("02H", "LOC-02H-1")
            for indicator in INDICATORS
        ),
        reverse("indicator-compare", args=["02H", INDICATORS[2].code]),
        reverse("computation-runs"),
    ]
    viewer, analyst = UserFactory(role="viewer"), UserFactory(role="viewer")
    grant(analyst, ANALYST)
    texts = [out.getvalue()]
    for user in (viewer, analyst):
        client.force_login(user)
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            texts.append(response.content.decode())
    texts.append(caplog.text)
    pseudonyms, numbers = people_of(var_dir)
    assert len(pseudonyms) == len(numbers) == 20_000
    everything = "\n".join(texts)
    title = Measurement.objects.filter(indicator__code=INDICATORS[0].code).first().indicator.title
    assert "Synthetic data" in everything and title in everything
    assert not found_in(everything, pseudonyms)
    assert not found_in(everything, numbers)


def stop_spark() -> None:
    """Stop this process's Spark session, if any (a local one left by an earlier test)."""
    from pyspark import SparkContext

    if SparkContext._active_spark_context is not None:
        SparkContext._active_spark_context.stop()


@pytest.fixture
def spark_cluster(tmp_path_factory):
    from tests.spark_cluster import available, cluster

    if why := available():
        pytest.skip(why)
    with cluster(tmp_path_factory.mktemp("spark-cluster"), workers=2) as running:
        yield running


def figures() -> set[tuple]:
    return set(
        Measurement.objects.filter(is_aggregate=False).values_list(
            "indicator__code", "organisation__code", "period__label", "numerator", "denominator"
        )
    )


@pytest.mark.slow
@pytest.mark.spark
def test_a_cluster_of_two_workers_computes_the_figures_duckdb_did(
    var_dir, tmp_path, spark_cluster, monkeypatch
):
    load_demo()
    run("synth", "--people", "1500", "--seed", "4")
    run("ingest", str(var_dir / "analytics" / "synthetic"), "--demo-key")
    assert "on duckdb" in run("compute")
    by_duckdb = figures()
    exchange = tmp_path / "exchange"  # on a real cluster: storage every worker reads
    exchange.mkdir()
    stop_spark()
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # the driver, for the workers to reach
    try:
        again = run("compute", "--engine", "spark", "--spark-master", spark_cluster.master,
                    "--spark-exchange", str(exchange))  # fmt: skip
        apps = spark_cluster.state()["activeapps"]
    finally:
        stop_spark()
    assert "on spark" in again
    assert "measurements 0 created, 0 updated" in again
    assert "0 measurements of 0 practices not in the store withdrawn" in again
    assert figures() == by_duckdb and by_duckdb
    assert [(a["name"], a["cores"]) for a in apps] == [("concord-analytics", 2)]
    tasks = spark_cluster.tasks_by_worker()
    assert len(tasks) == 2 and min(tasks) > 0, tasks  # both workers ran tasks
    assert list(exchange.iterdir()) == []
