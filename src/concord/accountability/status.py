"""The status of a commitment in one period, decided from measured data by explicit rules.

Pure Python: no Django. `assess(evidence)` applies the rules below in order; the first that
applies decides, and the result carries the rule's number, its words and the numbers used.

The inputs for a period P (see `Evidence`): the commitment's start and due dates; the milestone
for P (the trajectory's target for the period containing the end of P; the final target when
no trajectory entry covers it); the latest measurement at or before P with its 95% limits; how
many periods old it is; and the XmR chart of the series up to that measurement (Making Data
Count rules): the classification of its latest point and the assurance icon against the
milestone.

 1. not yet due   P ends before the commitment starts.
 2. no data       the commitment has no indicator to measure it.
 3. no data       no target or trajectory was agreed, so no measurement can be judged.
 4. no data       the indicator has no direction (neither higher nor lower is better).
 5. no data       nothing measured yet, the latest figure is withheld by disclosure control
                  (too few people to show), or the latest measurement is more than
                  STALE_AFTER_PERIODS periods older than P.
 6. met / missed  the due date has passed (P contains it): met when the latest value reaches
                  the target, missed when it does not.
 7. off track     the value is worse than the milestone and its 95% interval lies wholly on the
                  worse side: the gap is statistically significant.
 8. off track     the process is consistently failing: the milestone lies beyond the process
                  limits on the worse side (assurance icon "fail").
 9. at risk       the value is worse than the milestone but the gap is not significant (the
                  interval includes the milestone, or no interval was published).
10. at risk       the value reaches the milestone, but the latest point is a special cause of
                  concern (a shift, trend or point beyond the limits in the worse direction).
11. on track      the value reaches the milestone with no special cause of concern.
"""

from dataclasses import dataclass

__all__ = [
    "ADVERSE",
    "AT_RISK",
    "Assessment",
    "Evidence",
    "LABELS",
    "MET",
    "MISSED",
    "NOT_YET_DUE",
    "NO_DATA",
    "OFF_TRACK",
    "ON_TRACK",
    "RULES",
    "RULE_HELP",
    "Rule",
    "SEVERITY",
    "STALE_AFTER_PERIODS",
    "STATUSES",
    "against",
    "assess",
    "decided",
    "figure",
    "judged",
    "measured",
    "stale",
    "verdict",
    "worse",
    "worst",
]

ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"
NO_DATA, NOT_YET_DUE, MET, MISSED = "no_data", "not_yet_due", "met", "missed"
LABELS = {
    MISSED: "Missed",
    OFF_TRACK: "Off track",
    AT_RISK: "At risk",
    NO_DATA: "No data",
    ON_TRACK: "On track",
    NOT_YET_DUE: "Not yet due",
    MET: "Met",
}
STATUSES = tuple(LABELS)  # worst first
SEVERITY = {status: len(STATUSES) - k for k, status in enumerate(STATUSES)}
ADVERSE = (MISSED, OFF_TRACK, AT_RISK, NO_DATA)
STALE_AFTER_PERIODS = 3  # a measurement older than this many periods is not evidence of now


@dataclass(frozen=True)
class Rule:
    """One status rule as a user reads it: its number, the statuses it can give, and what it
    means in plain English. Every page, pack and download that shows a rule uses these words."""

    number: int
    statuses: tuple[str, ...]
    help: str

    @property
    def gives(self) -> str:
        """The statuses it can give, in words: "Met or missed"."""
        first, *others = (LABELS[s] for s in self.statuses)
        return " or ".join([first, *(o.lower() for o in others)])


RULES = (
    Rule(
        1,
        (NOT_YET_DUE,),
        "The period being judged ends before the commitment starts, so nothing is due yet.",
    ),
    Rule(2, (NO_DATA,), "No indicator was agreed to measure the commitment."),
    Rule(
        3,
        (NO_DATA,),
        "No target and no trajectory were agreed, so there is nothing to judge a figure against.",
    ),
    Rule(
        4,
        (NO_DATA,),
        "The indicator does not say whether a higher or a lower figure is better, so a figure "
        "cannot be called better or worse than the target.",
    ),
    Rule(
        5,
        (NO_DATA,),
        "Nothing has been measured yet; or the latest figure is withheld because it counts too "
        "few people to show safely; or the latest figure is more than "
        f"{STALE_AFTER_PERIODS} periods old, too old to say how things are now.",
    ),
    Rule(
        6,
        (MET, MISSED),
        "The due date has passed. Met when the latest figure reaches the target; missed when it "
        "does not.",
    ),
    Rule(
        7,
        (OFF_TRACK,),
        "The latest figure is worse than this period's milestone, and even the best end of its "
        "95% confidence interval is worse: the gap is too big to be down to chance.",
    ),
    Rule(
        8,
        (OFF_TRACK,),
        "The milestone lies outside the range the process normally varies within (its control "
        "limits), on the worse side: unless something changes, the milestone will not be reached "
        "(the SPC assurance icon shows the process will consistently fail it).",
    ),
    Rule(
        9,
        (AT_RISK,),
        "The latest figure is worse than the milestone, but the gap could be down to chance: "
        "the milestone is within its 95% confidence interval, or no interval was published.",
    ),
    Rule(
        10,
        (AT_RISK,),
        "The latest figure reaches the milestone, but the SPC chart shows a special cause of "
        "concern: a run of points on the worse side, a trend getting worse, or a point outside "
        "the control limits.",
    ),
    Rule(11, (ON_TRACK,), "The latest figure reaches the milestone and nothing is of concern."),
)
RULE_HELP = {rule.number: rule.help for rule in RULES}


@dataclass(frozen=True)
class Evidence:
    period: str  # the period assessed, e.g. "2022-03"
    started: bool  # P ends on or after the commitment's start
    final: bool  # the due date has passed and P contains it
    indicator: str | None = None  # the indicator's title; None when the commitment has none
    higher_is_better: bool | None = None  # None: the indicator has no direction
    milestone: float | None = None
    milestone_source: str = ""  # e.g. "trajectory 2021-22" or "final target"
    unit: str = ""
    latest_period: str | None = None
    age: int | None = None  # periods between the latest measurement and P
    value: float | None = None
    lower: float | None = None  # 95% limits of the value, when published
    upper: float | None = None
    variation: str | None = None  # latest point: common, improvement, concern, neither
    assurance: str | None = None  # pass, fail, hit_or_miss; None under 13 points
    withheld: str | None = None  # a later period whose figure disclosure control withholds


@dataclass(frozen=True)
class Assessment:
    status: str
    rule: int
    explanation: str
    numbers: dict

    @property
    def label(self) -> str:
        return LABELS[self.status]


def figure(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:.1f}{'%' if unit == 'percentage' else ''}"


def worse(e: Evidence) -> bool:
    """Is the value on the worse side of the milestone?"""
    return e.value < e.milestone if e.higher_is_better else e.value > e.milestone


def _significantly_worse(e: Evidence) -> bool:
    if e.lower is None or e.upper is None:
        return False
    return e.upper < e.milestone if e.higher_is_better else e.lower > e.milestone


def decided(status: str, rule: int, text: str, e: Evidence) -> Assessment:
    words = f"{LABELS[status]} in {e.period} (rule {rule}): {text}"
    return Assessment(status, rule, words, dict(e.__dict__))  # flat: cheaper than asdict


def measured(e: Evidence) -> str:
    """'63.7% for 2021-01 (95% interval 61.0–66.3%)' and the milestone."""
    interval = ""
    if e.lower is not None and e.upper is not None:
        interval = f" (95% interval {figure(e.lower)}–{figure(e.upper, e.unit)})"
    return f"the latest value, {figure(e.value, e.unit)} for {e.latest_period}{interval}"


def against(e: Evidence) -> str:
    return f"the milestone of {figure(e.milestone, e.unit)} ({e.milestone_source})"


def assess(e: Evidence) -> Assessment:
    """The status for one period, with the rule that decided it and the numbers behind it."""
    for rule in (_before_start, _without_measure, stale, verdict, judged):
        assessment = rule(e)
        if assessment is not None:
            return assessment
    raise AssertionError("the rules cover every case")  # pragma: no cover


def _before_start(e: Evidence) -> Assessment | None:
    if not e.started:
        return decided(NOT_YET_DUE, 1, "the commitment has not started yet.", e)
    return None


def _without_measure(e: Evidence) -> Assessment | None:
    if e.indicator is None:
        return decided(NO_DATA, 2, "no indicator was agreed to measure this commitment.", e)
    if e.milestone is None:
        text = f"no target or trajectory was agreed for {e.indicator}, so it cannot be judged."
        return decided(NO_DATA, 3, text, e)
    if e.higher_is_better is None:
        text = f"{e.indicator} has no direction (neither higher nor lower is better)."
        return decided(NO_DATA, 4, text, e)
    return None


def stale(e: Evidence) -> Assessment | None:
    if e.withheld is not None:
        text = (
            f"the latest figure of {e.indicator}, for {e.withheld}, is withheld by disclosure "
            "control: too few people to show."
        )
        return decided(NO_DATA, 5, text, e)
    if e.value is None:
        return decided(NO_DATA, 5, f"nothing has been measured yet for {e.indicator}.", e)
    if e.age > STALE_AFTER_PERIODS:
        text = (
            f"the latest measurement of {e.indicator} is for {e.latest_period}, {e.age} periods "
            f"earlier; more than {STALE_AFTER_PERIODS} periods old is not evidence of now."
        )
        return decided(NO_DATA, 5, text, e)
    return None


def verdict(e: Evidence) -> Assessment | None:
    if not e.final:
        return None
    reached = not worse(e)
    text = (
        f"the due date has passed; {measured(e)} {'reaches' if reached else 'does not reach'} "
        f"the target of {figure(e.milestone, e.unit)}."
    )
    return decided(MET if reached else MISSED, 6, text, e)


def judged(e: Evidence) -> Assessment:
    side = "below" if e.higher_is_better else "above"
    if worse(e) and _significantly_worse(e):
        text = f"{measured(e)} is {side} {against(e)} and the whole interval is {side} it."
        return decided(OFF_TRACK, 7, text, e)
    if e.assurance == "fail":
        text = (
            f"{measured(e)}; {against(e)} lies beyond the process limits on the worse side: "
            "the process will consistently fail it (SPC assurance)."
        )
        return decided(OFF_TRACK, 8, text, e)
    if worse(e):
        why = "the interval includes it" if e.lower is not None else "no interval was published"
        text = f"{measured(e)} is {side} {against(e)}, but {why}: the gap is not significant."
        return decided(AT_RISK, 9, text, e)
    if e.variation == "concern":
        text = (
            f"{measured(e)} reaches {against(e)}, but the latest point is a special cause of "
            "concern on the SPC chart (a shift, trend or point beyond the limits)."
        )
        return decided(AT_RISK, 10, text, e)
    return decided(ON_TRACK, 11, f"{measured(e)} reaches {against(e)}.", e)


def worst(assessments: list[Assessment]) -> Assessment:
    """The most severe of several (one per indicator); the first when they tie."""
    return max(assessments, key=lambda a: SEVERITY[a.status])
