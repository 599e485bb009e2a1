"""The product's one date field, the NHS.UK date input: day, month and year read into a date,
each mistake named as the NHS.UK pattern names it, the boxes marked where the mistake is, and a
date shown back in its boxes."""

import datetime as dt
import re

import pytest
from django import forms

from concord.web.forms import date_field


class Form(forms.Form):
    due = date_field("Due date", required=False)
    first = date_field("Date of the first meeting")


def parts(day="", month="", year="", **more) -> dict:
    return {"due_day": day, "due_month": month, "due_year": year, "first": "2021-05-12", **more}


@pytest.mark.parametrize(
    "typed, expected",
    [
        (parts("31", "3", "2023"), dt.date(2023, 3, 31)),
        (parts(" 1 ", "04", "2021"), dt.date(2021, 4, 1)),
        (parts(), None),
        ({"due": "2023-03-31", "first": "2021-05-12"}, dt.date(2023, 3, 31)),  # a link's date
    ],
)
def test_the_boxes_make_a_date(typed, expected):
    form = Form(typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        (parts("31", "2", "2023"), "Due date must be a real date"),
        (parts("29", "2", "2023"), "Due date must be a real date"),
        (parts("1", "13", "2023"), "Due date must be a real date"),
        (parts("1", "March", "2023"), "Due date must be a real date"),
        (parts("1", "3", "23"), "Due date must be a real date"),
        (parts("1", "", "2023"), "Due date must include a month"),
        (parts("", "", "2023"), "Due date must include a day and a month"),
        ({"due": "31/03/2023", "first": "2021-05-12"}, "Due date must be a real date"),
    ],
)
def test_a_mistake_is_named(typed, message):
    form = Form(typed)
    assert not form.is_valid()
    assert form.errors["due"] == [message]


def test_a_required_date_left_blank_asks_for_it():
    form = Form({"first_day": "", "first_month": "", "first_year": ""})
    assert form.errors["first"] == ["Enter date of the first meeting"]


def error_boxes(form, name) -> list[str]:
    boxes = re.findall(r'<input[^>]*name="([^"]+)"[^>]*class="([^"]*)"', str(form[name]))
    return [box for box, classes in boxes if "nhsuk-input--error" in classes]


def test_only_the_missing_part_is_marked_and_an_impossible_date_marks_every_box():
    missing = Form(parts("1", "", "2023"))
    missing.is_valid()
    assert error_boxes(missing, "due") == ["due_month"]
    impossible = Form(parts("31", "2", "2023"))
    impossible.is_valid()
    assert error_boxes(impossible, "due") == ["due_day", "due_month", "due_year"]


def test_a_date_is_shown_in_its_boxes_and_the_day_box_takes_the_fields_id():
    html = str(Form(initial={"due": dt.date(2023, 3, 9)})["due"])
    assert 'name="due_day" value="9"' in html and 'name="due_month" value="3"' in html
    assert 'name="due_year" value="2023"' in html and 'id="id_due"' in html
    assert re.search(r'name="due_day"[^>]*id="id_due"', html)
