"""An organisation's ODS status over time: the periods a release gives, and when a change began.

ODS gives one status per organisation in each release (A active, C closed, D dormant, P
proposed). Concord keeps each as a dated period, so that a date before a later release is still
answered as it was. The first release to name an organisation dates its status from the
organisation's open date; a later release that changes it dates the change from the day the
release describes, unless the file's own dates say when (a close date, an open date).
"""

import datetime as dt

from django.db import models

__all__ = ["ONE_DAY", "OdsStatus", "change_starts", "first_periods"]

ONE_DAY = dt.timedelta(days=1)


class OdsStatus(models.TextChoices):
    ACTIVE = "A", "Active"
    CLOSED = "C", "Closed"
    DORMANT = "D", "Dormant"
    PROPOSED = "P", "Proposed"


Period = tuple[str, dt.date | None, dt.date | None]  # status, start, end (None: open-ended)


def first_periods(status: str, *, opened: dt.date | None, closed: dt.date | None) -> list[Period]:
    """The periods the first release to name an organisation gives it.

    Its status holds since it opened; a closed organisation with a close date was active from its
    open date to its close date (as its ODS dates say) and closed from the day after."""
    if status == OdsStatus.CLOSED and closed is not None:
        return [(OdsStatus.ACTIVE, opened, closed), (OdsStatus.CLOSED, closed + ONE_DAY, None)]
    return [(status, opened, None)]


def change_starts(
    status: str, *, opened: dt.date | None, closed: dt.date | None, since, on: dt.date
) -> dt.date:
    """The day a new status began, given by a release describing `on`.

    `since` is when the status it replaces began (None: before our records). A closure begins the
    day after the file's close date and becoming active on the file's open date, when that day
    falls after `since` and no later than `on`; otherwise the change begins on `on`."""
    told = {OdsStatus.CLOSED: closed and closed + ONE_DAY, OdsStatus.ACTIVE: opened}.get(status)
    if told and told <= on and (since is None or told > since):
        return told
    return on
