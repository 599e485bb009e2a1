"""Loading definitions is idempotent and keeps a version per change of a file."""

import re
import shutil

import pytest
from django.core.management import call_command

from concord.indicators.definitions import definition_files, load_definitions
from concord.indicators.models import Indicator, IndicatorVersion
from concord.indicators.schema import DefinitionInvalid

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    for path in definition_files()[:3]:
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_loading_twice_creates_then_reports_unchanged():
    first = load_definitions()
    assert len(first["created"]) == len(definition_files())
    second = load_definitions()
    assert second["created"] == second["updated"] == []
    assert sorted(second["unchanged"]) == sorted(first["created"])
    assert IndicatorVersion.objects.count() == len(definition_files())


def test_a_changed_file_updates_the_indicator_and_adds_a_version(folder):
    load_definitions(folder)
    path = sorted(folder.glob("*.toml"))[0]
    path.write_text(path.read_text().replace('checked_by = "awaiting check"', 'checked_by = "B"'))
    result = load_definitions(folder)
    code = path.stem
    assert result["updated"] == [code]
    indicator = Indicator.objects.get(code=code)
    assert (indicator.version, indicator.checked_by) == (2, "B")
    versions = list(indicator.versions.values_list("number", "definition__checked_by"))
    assert versions == [(1, "awaiting check"), (2, "B")]


def test_an_invalid_file_stops_the_load_and_nothing_is_written(folder):
    bad = sorted(folder.glob("*.toml"))[1]
    bad.write_text(re.sub(r'^polarity = ".*"$', 'polarity = "up"', bad.read_text(), flags=re.M))
    with pytest.raises(DefinitionInvalid) as raised:
        load_definitions(folder)
    assert raised.value.problems == [
        f"{bad.name}: field 'polarity' expected one of higher_is_better, lower_is_better, "
        "neither, found 'up'"
    ]
    assert not Indicator.objects.exists()


def test_the_command_reports_counts_and_exits_2_on_a_bad_file(folder, capsys):
    call_command("concord_indicators", "load", "--folder", str(folder))
    assert "3 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    (folder / "broken.toml").write_text("code = ")
    with pytest.raises(SystemExit) as raised:
        call_command("concord_indicators", "load", "--folder", str(folder))
    assert raised.value.code == 2
    assert "broken.toml: not valid TOML" in capsys.readouterr().err
