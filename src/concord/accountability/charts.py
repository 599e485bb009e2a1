"""The charts of a commitment on its page and in packs, drawn by concord.web.charts as vector
SVG from the same figures and the same SPC as its status: the figures as everyone may see them
(concord.indicators.presentation), the indicator's rules, the whole series (a review's
before/after chart rebases at the agreement date), the final target and the trajectory of
milestones drawn, and the assurance icon against the milestone the status was judged on. The
funnel shows the party among every organisation of its kind in the latest period."""

import datetime as dt
from dataclasses import dataclass

from django.utils.timezone import localdate

from concord.indicators.periods import PeriodSpec
from concord.indicators.presentation.figures import seen
from concord.indicators.presentation.funnel import funnel_of
from concord.indicators.presentation.peers import EVERYWHERE, peer_measurements
from concord.indicators.presentation.series import series_of, spc_of
from concord.indicators.views.funnel_data import funnel_figure
from concord.indicators.views.series import figure_of
from concord.web.charts.funnel import funnel_svg
from concord.web.charts.spc import spc_svg

from . import evaluation as ev

__all__ = ["Chart", "EVERYONE", "Readings", "funnel_chart", "milestones", "spc_chart"]

EVERYONE = False  # packs and commitment pages show the figures as a non-analyst may see them


@dataclass
class Chart:
    svg: str
    heading: str
    note: str = ""


class Readings:
    """The figures charts are drawn from, each read once for a page or pack: a pack draws the
    same organisation's series for several flags, and the same peers for every funnel."""

    def __init__(self):
        self.read = {}

    def series(self, indicator, organisation) -> list:
        key = ("series", indicator.pk, organisation.pk)
        if key not in self.read:
            self.read[key] = series_of(indicator, organisation, EVERYONE)
        return self.read[key]

    def peers(self, indicator, organisation, period) -> list:
        key = ("peers", indicator.pk, organisation.kind, period.pk)
        if key not in self.read:
            measurements = peer_measurements(indicator, organisation, period, EVERYWHERE)
            self.read[key] = [seen(m, EVERYONE, indicator) for m in measurements]
        return self.read[key]

    def funnel(self, indicator, organisation, period):
        """(Funnel or None, note) of the period's peers: the same for every flag that shows it."""
        key = ("funnel", indicator.pk, organisation.kind, period.pk)
        if key not in self.read:
            self.read[key] = funnel_of(indicator, self.peers(indicator, organisation, period))
        return self.read[key]


def _spec_of(period) -> PeriodSpec:
    return PeriodSpec(period.period_type, period.start, period.end, period.label)


def milestones(terms: ev.Terms, rows) -> list:
    """Each charted period's milestone, where a trajectory was agreed, from the commitment's
    start (a period before it had none)."""
    return [
        ev.milestone(terms, _spec_of(r.period), False)[0]
        if terms.trajectory and r.period.end >= terms.start
        else None
        for r in rows
    ]


def _judged_against(terms: ev.Terms, period_type: str, today: dt.date) -> float | None:
    """The milestone of the period assessed today: what the status compares the chart with."""
    tasks = ev.tasks_for(terms, None, today, period_type)
    return tasks[-1].milestone[0] if tasks else terms.target


def spc_chart(
    indicator, commitment, split_at=None, ident="spc", readings=None, today=None
) -> Chart | None:
    """XmR chart of the party's series; `split_at` (a date) rebases the limits there."""
    organisation, terms = commitment.party, ev.terms_of(commitment)
    rows = [r for r in (readings or Readings()).series(indicator, organisation) if r.has_value]
    rebase = [k for k, r in enumerate(rows) if split_at and r.period.start > split_at][:1]
    against = _judged_against(terms, indicator.period_type, today or localdate())
    charted = spc_of(indicator, rows, target=against, rebase_at=rebase)
    if charted.chart is None:
        return None
    figure = figure_of(
        indicator,
        organisation,
        charted,
        milestones(terms, charted.rows),
        commitment.target,
        heading=f"{indicator.title}: {organisation.name}",
    )
    note = _before_after_note(charted.rows, rebase, split_at)
    return Chart(spc_svg(figure, ident=ident), figure.heading, note)


def _before_after_note(points, rebase, split_at) -> str:
    if split_at is None:
        return ""
    if not rebase:
        last = points[-1].period.label
        return f"No measurements since the agreement on {split_at:%-d %B %Y} (latest {last})."
    return f"Limits recalculated from {points[rebase[0]].period.label}, after the agreement."


def funnel_chart(indicator, organisation, ident="funnel", readings=None) -> Chart | None:
    """Funnel plot of the latest period with a value, among organisations of the same kind."""
    readings = readings or Readings()
    latest = [r for r in readings.series(indicator, organisation) if r.has_value]
    if not latest:
        return None
    period = latest[-1].period
    heading = f"{indicator.title}, {period.label}: {organisation.name} among its peers"
    drawn, note = readings.funnel(indicator, organisation, period)
    if drawn is None:
        return Chart("", heading, note)
    figure = funnel_figure(indicator, drawn, organisation, heading)
    return Chart(funnel_svg(figure, ident=ident), heading, note)
