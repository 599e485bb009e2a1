"""Typing a date as a person does: into the day, month and year boxes of the NHS.UK date input
whose legend is the field's label."""

import datetime as dt


def fill_date(scope, label: str, on: dt.date) -> None:
    group = scope.get_by_role("group", name=label, exact=True)
    group.get_by_label("Day").fill(str(on.day))
    group.get_by_label("Month").fill(str(on.month))
    group.get_by_label("Year").fill(str(on.year))
