"""`concord stats` through its entry point, as an analyst would call it."""

import csv
import json

import pytest

from concord.stats.dsr import ESP2013
from concord.stats.proportions import proportion
from concord.stats_cli import main

from .phe_workbook import COUNTS, DSR_PER_100000, ISR_RESULTS, area_bands

ESTIMATE = {"value", "lower_95", "upper_95", "lower_998", "upper_998"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(path, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def test_proportion_json(capsys):
    code, out, _ = run(capsys, "proportion", "--numerator", "65", "--denominator", "100")
    result = json.loads(out)
    assert code == 0 and ESTIMATE <= set(result)
    assert result["lower_95"] == pytest.approx(proportion(65, 100, 100).lower_95)


def test_proportion_other_confidence_adds_its_limits(capsys):
    _, out, _ = run(
        capsys, "proportion", "--numerator", "65", "--denominator", "100", "--confidence", "90"
    )
    result = json.loads(out)
    assert result["lower_95"] < result["lower"] < result["value"]


def test_proportion_numerator_above_denominator_exits_2(capsys):
    code, _, err = run(capsys, "proportion", "--numerator", "120", "--denominator", "100")
    assert code == 2 and "numerator" in err


def test_rate_csv_format(capsys):
    code, out, _ = run(capsys, "rate", "--events", "1", "--population", "100", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 0 and float(rows[0]["value"]) == 1000 and rows[0]["method"] == "Exact"


def test_missing_argument_exits_2(capsys):
    assert run(capsys, "rate", "--events", "1")[0] == 2


def spc_rows(values):
    return [
        {"period": f"2020-{i + 1:02d}" if i < 12 else f"2021-{i - 11:02d}", "v": v}
        for i, v in enumerate(values)
    ]


def test_spc_json(capsys, tmp_path):
    values = [1.0, -1.0] * 7 + [9.0]
    path = write_csv(tmp_path / "s.csv", spc_rows(values))
    code, out, _ = run(capsys, "spc", "--csv", path, "--value-column", "v", "--target", "-7")
    result = json.loads(out)
    assert code == 0
    point = result["points"][-1]
    assert {
        "value",
        "mean",
        "lower_limit",
        "upper_limit",
        "special_cause",
        "classification",
    } <= set(point)
    assert point["special_cause"] == ["outside_limits"]
    assert (result["variation_icon"], result["assurance_icon"]) == ("improvement_high", "pass")


def test_spc_rebase_at_a_period_and_csv(capsys, tmp_path):
    path = write_csv(tmp_path / "s.csv", spc_rows([1.0, -1.0] * 7 + [11.0, 9.0] * 7))
    code, out, _ = run(
        capsys,
        "spc",
        "--csv",
        path,
        "--value-column",
        "v",
        "--rules",
        "ptd",
        "--rebase-at",
        "2021-03",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 0 and float(rows[0]["mean"]) == 0 and float(rows[-1]["mean"]) == 10
    assert rows[14]["period"] == "2021-03" and rows[14]["segment"] == "1"


def test_spc_below_13_points_is_a_run_chart_without_limits_or_icons(capsys, tmp_path):
    """Making Data Count draws a run chart, with no limits or icons, below 13 points."""
    values = [1.0, -1.0] * 6
    path = write_csv(tmp_path / "s.csv", spc_rows(values))
    code, out, err = run(capsys, "spc", "--csv", path, "--value-column", "v", "--target", "0")
    result = json.loads(out)
    assert code == 0 and err == ""
    assert [p["value"] for p in result["points"]] == values
    assert result["points"][-1]["period"] == "2020-12"
    for point in result["points"]:
        assert point["lower_limit"] is point["upper_limit"] is None
        assert point["special_cause"] == []
    assert result["variation_icon"] is result["assurance_icon"] is None
    assert any("fewer than 13 points" in w and "run chart" in w for w in result["warnings"])


def test_spc_run_chart_as_csv_says_why_on_stderr(capsys, tmp_path):
    path = write_csv(tmp_path / "s.csv", spc_rows([1.0, 2.0, 3.0]))
    code, out, err = run(capsys, "spc", "--csv", path, "--value-column", "v", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 0 and [float(r["value"]) for r in rows] == [1.0, 2.0, 3.0]
    assert {r["upper_limit"] for r in rows} == {""}
    assert "fewer than 13 points" in err


def test_spc_with_no_values_exits_2(capsys, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("period,v\n")
    code, _, err = run(capsys, "spc", "--csv", str(path), "--value-column", "v")
    assert code == 2 and "no values" in err


def test_spc_bad_value_names_the_row(capsys, tmp_path):
    rows = spc_rows([1.0, -1.0] * 7)
    rows[3]["v"] = "n/a"
    code, _, err = run(
        capsys, "spc", "--csv", write_csv(tmp_path / "s.csv", rows), "--value-column", "v"
    )
    assert code == 2 and "row 5" in err


def test_spc_missing_column_exits_2(capsys, tmp_path):
    path = write_csv(tmp_path / "s.csv", spc_rows([1.0] * 13))
    code, _, err = run(capsys, "spc", "--csv", path, "--value-column", "value")
    assert code == 2 and "missing column" in err


def test_funnel_proportion_rows(capsys, tmp_path):
    path = write_csv(
        tmp_path / "f.csv",
        [
            {"area": "A", "numerator": 35078.488, "denominator": 41980},
            {"area": "B", "numerator": 24803.6256, "denominator": 31824},
        ],
    )
    code, out, _ = run(capsys, "funnel", "--csv", path, "--type", "proportion")
    result = json.loads(out)
    assert code == 0 and [r["area"] for r in result["rows"]] == ["A", "B"]
    assert ESTIMATE | {"significance"} <= set(result["rows"][0])


def test_funnel_negative_count_names_the_row(capsys, tmp_path):
    path = write_csv(
        tmp_path / "f.csv", [{"observed": 3, "expected": 2.5}, {"observed": -1, "expected": 2.0}]
    )
    code, _, err = run(capsys, "funnel", "--csv", path, "--type", "ratio")
    assert code == 2 and "row 3" in err


def test_funnel_numerator_above_denominator_names_the_row(capsys, tmp_path):
    path = write_csv(tmp_path / "f.csv", [{"numerator": 30, "denominator": 20}])
    code, _, err = run(capsys, "funnel", "--csv", path, "--type", "proportion")
    assert code == 2 and "row 2" in err


def test_dsr_per_area(capsys, tmp_path):
    bands = [f"{5 * i}-{5 * i + 4}" for i in range(18)] + ["90+"]
    rows = [{"area": "X", "age_band": b, "events": 3, "population": 1000} for b in bands]
    code, out, _ = run(capsys, "dsr", "--csv", write_csv(tmp_path / "d.csv", rows))
    area = json.loads(out)["areas"][0]
    assert code == 0 and area["area"] == "X"
    assert area["value"] == pytest.approx(3 / 1000 * 100_000)  # equal band rates
    assert sum(ESP2013) == 100_000


def test_dsr_missing_band_exits_2(capsys, tmp_path):
    rows = [{"area": "X", "age_band": "0-4", "events": 3, "population": 1000}]
    code, _, err = run(capsys, "dsr", "--csv", write_csv(tmp_path / "d.csv", rows))
    assert code == 2 and "age bands missing" in err


DSR_COLUMNS = ("area", "age_band", "events", "population")


def workbook_csv(path, areas, columns=None):
    """PHEindicatormethods' testdata_multiarea (see phe_workbook) as a CSV file."""
    rows = [row for area in areas for row in area_bands(area)]
    if columns:
        rows = [{c: row[c] for c in columns} for row in rows]
    return write_csv(path, rows)


def test_dsr_counts_an_empty_events_cell_as_zero(capsys, tmp_path):
    path = workbook_csv(tmp_path / "d.csv", sorted(COUNTS), DSR_COLUMNS)
    assert ",10-14,," in open(path).read()  # testdata_tiny's empty count, as published
    code, out, err = run(capsys, "dsr", "--csv", path)
    assert code == 0, err
    for area in json.loads(out)["areas"]:
        published = DSR_PER_100000[area["area"]]
        ours = tuple(area[k] for k in ("value", "lower_95", "upper_95", "lower_998", "upper_998"))
        assert ours == pytest.approx(published, rel=1.5e-8) if published[0] else ours == published


@pytest.mark.parametrize("population", ["", "0", "-3"])
def test_dsr_empty_or_zero_population_names_the_row_and_column(capsys, tmp_path, population):
    rows = [{c: row[c] for c in DSR_COLUMNS} for row in area_bands("testdata_big")]
    rows[2]["population"] = population
    code, _, err = run(capsys, "dsr", "--csv", write_csv(tmp_path / "d.csv", rows))
    assert code == 2 and "row 4: population" in err and "greater than zero" in err


def test_dsr_negative_events_name_the_row(capsys, tmp_path):
    rows = [{c: row[c] for c in DSR_COLUMNS} for row in area_bands("testdata_big")]
    rows[5]["events"] = -1
    code, _, err = run(capsys, "dsr", "--csv", write_csv(tmp_path / "d.csv", rows))
    assert code == 2 and "row 7: events" in err


def test_dsr_repeated_age_band_names_the_row(capsys, tmp_path):
    rows = [{c: row[c] for c in DSR_COLUMNS} for row in area_bands("testdata_big")]
    rows.append(dict(rows[0]))
    code, _, err = run(capsys, "dsr", "--csv", write_csv(tmp_path / "d.csv", rows))
    assert code == 2 and "row 21" in err and "repeats row 2" in err


ISR_KEYS = ("value", "lower_95", "upper_95", "lower_998", "upper_998")


def isr_areas(capsys, path, *options):
    code, out, err = run(capsys, "isr", "--csv", path, *options)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("refvalue", ["1", "100"])
def test_isr_ratio_per_area_as_published(capsys, tmp_path, refvalue):
    path = workbook_csv(tmp_path / "i.csv", sorted(COUNTS))
    result = isr_areas(capsys, path, "--refvalue", refvalue)
    assert (result["type"], result["refvalue"]) == ("ratio", float(refvalue))
    for area in result["areas"]:
        observed, expected, _, *limits, method = ISR_RESULTS[(area["area"], f"ratio x {refvalue}")]
        assert (area["observed"], area["method"]) == (observed, method)
        assert area["expected"] == pytest.approx(expected, rel=1.5e-8)
        assert tuple(area[k] for k in ISR_KEYS) == pytest.approx(tuple(limits), rel=1.5e-8)


@pytest.mark.parametrize("multiplier", ["100000", "1000"])
def test_isr_rate_per_area_as_published(capsys, tmp_path, multiplier):
    path = workbook_csv(tmp_path / "i.csv", sorted(COUNTS))
    result = isr_areas(capsys, path, "--type", "rate", "--multiplier", multiplier)
    assert (result["type"], result["multiplier"]) == ("rate", float(multiplier))
    for area in result["areas"]:
        observed, expected, rate, *limits, method = ISR_RESULTS[
            (area["area"], f"rate per {multiplier}")
        ]
        assert area["reference_rate"] == pytest.approx(rate, rel=1.5e-8)
        assert tuple(area[k] for k in ISR_KEYS) == pytest.approx(tuple(limits), rel=1.5e-8)


def test_isr_band_with_no_population_contributes_nothing(capsys, tmp_path):
    rows = area_bands("testdata_big")
    rows[1]["population"] = 0  # testdata_err2's Area1
    result = isr_areas(capsys, write_csv(tmp_path / "i.csv", rows), "--refvalue", "100")
    observed, expected, _, value, lower_95, upper_95, *_ = ISR_RESULTS[("Area1", "ratio x 100")]
    [area] = result["areas"]
    assert area["expected"] == pytest.approx(expected, rel=1.5e-8)
    assert (area["value"], area["lower_95"], area["upper_95"]) == pytest.approx(
        (value, lower_95, upper_95), rel=1.5e-8
    )


def test_isr_empty_cells_count_as_zero_and_csv_format(capsys, tmp_path):
    rows = area_bands("testdata_tiny")
    assert rows[2]["events"] == ""
    rows[2]["population"] = rows[2]["reference_events"] = ""  # as testdata_multiarea_isr has it
    code, out, _ = run(
        capsys, "isr", "--csv", write_csv(tmp_path / "i.csv", rows), "--format", "csv"
    )
    [row] = list(csv.DictReader(out.splitlines()))
    observed, expected, _, value, *_, method = ISR_RESULTS[("testdata_tiny", "ratio x 1")]
    assert code == 0 and row["area"] == "testdata_tiny" and row["method"] == method == "Exact"
    assert float(row["observed"]) == observed
    assert float(row["value"]) == pytest.approx(value, rel=1.5e-8)


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("reference_population", "", "row 4: reference_population"),
        ("reference_population", "0", "row 4: reference_population"),
        ("events", "-1", "row 4: events"),
        ("population", "-5", "row 4: population"),
        ("reference_events", "-2", "row 4: reference_events"),
        ("events", "n/a", "row 4: events 'n/a' is not a number"),
        ("age_band", "", "row 4: age_band"),
        ("age_band", "0-4", "row 4: age band '0-4' repeats row 2"),
    ],
)
def test_isr_bad_cell_names_the_row_and_column(capsys, tmp_path, column, text, message):
    rows = area_bands("testdata_big")
    rows[2][column] = text
    code, out, err = run(capsys, "isr", "--csv", write_csv(tmp_path / "i.csv", rows))
    assert code == 2 and out == "" and message in err


def test_isr_missing_column_exits_2(capsys, tmp_path):
    rows = [{c: row[c] for c in DSR_COLUMNS} for row in area_bands("testdata_big")]
    code, _, err = run(capsys, "isr", "--csv", write_csv(tmp_path / "i.csv", rows))
    assert code == 2 and "missing column(s) reference_events, reference_population" in err


def test_isr_area_with_nothing_expected_exits_2(capsys, tmp_path):
    rows = area_bands("testdata_big")
    for row in rows:
        row["population"] = 0
    code, _, err = run(capsys, "isr", "--csv", write_csv(tmp_path / "i.csv", rows))
    assert code == 2 and "area 'testdata_big'" in err and "expected count" in err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--refvalue", "10"), "--refvalue must be 1 or 100"),
        (("--type", "rate", "--refvalue", "100"), "--refvalue is for --type ratio"),
        (("--multiplier", "1000"), "--multiplier is for --type rate"),
        (("--type", "odds"), "--type must be ratio or rate"),
    ],
)
def test_isr_bad_options_exit_2(capsys, tmp_path, options, message):
    path = workbook_csv(tmp_path / "i.csv", ["testdata_big"])
    code, _, err = run(capsys, "isr", "--csv", path, *options)
    assert code == 2 and message in err


def test_an_area_a_spreadsheet_would_run_is_written_inert_in_csv(capsys, tmp_path):
    rows = [{**row, "area": '=HYPERLINK("http://x")'} for row in area_bands("testdata_tiny")]
    code, out, _ = run(
        capsys, "isr", "--csv", write_csv(tmp_path / "i.csv", rows), "--format", "csv"
    )
    [row] = list(csv.DictReader(out.splitlines()))
    assert code == 0 and row["area"] == '\'=HYPERLINK("http://x")'
    assert not row["observed"].startswith("'") and float(row["value"]) > 0  # numbers as numbers
