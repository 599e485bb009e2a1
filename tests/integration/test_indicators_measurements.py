"""Generic measurement import, limits, roll-up over the dated hierarchy and re-aggregation."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from concord.indicators.aggregation import reaggregate, roll_up
from concord.indicators.definitions import load_definitions
from concord.indicators.importers import MeasurementsCsvImporter
from concord.indicators.models import Indicator, Measurement, Period
from concord.organisations.importers import ImportFailed
from concord.organisations.models import ImportBatch, Kind, RelationshipKind
from concord.stats.proportions import proportion
from tests.factories import CCGFactory, OrganisationFactory, PracticeFactory, RelationshipFactory
from tests.integration.importing import import_fails

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
DEM = "qof-prevalence-dem"
HEADER = "indicator,organisation,period,numerator,denominator"


@pytest.fixture
def economy():
    """Two CCGs; a PCN in CCG A whose third practice is commissioned by CCG B."""
    load_definitions()
    ccg_a, ccg_b = CCGFactory(), CCGFactory()
    pcn = OrganisationFactory(kind=Kind.PCN)
    RelationshipFactory(child=pcn, parent=ccg_a)
    practices = [PracticeFactory() for _ in range(3)]
    for practice, ccg in zip(practices, (ccg_a, ccg_a, ccg_b), strict=True):
        RelationshipFactory(child=practice, parent=ccg)
        RelationshipFactory(child=practice, parent=pcn, kind=RelationshipKind.MEMBER_OF)
    return {"ccg_a": ccg_a, "ccg_b": ccg_b, "pcn": pcn, "practices": practices}


FIGURES = ((40, 5000), (25, 3100), (61, 7400))  # (register, list size) per practice


def write_csv(tmp_path, lines, name="measurements.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n")
    return path


def practice_lines(economy, period="2020-21", figures=FIGURES):
    return [
        f"{DEM},{p.code},{period},{num},{den}"
        for p, (num, den) in zip(economy["practices"], figures, strict=True)
    ]


def measurement(org, period="2020-21"):
    return Measurement.objects.for_indicator(DEM).in_period(period).get(organisation=org)


def assert_figures(m, numerator, denominator):
    expected = proportion(numerator, denominator, 100)
    assert (m.numerator, m.denominator) == (numerator, denominator)
    for field in ("value", "lower_95", "upper_95", "lower_998", "upper_998"):
        assert getattr(m, field) == pytest.approx(getattr(expected, field))


def test_import_stores_practice_figures_with_wilson_limits(economy, tmp_path):
    batch = MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy))).run()
    for practice, (num, den) in zip(economy["practices"], FIGURES, strict=True):
        m = measurement(practice)
        assert_figures(m, num, den)
        assert m.batch == batch and not m.is_aggregate
    period = Period.objects.get(label="2020-21")
    assert (period.period_type, period.start, period.end) == (
        "financial_year",
        *map(D, ("2020-04-01", "2021-03-31")),
    )


def test_parents_are_sums_of_their_practices_and_a_spanning_pcn_counts_once(economy, tmp_path):
    MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy))).run()
    (a1, a2, b1) = FIGURES
    assert_figures(measurement(economy["pcn"]), a1[0] + a2[0] + b1[0], a1[1] + a2[1] + b1[1])
    # CCG A holds the PCN, but the PCN's practice commissioned by CCG B counts in B only
    assert_figures(measurement(economy["ccg_a"]), a1[0] + a2[0], a1[1] + a2[1])
    assert_figures(measurement(economy["ccg_b"]), b1[0], b1[1])
    assert measurement(economy["ccg_a"]).is_aggregate


def test_the_same_file_twice_changes_nothing(economy, tmp_path):
    path = write_csv(tmp_path, practice_lines(economy))
    first = MeasurementsCsvImporter(path).run()
    again = MeasurementsCsvImporter(path)
    assert again.run() == first and again.already_imported == first
    forced = MeasurementsCsvImporter(path, force=True).run()
    assert (forced.created, forced.updated, forced.unchanged) == (0, 0, 3)
    assert "0 aggregates created, 0 updated, 3 unchanged" in forced.notes
    assert Measurement.objects.count() == 6


def test_a_changed_figure_updates_the_practice_and_its_parents(economy, tmp_path):
    MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy))).run()
    changed = ((45, 5000), *FIGURES[1:])
    batch = MeasurementsCsvImporter(
        write_csv(tmp_path, practice_lines(economy, figures=changed), "v2.csv")
    ).run()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 2)
    assert measurement(economy["ccg_a"]).numerator == 45 + 25


@pytest.mark.parametrize(
    "line, where, message",
    [
        (
            f"{DEM},NOPE1,2020-21,1,10",
            "row 3, column organisation",
            "unknown organisation code 'NOPE1'",
        ),
        (
            "no-such-indicator,{code},2020-21,1,10",
            "row 3, column indicator",
            "unknown indicator",
        ),
        (
            f"{DEM},{{code}},2020-21,-1,10",
            "row 3, column numerator",
            "expected a number of 0 or more",
        ),
        (
            f"{DEM},{{code}},2020-21,1,ten",
            "row 3, column denominator",
            "expected a number, found 'ten'",
        ),
        (
            f"{DEM},{{code}},2021-03,1,10",
            "row 3, column period",
            "is not a financial year such as 2020-21",
        ),
        (
            f"{DEM},{{code}},2020-21,996,10",
            "row 3, column numerator",
            "numerator 996 is above the denominator 10",
        ),
        (f"{DEM},{{code}},2020-21,1", "row 3", "expected 5 columns, found 4"),
        (f"{DEM},{{first}},2020-21,1,10", "row 3", "repeats row 2"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(economy, tmp_path, line, where, message):
    first, second = economy["practices"][:2]
    lines = [f"{DEM},{first.code},2020-21,1,10", line.format(code=second.code, first=first.code)]
    with pytest.raises(ImportFailed) as raised:
        MeasurementsCsvImporter(write_csv(tmp_path, lines)).run()
    assert str(raised.value).startswith(f"measurements.csv, {where}: ")
    assert message in str(raised.value)
    assert not Measurement.objects.exists() and not ImportBatch.objects.exists()


def test_a_percentage_above_100_is_refused_by_concord_import(economy, tmp_path):
    """A register cannot hold more patients than the list it is drawn from: stored, 996 of 10
    would read 9,960% and carry its parents' figures past 100%."""
    first, second = economy["practices"][:2]
    lines = [f"{DEM},{first.code},2020-21,40,5000", f"{DEM},{second.code},2020-21,996,10"]
    message = import_fails("measurements-csv", write_csv(tmp_path, lines))
    assert (
        "measurements.csv, row 3, column numerator: numerator 996 is above the denominator 10"
        in (message)
    )
    assert not Measurement.objects.exists() and not ImportBatch.objects.exists()


def test_a_rate_may_exceed_its_denominator(economy, tmp_path):
    """Emergency admissions per 1,000 people with dementia: a person can be admitted twice."""
    code, practice = "dementia-emergency-admissions-65", economy["practices"][0]
    MeasurementsCsvImporter(write_csv(tmp_path, [f"{code},{practice.code},2020-21 Q4,30,20"])).run()
    stored = Measurement.objects.for_indicator(code).get(organisation=practice)
    assert (stored.numerator, stored.denominator, stored.value) == (30, 20, 1500)


def test_the_dementia_diagnosis_rate_may_exceed_100_percent(economy, tmp_path):
    """Its denominator is an estimate (CFAS II rates applied to the list), not a count of the
    people in the numerator, so a practice can diagnose more than were expected."""
    code, practice = "dementia-diagnosis-rate-65", economy["practices"][0]
    MeasurementsCsvImporter(write_csv(tmp_path, [f"{code},{practice.code},2021-03,120,100"])).run()
    stored = Measurement.objects.for_indicator(code).get(organisation=practice)
    assert stored.value == pytest.approx(120) and stored.lower_95 is None


def test_a_missing_column_is_named(economy, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("indicator,organisation,period,numerator\n")
    with pytest.raises(ImportFailed, match="m.csv, row 1, column denominator: expected a column"):
        MeasurementsCsvImporter(path).run()


def test_a_figure_published_for_a_parent_is_kept_over_the_sum(economy, tmp_path):
    lines = [*practice_lines(economy), f"{DEM},{economy['ccg_b'].code},2020-21,70,7500"]
    batch = MeasurementsCsvImporter(write_csv(tmp_path, lines)).run()
    kept = measurement(economy["ccg_b"])
    assert (kept.numerator, kept.is_aggregate, kept.batch) == (70, False, batch)
    assert "1 published figures kept" in batch.notes


def test_roll_up_follows_the_hierarchy_at_the_period_end(economy, tmp_path):
    MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy))).run()
    mover = economy["practices"][1]
    link = mover.links_up.get(parent=economy["ccg_a"])
    link.end = D("2020-12-31")
    link.save()
    RelationshipFactory(child=mover, parent=economy["ccg_b"], start=D("2021-01-01"))
    indicator, period = Indicator.objects.get(code=DEM), Period.objects.get(label="2020-21")
    counts = roll_up([indicator], period)
    assert counts["updated"] == 2
    assert measurement(economy["ccg_a"]).numerator == FIGURES[0][0]
    assert measurement(economy["ccg_b"]).numerator == FIGURES[1][0] + FIGURES[2][0]


def test_a_parent_left_without_practices_loses_its_aggregate(economy, tmp_path):
    MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy))).run()
    economy["ccg_b"].links_down.update(end=D("2019-03-31"))
    economy["pcn"].links_down.filter(child=economy["practices"][2]).update(end=D("2019-03-31"))
    counts = roll_up([Indicator.objects.get(code=DEM)], Period.objects.get(label="2020-21"))
    assert counts["removed"] == 1
    assert not Measurement.objects.filter(organisation=economy["ccg_b"]).exists()


def test_reaggregate_onto_the_geography_of_another_date(economy, tmp_path):
    """2019-20 figures by the CCGs of the time, then onto the sub-ICB location of 2023."""
    MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy, "2019-20"))).run()
    sub_icb = OrganisationFactory(kind=Kind.SUB_ICB)
    for practice in economy["practices"]:
        practice.links_up.filter(kind=RelationshipKind.PART_OF).update(end=D("2022-06-30"))
        RelationshipFactory(child=practice, parent=sub_icb, start=D("2022-07-01"))
    indicator, period = Indicator.objects.get(code=DEM), Period.objects.get(label="2019-20")
    [onto] = reaggregate(indicator, period, as_at=D("2023-02-28"), kinds=(Kind.SUB_ICB,))
    numerator, denominator = (sum(f[i] for f in FIGURES) for i in (0, 1))
    assert (onto.organisation, onto.practices) == (sub_icb, 3)
    assert_figures(onto, numerator, denominator)
    by_then = {a.organisation for a in reaggregate(indicator, period, as_at=period.end)}
    assert by_then == {economy["ccg_a"], economy["ccg_b"], economy["pcn"]}
    assert not Measurement.objects.filter(organisation=sub_icb).exists()  # nothing stored


def test_domain_words_on_measurements(economy, tmp_path):
    MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy))).run()
    on = D("2021-03-31")
    within_a = Measurement.objects.for_indicator(DEM).within(economy["ccg_a"], as_at=on)
    # the PCN's practice commissioned by CCG B is not within CCG A, as in the registry
    assert set(within_a.practices().values_list("organisation__code", flat=True)) == {
        p.code for p in economy["practices"][:2]
    }
    assert within_a.aggregates().get().organisation == economy["pcn"]
    assert Measurement.objects.imported().count() == 3


def test_limits_must_be_ordered_in_the_database(economy):
    load_definitions()
    period = Period.objects.create(
        period_type="financial_year", start=D("2020-04-01"), end=D("2021-03-31"), label="2020-21"
    )
    with pytest.raises(IntegrityError):
        Measurement.objects.create(
            indicator=Indicator.objects.get(code=DEM),
            organisation=economy["practices"][0],
            period=period,
            numerator=1,
            denominator=10,
            lower_95=0.5,
            upper_95=0.4,
        )


def test_concord_import_measurements_csv(economy, tmp_path, capsys):
    call_command(
        "concord_import", "measurements-csv", str(write_csv(tmp_path, practice_lines(economy)))
    )
    assert "3 created" in capsys.readouterr().out
    with pytest.raises(SystemExit) as raised:
        call_command(
            "concord_import", "measurements-csv", str(write_csv(tmp_path, ["x,y"], "bad.csv"))
        )
    assert raised.value.code == 2
    assert "nothing was written" in capsys.readouterr().err


def test_concord_import_qof_prevalence_with_a_given_period(economy, tmp_path, capsys):
    path = tmp_path / "prevalence.csv"
    lines = ["PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE"]
    pairs = zip(economy["practices"], FIGURES, strict=True)
    lines += [f"{p.code},DEM,{n},TOTAL,{d}" for p, (n, d) in pairs]
    path.write_text("\n".join(lines) + "\n")
    call_command("concord_import", "qof-prevalence", str(path), "--period", "2020-21")
    assert "3 created" in capsys.readouterr().out
    assert_figures(measurement(economy["ccg_b"]), *FIGURES[2])


def test_concord_indicators_roll_up_reaggregate_and_list(economy, tmp_path, capsys):
    MeasurementsCsvImporter(write_csv(tmp_path, practice_lines(economy))).run()
    call_command("concord_indicators", "roll-up", "--indicator", DEM, "--period", "2020-21")
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out
    call_command(
        "concord_indicators", "reaggregate", "--indicator", DEM, "--period", "2020-21",
        "--kind", Kind.CCG,
    )  # fmt: skip
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.startswith("indicator,code,name,kind,practices,numerator,denominator,value")
    assert sorted(row.split(",")[1] for row in rows) == sorted(
        [economy["ccg_a"].code, economy["ccg_b"].code]
    )
    call_command("concord_indicators", "list")
    assert f"{DEM}\tv1" in capsys.readouterr().out
