"""The charts of pages and packs, drawn by concord.web.charts as vector SVG: the SPC chart of a
commitment's indicator (with a before/after split at the agreement date for reviews), and the
funnel plot of its organisation among peers of its kind in the latest period, with disclosure
control applied to the counts (a pack goes to people who are not analysts)."""

from dataclasses import dataclass

from concord.indicators.models import Measurement
from concord.stats import spc
from concord.web.charts.funnel import funnel_svg
from concord.web.charts.spc import SpcFigure, spc_svg
from concord.web.views.funnel_data import funnel
from concord.web.views.peers import ENGLAND, PeerGroup, peer_measurements
from concord.web.views.shown import shown, unit_suffix

IMPROVEMENT = {"higher_is_better": spc.UP, "lower_is_better": spc.DOWN}


@dataclass
class Chart:
    svg: str
    heading: str
    note: str = ""


def series(indicator, organisation):
    return list(
        Measurement.objects.filter(
            indicator=indicator,
            organisation=organisation,
            value__isnull=False,
            period__period_type=indicator.period_type,
        )
        .select_related("period")
        .order_by("period__start")
    )


class Readings:
    """The measurements charts are drawn from, each read once for a page or pack: a pack draws
    the same organisation's series for several flags, and the same peers for every funnel."""

    def __init__(self):
        self.found = {}

    def series(self, indicator, organisation) -> list:
        key = ("series", indicator.pk, organisation.pk)
        if key not in self.found:
            self.found[key] = series(indicator, organisation)
        return self.found[key]

    def peers(self, indicator, organisation, period) -> list:
        """The peers' measurements as a non-analyst may see them (disclosure control)."""
        key = ("peers", indicator.pk, organisation.kind, period.pk)
        if key not in self.found:
            found = peer_measurements(indicator, organisation, period, PeerGroup(ENGLAND, None))
            self.found[key] = [shown(m, indicator, analyst=False) for m in found]
        return self.found[key]


def spc_chart(
    indicator, organisation, target=None, split_at=None, ident="spc", readings=None
) -> Chart | None:
    """XmR chart of the organisation's series; `split_at` (a date) rebases the limits there."""
    points = (readings or Readings()).series(indicator, organisation)
    if len(points) < 2:
        return None
    rebase = [k for k, m in enumerate(points) if split_at and m.period.start > split_at][:1]
    chart = spc.xmr_chart(
        [m.value for m in points],
        rules=indicator.spc_rules,
        improvement=IMPROVEMENT.get(indicator.polarity, spc.NEITHER),
        target=target,
        rebase_at=rebase,
    )
    heading = f"{indicator.title}: {organisation.name}"
    note = before_after_note(points, rebase, split_at)
    figure = SpcFigure(
        [m.period.label for m in points], chart, heading, unit_suffix(indicator), target
    )
    return Chart(spc_svg(figure, ident=ident), heading, note)


def before_after_note(points, rebase, split_at) -> str:
    if split_at is None:
        return ""
    if not rebase:
        last = points[-1].period.label
        return f"No measurements since the agreement on {split_at:%-d %B %Y} (latest {last})."
    return f"Limits recalculated from {points[rebase[0]].period.label}, after the agreement."


def funnel_chart(indicator, organisation, ident="funnel", readings=None) -> Chart | None:
    """Funnel plot of the latest period with counts, among organisations of the same kind."""
    readings = readings or Readings()
    latest = readings.series(indicator, organisation)
    if not latest:
        return None
    period = latest[-1].period
    rows = readings.peers(indicator, organisation, period)
    heading = f"{indicator.title}, {period.label}: {organisation.name} among its peers"
    figure, _, note = funnel(indicator, rows, organisation, heading)
    if figure is None:
        return Chart("", heading, note)
    return Chart(funnel_svg(figure, ident=ident), heading, note)
