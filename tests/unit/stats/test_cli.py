"""`concord stats` through its entry point, as an analyst would call it."""

import csv
import json

import pytest

from concord.stats.cli import main
from concord.stats.dsr import ESP2013
from concord.stats.proportions import proportion

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


def test_spc_too_few_points_exits_2(capsys, tmp_path):
    path = write_csv(tmp_path / "s.csv", spc_rows([1.0, -1.0] * 6))
    code, _, err = run(capsys, "spc", "--csv", path, "--value-column", "v")
    assert code == 2 and "at least 13" in err


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
