"""`concord stats`: the statistics engine for analysts, on numbers or a CSV, without any data
loaded into Concord. Prints JSON (or, with --format csv, a table) to stdout; bad input exits 2
with a message naming the row. It sits above `concord.stats`, which stays pure, and the
downloads' writer."""

import argparse
import io
import json
import sys

import numpy as np

from concord.stats import dsr, funnels, isr, spc
from concord.stats.confidence import StatsError
from concord.stats.csv_input import (
    BadInput,
    bands_by_area,
    count_in,
    number_in,
    population_in,
    read_csv,
)
from concord.stats.proportions import proportion, wilson_limits
from concord.stats.rates import crude_rate

BAD_INPUT = 2
ESTIMATE_KEYS = ("value", "lower_95", "upper_95", "lower_998", "upper_998")
OPTIONAL = ("--target", "--baseline", "--multiplier", "--refvalue")  # no default, not required


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        result = args.handler(args)
    except (BadInput, StatsError, ValueError) as error:
        print(f"concord stats {args.command}: {error}", file=sys.stderr)
        return BAD_INPUT
    write(result, args.format, args.command)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="concord stats", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add(
        commands,
        "proportion",
        run_proportion,
        "a proportion with Wilson limits",
        ("--numerator", float, None),
        ("--denominator", float, None),
        ("--confidence", float, 95.0),
        ("--multiplier", float, 100.0),
    )
    add(
        commands,
        "rate",
        run_rate,
        "a crude rate with exact/Byar's limits",
        ("--events", float, None),
        ("--population", float, None),
        ("--multiplier", float, 100_000.0),
    )
    add(
        commands,
        "dsr",
        run_dsr,
        "directly standardised rates per area (Dobson limits)",
        ("--csv", str, None),
        ("--standard", str, "esp2013"),
        ("--multiplier", float, 100_000.0),
    )
    add(
        commands,
        "isr",
        run_isr,
        "indirectly standardised ratios (SMR) or rates per area (exact/Byar's limits)",
        ("--csv", str, None),
        ("--type", str, "ratio"),
        ("--refvalue", float, None),
        ("--multiplier", float, None),
    )
    funnel = add(
        commands,
        "funnel",
        run_funnel,
        "funnel-plot limits and significance per row",
        ("--csv", str, None),
        ("--type", str, None),
        ("--multiplier", float, None),
    )
    funnel.add_argument("--numerator-column", default="numerator")
    funnel.add_argument("--denominator-column", default="denominator")
    spc_ = add(
        commands,
        "spc",
        run_spc,
        "an XmR chart with Making Data Count rules",
        ("--csv", str, None),
        ("--value-column", str, None),
        ("--rules", str, "mdc"),
        ("--improvement", str, "up"),
        ("--target", float, None),
        ("--rebase-at", str, ""),
        ("--baseline", int, None),
    )
    spc_.add_argument("--period-column", default="period")
    return parser


def add(commands, name, handler, help_, *options):
    command = commands.add_parser(name, help=help_)
    for flag, kind, default in options:
        command.add_argument(
            flag,
            type=kind,
            default=default,
            required=default is None and flag not in OPTIONAL,
        )
    command.add_argument("--format", choices=("json", "csv"), default="json")
    command.set_defaults(handler=handler)
    return command


def run_proportion(args) -> dict:
    estimate = proportion(args.numerator, args.denominator, args.multiplier).as_dict()
    if args.confidence not in (95, 0.95):
        lower, upper = wilson_limits(args.numerator, args.denominator, args.confidence)
        estimate |= {
            "confidence": args.confidence,
            "lower": lower * args.multiplier,
            "upper": upper * args.multiplier,
        }
    return {"numerator": args.numerator, "denominator": args.denominator, **estimate}


def run_rate(args) -> dict:
    estimate = crude_rate(args.events, args.population, args.multiplier).as_dict()
    return {"events": args.events, "population": args.population, **estimate}


def run_dsr(args) -> dict:
    """An empty events cell is 0 (METHODS.md, DSR); an empty or zero population is refused."""
    rows = read_csv(args.csv, ("area", "age_band", "events", "population"))
    standard = dsr.STANDARDS.get(args.standard)
    if standard is None:
        raise BadInput(f"unknown standard population {args.standard!r} (known: esp2013)")

    def band(row, number):
        index = dsr.band_of(row["age_band"], len(standard))
        if index is None:
            raise BadInput(f"row {number}: age band {row['age_band']!r} is not recognised")
        return index

    return {
        "standard": args.standard,
        "areas": [
            {"area": area, **area_dsr(area, bands, standard, args.multiplier)}
            for area, bands in bands_by_area(rows, band).items()
        ],
    }


def area_dsr(area, bands, standard, multiplier) -> dict:
    missing = [i for i in range(len(standard)) if i not in bands]
    if missing:
        raise BadInput(f"area {area!r}: {len(missing)} of the {len(standard)} age bands missing")
    rows = [bands[i] for i in range(len(standard))]
    events = [count_in(row, "events", number) for number, row in rows]
    populations = [population_in(row, "population", number) for number, row in rows]
    return dsr.dsr(events, populations, standard=standard, multiplier=multiplier).as_dict()


ISR_COLUMNS = (
    "area",
    "age_band",
    "events",
    "population",
    "reference_events",
    "reference_population",
)


def run_isr(args) -> dict:
    """Per area: observed events against those expected at the reference rates, band by band.
    Empty counts and populations are 0 (a band with no population adds nothing to the expected
    count); a reference population must be above 0."""
    scale, factor = isr_scale(args)
    rows = read_csv(args.csv, ISR_COLUMNS)
    areas = bands_by_area(rows, isr_band)
    label = f"ratio x {factor:g}" if args.type == "ratio" else f"rate per {factor:g}"
    return {
        "type": args.type,
        scale: factor,
        "statistic": f"indirectly standardised {label}",
        "areas": [area_isr(area, bands, args.type, factor) for area, bands in areas.items()],
    }


def isr_scale(args) -> tuple[str, float]:
    """("refvalue", 1 or 100) for a ratio, ("multiplier", per how many) for a rate."""
    if args.type not in ("ratio", "rate"):
        raise BadInput("--type must be ratio or rate")
    if args.type == "rate":
        if args.refvalue is not None:
            raise BadInput("--refvalue is for --type ratio; a rate takes --multiplier")
        return "multiplier", args.multiplier or 100_000.0
    if args.multiplier is not None:
        raise BadInput("--multiplier is for --type rate; a ratio takes --refvalue")
    refvalue = 1.0 if args.refvalue is None else args.refvalue
    if refvalue not in (1, 100):
        raise BadInput("--refvalue must be 1 or 100")
    return "refvalue", refvalue


def isr_band(row, number) -> str:
    label = (row["age_band"] or "").strip()
    if not label:
        raise BadInput(f"row {number}: age_band is empty")
    return label


def area_isr(area, bands, kind: str, factor: float) -> dict:
    rows = list(bands.values())
    events = [count_in(row, "events", number) for number, row in rows]
    populations = [count_in(row, "population", number) for number, row in rows]
    ref_events = [count_in(row, "reference_events", number) for number, row in rows]
    ref_populations = [population_in(row, "reference_population", n) for n, row in rows]
    observed = isr.observed_count(events)
    expected = isr.expected_count(ref_events, ref_populations, populations)
    if expected <= 0:
        raise BadInput(
            f"area {area!r}: the expected count is 0 (no population in a band with reference "
            "events), so there is no ratio"
        )
    result = {"area": area, "observed": observed, "expected": expected}
    if kind == "ratio":
        return result | isr.smr(observed, expected, reference_value=factor).as_dict()
    result["reference_rate"] = isr.reference_rate(ref_events, ref_populations, factor)
    estimate = isr.isr(observed, expected, ref_events, ref_populations, multiplier=factor)
    return result | estimate.as_dict()


FUNNEL_COLUMNS = {
    "proportion": ("numerator", "denominator"),
    "ratio": ("observed", "expected"),
    "rate": ("events", "denominator"),
}
FUNNEL_MULTIPLIERS = {"proportion": 100.0, "ratio": 1.0, "rate": 100_000.0}


def run_funnel(args) -> dict:
    if args.type not in FUNNEL_COLUMNS:
        raise BadInput(f"--type must be one of {', '.join(FUNNEL_COLUMNS)}")
    columns = FUNNEL_COLUMNS[args.type]
    if args.type == "proportion":
        columns = (args.numerator_column, args.denominator_column)
    rows = read_csv(args.csv, columns)
    x = np.array([number_in(row, columns[0], n) for n, row in rows])
    d = np.array([number_in(row, columns[1], n) for n, row in rows])
    check_funnel_rows(rows, x, d, columns, proportion=args.type == "proportion")
    multiplier = args.multiplier or FUNNEL_MULTIPLIERS[args.type]
    function = {
        "proportion": funnels.proportion_funnel,
        "ratio": funnels.ratio_funnel,
        "rate": funnels.rate_funnel,
    }[args.type]
    result = function(x, d, multiplier)
    keep = [c for c in rows[0][1] if c not in columns] if rows else []
    return {
        "type": args.type,
        "baseline": float(result["baseline"]),
        "rows": [funnel_row(row, result, i, keep) for i, (_, row) in enumerate(rows)],
    }


def check_funnel_rows(rows, x, d, columns, *, proportion: bool) -> None:
    for (number, _), numerator, denominator in zip(rows, x, d, strict=True):
        if numerator < 0:
            raise BadInput(f"row {number}: {columns[0]} must not be negative")
        if denominator <= 0:
            raise BadInput(f"row {number}: {columns[1]} must be greater than zero")
        if proportion and numerator > denominator:
            raise BadInput(f"row {number}: {columns[0]} is above {columns[1]}")


def funnel_row(row, result, i, keep) -> dict:
    out = {column: row[column] for column in keep}
    out |= {key: clean(result[key][i]) for key in ESTIMATE_KEYS}
    return out | {"significance": str(result["significance"][i])}


def run_spc(args) -> dict:
    """An XmR chart; with fewer points than the rule set needs (13 for mdc), the run chart the
    chart function gives: the values without limits or icons, and a warning saying why."""
    rows = read_csv(args.csv, (args.value_column,))
    if not rows:
        raise BadInput("row 2: no values (the file has a header only)")
    values = [number_in(row, args.value_column, n) for n, row in rows]
    periods = [row.get(args.period_column, str(n - 1)) for n, row in rows]
    if args.rules not in spc.RULE_SETS:
        raise BadInput(f"--rules must be one of {', '.join(spc.RULE_SETS)}")
    rules = spc.RULE_SETS[args.rules]
    chart = spc.xmr_chart(
        values,
        rules=rules,
        improvement=args.improvement,
        target=args.target,
        rebase_at=rebase_positions(args.rebase_at, periods),
        baseline=args.baseline,
    )
    result = chart.as_dict()
    for point, period in zip(result["points"], periods, strict=True):
        point["period"] = period
    return result


def rebase_positions(text: str, periods: list[str]) -> list[int]:
    positions = []
    for label in filter(None, (part.strip() for part in text.split(","))):
        if label not in periods:
            raise BadInput(f"--rebase-at {label!r} is not a period in the file")
        positions.append(periods.index(label))
    return positions


def clean(value):
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def write(result: dict, form: str, command: str) -> None:
    """JSON to stdout; or a table to stdout, with any warnings (which a table cannot carry)
    to stderr."""
    if form == "json":
        print(json.dumps(result, indent=2, default=clean))
        return
    print(as_csv(table_of(result)), end="")
    for warning in result.get("warnings", []):
        print(f"concord stats {command}: note: {warning}", file=sys.stderr)


def table_of(result: dict) -> list[dict]:
    for key in ("points", "rows", "areas"):
        if key in result:
            return [flatten(row) for row in result[key]]
    return [result]


def flatten(row: dict) -> dict:
    return {k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()}


def as_csv(rows: list[dict]) -> str:
    """The table as CSV by the downloads' writer, so an area name a spreadsheet would run as a
    formula is written inert (imported only for CSV: JSON needs no Django)."""
    from concord.web.exports import write_csv

    buffer = io.StringIO()
    headings = list(rows[0]) if rows else []
    write_csv(buffer, headings, ([row.get(h) for h in headings] for row in rows), exact=True)
    return buffer.getvalue()
