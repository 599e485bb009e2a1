"""The words users read: each status rule explained in plain English, kinds counted in good
English, and charts that scale to the screen."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from concord.accountability import status as s
from concord.organisations.kinds import Kind, noun
from concord.web.charts.caterpillar import CaterpillarFigure, CaterpillarRow, caterpillar_svg
from concord.web.charts.funnel import funnel_svg
from concord.web.charts.icons import ASSURANCE, MEANINGS, VARIATION, icon_key
from concord.web.charts.spc import spc_svg
from tests.unit.test_charts import funnel_figure, spc_figure

CODE = re.compile(r"[a-z]+_[a-z]+|\(e\)|STALE|assess|Evidence|None\b")
RULES_IN_CODE = sorted(set(map(int, re.findall(r"^ *(\d+)\. ", s.__doc__, re.M))))


def test_every_rule_of_the_status_has_a_plain_english_explanation():
    assert [rule.number for rule in s.RULES] == RULES_IN_CODE == list(range(1, 12))
    for rule in s.RULES:
        assert rule.help.endswith(".") and len(rule.help.split()) >= 8, rule
        assert not CODE.search(rule.help), rule
        assert set(rule.statuses) <= set(s.LABELS)


def test_each_rule_gives_the_statuses_its_decisions_give():
    given = {1: s.NOT_YET_DUE, 2: s.NO_DATA, 7: s.OFF_TRACK, 9: s.AT_RISK, 11: s.ON_TRACK}
    for number, status in given.items():
        assert status in next(r for r in s.RULES if r.number == number).statuses
    assert s.RULES[5].gives == "Met or missed"
    assert str(s.STALE_AFTER_PERIODS) in s.RULE_HELP[5]


def test_every_spc_icon_is_explained():
    assert set(MEANINGS) == set(VARIATION) | set(ASSURANCE)
    assert len(icon_key()) == len(MEANINGS)
    assert all(not CODE.search(words) for words in MEANINGS.values())


@pytest.mark.parametrize(
    "label, count, words",
    [
        (Kind.LOCALITY.label, 5, "localities"),
        (Kind.LOCALITY.label, 1, "locality"),
        (Kind.LOCALITY.label, 0, "localities"),
        (Kind.PRACTICE.label, 2, "GP practices"),
        (Kind.NHS_TRUST.label, 3, "NHS trusts"),
        (Kind.PCN.label, 1, "primary care network"),
        (Kind.CCG.label, 4, "clinical commissioning groups"),
    ],
)
def test_kinds_are_counted_in_good_english(label, count, words):
    assert noun(label, count) == words


def test_the_templates_count_kinds_in_good_english():
    template = Template(
        "{% load nhsuk %}{{ n }} {{ label|kind_noun:n }}; {{ kind|kind_plural|capfirst }}"
    )
    context = Context({"n": 5, "label": Kind.LOCALITY.label, "kind": Kind.LOCALITY})
    assert template.render(context) == "5 localities; Localities"


def charts():
    rows = [CaterpillarRow("Alpha", 50.0, 45.0, 55.0, "higher")]
    return {
        "spc": spc_svg(spc_figure([60.0 + k % 3 for k in range(15)], target=62.0)[0]),
        "funnel": funnel_svg(funnel_figure()),
        "caterpillar": caterpillar_svg(CaterpillarFigure("Members", "%", rows, 50.0, "All")),
    }


@pytest.mark.parametrize("name", ["spc", "funnel", "caterpillar"])
def test_charts_scale_by_their_viewbox_with_no_fixed_size(name):
    root = ET.fromstring(charts()[name])
    left, top, width, height = map(float, root.get("viewBox").split())
    assert width > 0 and height > 0
    assert root.get("width") is None and root.get("height") is None
    style = root.get("style").replace(" ", "")
    assert "width:100%" in style and "height:auto" in style
    assert f"max-width:{width:g}px" in style
