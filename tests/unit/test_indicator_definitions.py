"""Every shipped definition meets the schema; the schema's messages name the file and the field."""

import datetime as dt
import tomllib

import pytest

from concord.indicators.definitions import DEFINITIONS_DIR, definition_files
from concord.indicators.periods import PeriodInvalid, parse_period
from concord.indicators.schema import validate

QOF_REGISTERS = (
    "AF AST CAN CHD CKD COPD DEM DEP DM EP HF HYP LD MH NDH OB OST PAD PC RA STIA".split()
)
FILES = definition_files()


def _load(name: str) -> dict:
    with open(DEFINITIONS_DIR / name, "rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_definition_file_meets_the_schema(path):
    with open(path, "rb") as handle:
        assert validate(tomllib.load(handle), path.name) == []


def test_one_prevalence_definition_per_qof_register_carrying_its_register():
    for group in QOF_REGISTERS:
        data = _load(f"qof-prevalence-{group.lower()}.toml")
        assert data["qof"]["register"] == group
        assert data["unit"] == "percentage" and data["multiplier"] == 100


def test_dementia_diagnosis_rate_carries_the_national_ambition():
    # 66.7%: the Prime Minister's Challenge on Dementia 2020 (NHS Digital indicator library)
    data = _load("dementia-diagnosis-rate-65.toml")
    assert data["national_target"] == 66.7
    assert data["polarity"] == "higher_is_better"


def test_dementia_diagnosis_rate_is_a_share_of_an_estimate():
    # its denominator is the people expected to have dementia (CFAS II rates applied to the
    # registered 65+ list), so it can exceed 100% (NHS Digital indicator library)
    data = _load("dementia-diagnosis-rate-65.toml")
    assert (data["unit"], data["denominator_kind"]) == ("percentage", "estimate")


def _valid() -> dict:
    return _load("qof-prevalence-dem.toml")


def test_a_missing_field_is_named_with_the_file():
    data = _valid()
    del data["checked_by"]
    assert validate(data, "qof-prevalence-dem.toml") == [
        "qof-prevalence-dem.toml: field 'checked_by' is missing"
    ]


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("polarity", "up", "field 'polarity' expected one of higher_is_better"),
        ("multiplier", "100", "field 'multiplier' expected a number, found '100'"),
        ("multiplier", 0, "field 'multiplier' must be above 0"),
        ("next_review", "soon", "field 'next_review' expected a date (YYYY-MM-DD)"),
        ("next_review", dt.date(2020, 1, 1), "field 'next_review' (2020-01-01) must be after"),
        ("title", "  ", "field 'title' expected text, found nothing"),
        ("code", "qof-prevalence-dementia", "field 'code' is 'qof-prevalence-dementia' but"),
        ("owner", "someone", "field 'owner' is not part of the schema"),
        ("denominator_kind", "guess", "field 'denominator_kind' expected one of count, estimate"),
        ("approval", "sometimes", "field 'approval' expected one of analyst, automatic"),
    ],
)
def test_bad_values_are_named_precisely(field, value, expected):
    data = {**_valid(), field: value}
    problems = validate(data, "qof-prevalence-dem.toml")
    assert len(problems) == 1
    assert problems[0].startswith("qof-prevalence-dem.toml: ")
    assert expected in problems[0]


def test_a_bad_qof_list_type_is_named_within_its_table():
    data = _valid()
    data["qof"] = {**data["qof"], "patient_list_type": "65OV"}
    [problem] = validate(data, "qof-prevalence-dem.toml")
    assert "field 'qof.patient_list_type' expected one of TOTAL" in problem


@pytest.mark.parametrize(
    "label, period_type, start, end",
    [
        ("2020-21", None, "2020-04-01", "2021-03-31"),
        ("2019-20", "financial_year", "2019-04-01", "2020-03-31"),
        ("2021-03", None, "2021-03-01", "2021-03-31"),
        ("2010-11", "month", "2010-11-01", "2010-11-30"),
        ("2020-21 Q3", None, "2020-10-01", "2020-12-31"),
        ("2020-21 Q4", "quarter", "2021-01-01", "2021-03-31"),
    ],
)
def test_periods_from_their_labels(label, period_type, start, end):
    spec = parse_period(label, period_type)
    assert (spec.start.isoformat(), spec.end.isoformat(), spec.label) == (start, end, label)


@pytest.mark.parametrize("label", ["2020-22", "2021-13", "March 2021", "2021-03 Q1"])
def test_bad_period_labels_are_refused(label):
    with pytest.raises(PeriodInvalid):
        parse_period(label, "financial_year" if label == "2020-22" else None)
