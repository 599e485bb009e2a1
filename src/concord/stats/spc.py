"""XmR statistical process control charts, as NHS England's Making Data Count (MDC) draws them.

Two named rule sets: `mdc` (the MDC team's current tools: 6-point shift, 6-point trend, no
moving-range screening, limits only from 13 points) and `ptd` (NHSRplotthedots defaults: 7/7 with
screening). The core works on a 2-D array (one row per series) so that thousands of practices are
charted in one pass; `xmr_chart` wraps it for one series.
"""

from dataclasses import asdict, dataclass, field

import numpy as np

__all__ = [
    "CLASSES",
    "COMMON",
    "CONCERN",
    "DOWN",
    "IMPROVEMENT",
    "LIMIT_FACTOR",
    "MDC",
    "MR_UPPER_FACTOR",
    "NEITHER",
    "NEITHER_CAUSE",
    "OUTSIDE",
    "PTD",
    "RULE_NAMES",
    "RULE_SETS",
    "RuleSet",
    "SHIFT",
    "SpcChart",
    "SpcPoint",
    "TREND",
    "TWO_IN_THREE",
    "UP",
    "XmrBatch",
    "assurance_icon",
    "variation_icon",
    "xmr_batch",
    "xmr_chart",
]

LIMIT_FACTOR = 2.66  # 3 / 1.128 (d2 for n=2), as MDC's tools round it
MR_UPPER_FACTOR = 3.267  # moving-range chart upper limit, also the screening threshold
OUTSIDE, SHIFT, TREND, TWO_IN_THREE = "outside_limits", "shift", "trend", "two_in_three"
RULE_NAMES = (OUTSIDE, SHIFT, TREND, TWO_IN_THREE)
UP, DOWN, NEITHER = "up", "down", "neither"
COMMON, IMPROVEMENT, CONCERN, NEITHER_CAUSE = "common", "improvement", "concern", "neither"
CLASSES = (COMMON, IMPROVEMENT, CONCERN, NEITHER_CAUSE)  # codes 0..3 in the batch arrays


@dataclass(frozen=True)
class RuleSet:
    """The settings that differ between the tools, as data."""

    name: str
    shift_length: int  # points in a row on one side of the mean
    trend_length: int  # points in a row, each above (or below) the one before
    screen_moving_ranges: bool  # drop moving ranges >= 3.267 x mean MR before the limits
    minimum_points: int  # fewer points than this: a run chart, no limits or icons
    minimum_segment_points: int  # fewer in a segment: a warning (trial limits)
    two_in_three_counts_beyond_limits: bool  # do points beyond 3 sigma count as "close"
    assurance_inclusive: bool  # a target exactly on a limit counts as pass or fail
    conflict: str  # "improvement" (MDC Excel: blue wins) or "first_rule" (PTD order)
    precedence: tuple[str, ...] = (OUTSIDE, TREND, TWO_IN_THREE, SHIFT)


MDC = RuleSet(
    name="mdc",
    shift_length=6,
    trend_length=6,
    screen_moving_ranges=False,
    minimum_points=13,
    minimum_segment_points=12,
    two_in_three_counts_beyond_limits=False,  # the Single Chart Tool v5.0 (SQL v2.6 counts them)
    assurance_inclusive=True,  # SQL v2.6 since v2.1
    conflict="improvement",
)
PTD = RuleSet(
    name="ptd",
    shift_length=7,
    trend_length=7,
    screen_moving_ranges=True,
    minimum_points=2,
    minimum_segment_points=12,
    two_in_three_counts_beyond_limits=False,
    assurance_inclusive=False,
    conflict="first_rule",
)
RULE_SETS = {MDC.name: MDC, PTD.name: PTD}


def _segments_of(length: int, rebase_at=()) -> list[tuple[int, int]]:
    """[start, end) of each segment; a rebase position starts a new one."""
    starts = sorted({0, *(int(p) for p in rebase_at if 0 < int(p) < length)})
    return list(zip(starts, [*starts[1:], length], strict=True))


def _segment_limits(values: np.ndarray, rules: RuleSet, baseline: int | None):
    """Mean and mean moving range of each row, from its first `baseline` points if given."""
    window = values[:, :baseline] if baseline else values
    mean = window.mean(axis=1)
    ranges = np.abs(np.diff(window, axis=1))
    mr_bar = ranges.mean(axis=1)
    if rules.screen_moving_ranges:
        keep = ranges < MR_UPPER_FACTOR * mr_bar[:, None]
        mr_bar = (ranges * keep).sum(axis=1) / keep.sum(axis=1)
    return mean, mr_bar


def _run_lengths(state: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Length of the run of equal non-zero `state` each cell belongs to (0 where state is 0).
    Runs break where `starts` marks a new segment."""
    active = state != 0
    m, t = state.shape
    forward = np.zeros((m, t), dtype=np.int32)
    backward = np.zeros((m, t), dtype=np.int32)
    forward[:, 0] = active[:, 0]
    backward[:, -1] = active[:, -1]
    for j in range(1, t):
        same = active[:, j] & (state[:, j] == state[:, j - 1]) & ~starts[j]
        forward[:, j] = np.where(same, forward[:, j - 1] + 1, active[:, j])
    for j in range(t - 2, -1, -1):
        same = active[:, j] & (state[:, j] == state[:, j + 1]) & ~starts[j + 1]
        backward[:, j] = np.where(same, backward[:, j + 1] + 1, active[:, j])
    return np.where(active, forward + backward - 1, 0)


def _shift_flags(side, starts, rules):
    long_run = _run_lengths(side, starts) >= rules.shift_length
    return long_run & (side > 0), long_run & (side < 0)


def _trend_flags(values, starts, rules):
    """Points in a run of `trend_length` points each strictly above (below) the one before."""
    steps = np.zeros(values.shape, dtype=np.int8)
    steps[:, 1:] = np.sign(np.diff(values, axis=1))
    steps[:, starts] = 0  # a trend does not cross a rebase
    qualifying = _run_lengths(steps, starts) >= rules.trend_length - 1
    flags = []
    for direction in (1, -1):
        into = qualifying & (steps == direction)  # the step into this point is in a trend
        out_of = np.zeros_like(into)
        out_of[:, :-1] = into[:, 1:]  # ... or the step out of it
        flags.append(into | out_of)
    return flags[0], flags[1]


def _two_in_three_flags(values, mean, sigma, upper, lower, segment_ids, rules):
    """2 or 3 of 3 consecutive points, all on one side of the mean, beyond the 2-sigma line."""
    beyond_ok = rules.two_in_three_counts_beyond_limits
    close_high = (values > mean + 2 * sigma) & (beyond_ok | (values <= upper))
    close_low = (values < mean - 2 * sigma) & (beyond_ok | (values >= lower))
    same_segment = segment_ids[:-2] == segment_ids[2:]
    return (
        _two_of_three(close_high, values > mean, same_segment),
        _two_of_three(close_low, values < mean, same_segment),
    )


def _two_of_three(close, on_side, same_segment):
    t = close.shape[1]
    windows = [slice(k, t - 2 + k) for k in range(3)]
    all_on_side = on_side[:, windows[0]] & on_side[:, windows[1]] & on_side[:, windows[2]]
    count = sum(close[:, w].astype(np.int8) for w in windows)
    fired = all_on_side & (count >= 2) & same_segment
    flags = np.zeros_like(close)
    for w in windows:
        flags[:, w] |= fired & close[:, w]
    return flags


@dataclass
class XmrBatch:
    """Limits, flags and classification for many series of equal length (rows)."""

    mean: np.ndarray
    lower_limit: np.ndarray
    upper_limit: np.ndarray
    sigma: np.ndarray
    flags: dict  # rule name -> (high flags, low flags), boolean arrays
    classification: np.ndarray  # codes into CLASSES
    high: np.ndarray  # a rule fired on the high side
    segments: list


def xmr_batch(values, rules: RuleSet = MDC, improvement: str = UP, rebase_at=(), baseline=None):
    """XmR limits and special-cause flags for every row of `values` (series × points)."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    segments = _segments_of(values.shape[1], rebase_at)
    mean, sigma = _limits(values, segments, rules, baseline)
    upper, lower = mean + 3 * sigma, mean - 3 * sigma
    starts = np.zeros(values.shape[1], dtype=bool)
    starts[[s for s, _ in segments]] = True
    segment_ids = np.cumsum(starts) - 1
    side = np.sign(values - mean).astype(np.int8)
    flags = {
        OUTSIDE: (values > upper, values < lower),
        SHIFT: _shift_flags(side, starts, rules),
        TREND: _trend_flags(values, starts, rules),
        TWO_IN_THREE: _two_in_three_flags(values, mean, sigma, upper, lower, segment_ids, rules),
    }
    codes, high = _classify(flags, rules, improvement)
    return XmrBatch(mean, lower, upper, sigma, flags, codes, high, segments)


def _limits(values, segments, rules, baseline):
    mean, sigma = np.empty_like(values), np.empty_like(values)
    for start, end in segments:
        centre, mr_bar = _segment_limits(values[:, start:end], rules, baseline)
        mean[:, start:end] = centre[:, None]
        sigma[:, start:end] = (LIMIT_FACTOR * mr_bar / 3)[:, None]
    return mean, sigma


def _classify(flags: dict, rules: RuleSet, improvement: str):
    """Code per point (see CLASSES) and whether the signal was on the high side."""
    any_high = np.logical_or.reduce([flags[r][0] for r in RULE_NAMES])
    any_low = np.logical_or.reduce([flags[r][1] for r in RULE_NAMES])
    high = any_high & ~any_low
    if rules.conflict == "first_rule":
        high = _first_rule_side(flags, rules.precedence, any_high)
    elif improvement in (UP, DOWN):
        high = np.where(any_high & any_low, improvement == UP, high)  # improvement wins
    codes = np.zeros(any_high.shape, dtype=np.int8)
    special = any_high | any_low
    if improvement == NEITHER:
        codes[special] = 3
        return codes, high | (any_high & any_low)
    good_side = high if improvement == UP else ~high
    codes[special & good_side] = 1
    codes[special & ~good_side] = 2
    return codes, high


def _first_rule_side(flags, precedence, any_high):
    high = np.zeros_like(any_high)
    decided = np.zeros_like(any_high)
    for rule in precedence:
        rule_high, rule_low = flags[rule]
        fired = (rule_high | rule_low) & ~decided
        high[fired] = rule_high[fired]
        decided |= fired
    return high


@dataclass
class SpcPoint:
    value: float
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    lower_two_sigma: float | None
    upper_two_sigma: float | None
    special_cause: list = field(default_factory=list)
    classification: str = COMMON
    segment: int = 0


@dataclass
class SpcChart:
    rules: str
    improvement: str
    target: float | None
    points: list
    variation_icon: str | None
    assurance_icon: str | None
    warnings: list = field(default_factory=list)

    @property
    def has_limits(self) -> bool:
        return bool(self.points) and self.points[-1].mean is not None

    def as_dict(self) -> dict:
        return asdict(self)


def xmr_chart(
    values,
    *,
    rules: RuleSet | str = MDC,
    improvement: str = UP,
    target: float | None = None,
    rebase_at=(),
    baseline: int | None = None,
) -> SpcChart:
    """One series: every point with its limits, the rules that fired and its classification,
    and the variation and assurance icons. Too few points for the rule set gives a run chart."""
    rules = RULE_SETS[rules] if isinstance(rules, str) else rules
    values = np.asarray(values, dtype=float)
    _check_series(values, improvement, baseline)
    if len(values) < rules.minimum_points:
        return _run_chart(values, rules, improvement, target)
    batch = xmr_batch(values, rules, improvement, rebase_at, baseline)
    points = [_point(batch, values, i) for i in range(len(values))]
    return SpcChart(
        rules=rules.name,
        improvement=improvement,
        target=target,
        points=points,
        variation_icon=variation_icon(
            points[-1].classification, bool(batch.high[0, -1]), improvement
        ),
        assurance_icon=assurance_icon(target, points[-1], improvement, rules),
        warnings=_segment_warnings(batch.segments, rules, baseline),
    )


def _check_series(values, improvement, baseline):
    if improvement not in (UP, DOWN, NEITHER):
        raise ValueError(f"improvement must be up, down or neither, not {improvement!r}")
    if not np.isfinite(values).all():
        raise ValueError("every value must be a finite number")
    if baseline is not None and baseline < 2:
        raise ValueError("a baseline needs at least 2 points")


def _point(batch: XmrBatch, values, i: int) -> SpcPoint:
    mean, sigma = float(batch.mean[0, i]), float(batch.sigma[0, i])
    fired = [r for r in RULE_NAMES if batch.flags[r][0][0, i] or batch.flags[r][1][0, i]]
    return SpcPoint(
        value=float(values[i]),
        mean=mean,
        lower_limit=mean - 3 * sigma,
        upper_limit=mean + 3 * sigma,
        lower_two_sigma=mean - 2 * sigma,
        upper_two_sigma=mean + 2 * sigma,
        special_cause=fired,
        classification=CLASSES[batch.classification[0, i]],
        segment=next(k for k, (s, e) in enumerate(batch.segments) if s <= i < e),
    )


def _run_chart(values, rules, improvement, target) -> SpcChart:
    points = [SpcPoint(float(v), None, None, None, None, None) for v in values]
    warning = f"fewer than {rules.minimum_points} points: a run chart, without limits or icons"
    return SpcChart(rules.name, improvement, target, points, None, None, [warning])


def _segment_warnings(segments, rules, baseline) -> list[str]:
    return [
        f"segment starting at point {start + 1} has {end - start} points: trial limits"
        for start, end in segments
        if (baseline or end - start) < rules.minimum_segment_points
    ]


def variation_icon(classification: str, high: bool, improvement: str) -> str:
    """The MDC variation icon for the last point, e.g. improvement_high, concern_low."""
    if classification == COMMON:
        return "common_cause"
    return f"{classification}_{'high' if high else 'low'}"


def assurance_icon(target, last: SpcPoint, improvement: str, rules: RuleSet) -> str | None:
    """pass / fail / hit_or_miss: the target against the latest process limits."""
    if target is None or improvement == NEITHER or last.mean is None:
        return None
    below, above = _beyond(target, last.lower_limit, last.upper_limit, rules.assurance_inclusive)
    if below:
        return "pass" if improvement == UP else "fail"
    if above:
        return "fail" if improvement == UP else "pass"
    return "hit_or_miss"


def _beyond(target, lower, upper, inclusive):
    if inclusive:
        return target <= lower, target >= upper
    return target < lower, target > upper
