"""The schema every indicator definition file must meet, with messages naming file and field.

A definition is governed: who wrote it, who checked it and when it is next reviewed travel with
the numbers. `validate(data, file)` returns the problems; `check(data, file)` raises on any.
"""

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "APPROVALS",
    "BENCHMARK_METHODS",
    "CI_METHODS",
    "DENOMINATOR_KINDS",
    "DefinitionInvalid",
    "FIELDS",
    "PERIOD_TYPES",
    "POLARITIES",
    "PROPORTION_UNITS",
    "SPC_RULES",
    "UNITS",
    "check",
    "validate",
]

UNITS = ("proportion", "percentage", "rate", "ratio", "count", "mean")
PROPORTION_UNITS = ("proportion", "percentage")  # a numerator that is a part of its denominator
# Is the denominator counted people or events (the default), or an estimate such as the people
# expected to have dementia given the list's age and sex? A share of an estimate can exceed 100%.
DENOMINATOR_KINDS = ("count", "estimate")
POLARITIES = ("higher_is_better", "lower_is_better", "neither")
CI_METHODS = ("wilson", "byar_exact", "dobson", "none")
BENCHMARK_METHODS = ("none", "england", "parent", "peers", "target")
SPC_RULES = ("mdc", "ptd")
PERIOD_TYPES = ("month", "quarter", "financial_year")
DISCLOSURE_RULES = ("standard", "none")
# How a data submission of the indicator is approved: by the analyst of the organisation's
# commissioner (the default), or on submit, for figures that need no second look.
APPROVALS = ("analyst", "automatic")
QOF_LIST_TYPES = ("TOTAL", "06OV", "16OV", "17OV", "18OV", "50OV")
CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class DefinitionInvalid(Exception):
    """A definition file that breaks the schema; the message lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = True
    choices: tuple[str, ...] = ()


TEXT, NUMBER, DATE = str, (int, float), dt.date
FIELDS = {
    "code": Field(TEXT),
    "title": Field(TEXT),
    "description": Field(TEXT),
    "numerator": Field(TEXT),
    "denominator": Field(TEXT),
    "unit": Field(TEXT, choices=UNITS),
    "denominator_kind": Field(TEXT, required=False, choices=DENOMINATOR_KINDS),
    "multiplier": Field(NUMBER),
    "polarity": Field(TEXT, choices=POLARITIES),
    "ci_method": Field(TEXT, choices=CI_METHODS),
    "benchmark_method": Field(TEXT, choices=BENCHMARK_METHODS),
    "spc_rules": Field(TEXT, choices=SPC_RULES),
    "national_target": Field(NUMBER, required=False),
    "data_source": Field(TEXT),
    "period_type": Field(TEXT, choices=PERIOD_TYPES),
    "disclosure_rule": Field(TEXT, choices=DISCLOSURE_RULES),
    "approval": Field(TEXT, required=False, choices=APPROVALS),
    "authored_by": Field(TEXT),
    "checked_by": Field(TEXT),
    "date_reviewed": Field(DATE),
    "next_review": Field(DATE),
    "qof": Field(dict, required=False),
}
QOF_FIELDS = {
    "register": Field(TEXT),
    "register_name": Field(TEXT),
    "patient_list_type": Field(TEXT, choices=QOF_LIST_TYPES),
}
TYPE_WORDS = {TEXT: "text", NUMBER: "a number", DATE: "a date (YYYY-MM-DD)", dict: "a table"}


def _field_problem(name: str, field: Field, value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, field.kind):
        return f"expected {TYPE_WORDS[field.kind]}, found {value!r}"
    if field.kind is TEXT and not value.strip():
        return "expected text, found nothing"
    if field.choices and value not in field.choices:
        return f"expected one of {', '.join(field.choices)}, found {value!r}"
    return None


def _table_problems(data: dict, fields: dict[str, Field], file: str, prefix: str) -> list[str]:
    problems = []
    for name, field in fields.items():
        if name not in data:
            if field.required:
                problems.append(f"{file}: field '{prefix}{name}' is missing")
            continue
        problem = _field_problem(name, field, data[name])
        if problem:
            problems.append(f"{file}: field '{prefix}{name}' {problem}")
    for name in sorted(set(data) - set(fields)):
        problems.append(f"{file}: field '{prefix}{name}' is not part of the schema")
    return problems


def _rule_problems(data: dict, file: str) -> list[str]:
    problems = []
    code = data.get("code")
    if isinstance(code, str) and not CODE.match(code):
        problems.append(f"{file}: field 'code' must be lower-case words joined by '-'")
    if isinstance(code, str) and file.endswith(".toml") and file[: -len(".toml")] != code:
        problems.append(f"{file}: field 'code' is {code!r} but the file is named {file!r}")
    mult = data.get("multiplier")
    if isinstance(mult, (int, float)) and not isinstance(mult, bool) and mult <= 0:
        problems.append(f"{file}: field 'multiplier' must be above 0, found {mult!r}")
    reviewed, due = data.get("date_reviewed"), data.get("next_review")
    if isinstance(reviewed, dt.date) and isinstance(due, dt.date) and due <= reviewed:
        problems.append(f"{file}: field 'next_review' ({due}) must be after date_reviewed")
    return problems


def validate(data: dict, file: str) -> list[str]:
    """Every problem with one definition, each naming the file and the field."""
    problems = _table_problems(data, FIELDS, file, "")
    if isinstance(data.get("qof"), dict):
        problems += _table_problems(data["qof"], QOF_FIELDS, file, "qof.")
    return problems + _rule_problems(data, file)


def check(data: dict, file: str) -> dict:
    problems = validate(data, file)
    if problems:
        raise DefinitionInvalid(problems)
    return data
