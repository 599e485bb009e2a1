"""The funnel beside a page's figures: when there is none to draw, a note says why."""

from types import SimpleNamespace

from concord.indicators.presentation.funnel import funnel_of


def row(numerator, denominator):
    return SimpleNamespace(suppressed=False, numerator=numerator, denominator=denominator)


def test_a_rate_with_no_events_among_the_peers_has_no_funnel_and_says_so():
    rate = SimpleNamespace(ci_method="byar_exact", unit="rate", multiplier=100_000)
    drawn, note = funnel_of(rate, [row(0, 4000), row(0, 5200), row(0, 3100)])
    assert drawn is None
    assert note == "No funnel plot: no peer has any events in this period."
