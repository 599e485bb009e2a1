"""Indicator definitions: TOML files in definitions/, checked by the schema, loaded as versions.

`load_definitions()` is idempotent: a file whose content has not changed leaves its indicator
untouched; a changed file updates the indicator and adds an IndicatorVersion.
"""

import datetime as dt
import hashlib
import json
import tomllib
from pathlib import Path

from django.db import transaction

from .models import Indicator, IndicatorVersion
from .schema import DefinitionInvalid, check

__all__ = [
    "DEFINITIONS_DIR",
    "RENAMED",
    "as_json",
    "content_hash",
    "definition_files",
    "load_definitions",
    "read_definition",
]

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
RENAMED = {"numerator": "numerator_definition", "denominator": "denominator_definition"}
SOURCE_TABLES = ("qof",)


def read_definition(path: Path) -> dict:
    """One file's definition, checked against the schema (DefinitionInvalid names the field)."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionInvalid([f"{path.name}: not valid TOML ({error})"]) from error
    return check(data, path.name)


def definition_files(folder: Path | None = None) -> list[Path]:
    return sorted(Path(folder or DEFINITIONS_DIR).glob("*.toml"))


def _read_definitions(folder: Path | None = None) -> dict[str, dict]:
    """{file name: definition} for every file; all problems in all files reported at once."""
    definitions, problems, codes = {}, [], {}
    for path in definition_files(folder):
        try:
            definitions[path.name] = data = read_definition(path)
        except DefinitionInvalid as error:
            problems += error.problems
            continue
        if data["code"] in codes:
            other = codes[data["code"]]
            problems.append(f"{path.name}: field 'code' {data['code']!r} is also in {other}")
        codes[data["code"]] = path.name
    if problems:
        raise DefinitionInvalid(problems)
    return definitions


def as_json(data: dict) -> dict:
    """The definition with dates as ISO text, as stored in IndicatorVersion.definition."""
    return json.loads(json.dumps(data, sort_keys=True, default=_iso))


def _iso(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r} in a definition")


def content_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(as_json(data), sort_keys=True).encode()).hexdigest()


def _indicator_fields(data: dict) -> dict:
    fields = {RENAMED.get(k, k): v for k, v in data.items() if k not in SOURCE_TABLES}
    fields.setdefault("national_target", None)
    fields.setdefault("denominator_kind", "count")
    fields.setdefault("approval", "analyst")
    fields["details"] = as_json({k: data[k] for k in SOURCE_TABLES if k in data})
    return fields


def _save(data: dict, file_name: str, digest: str, by) -> str:
    indicator = Indicator.objects.filter(code=data["code"]).first()
    if indicator is not None and indicator.content_hash == digest:
        return "unchanged"
    fields = {**_indicator_fields(data), "content_hash": digest, "source_file": file_name}
    status = "created" if indicator is None else "updated"
    if indicator is None:
        indicator = Indicator(version=1, **fields)
    else:
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.version += 1
    indicator.save()
    IndicatorVersion.objects.create(
        indicator=indicator,
        number=indicator.version,
        content_hash=digest,
        definition=as_json(data),
        source_file=file_name,
        loaded_by=by,
    )
    return status


@transaction.atomic
def load_definitions(folder: Path | None = None, *, by=None) -> dict[str, list[str]]:
    """Load every definition file; returns the codes created, updated and unchanged."""
    result: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    for file_name, data in _read_definitions(folder).items():
        result[_save(data, file_name, content_hash(data), by)].append(data["code"])
    return result
