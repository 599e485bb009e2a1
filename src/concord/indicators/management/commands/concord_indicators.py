"""`concord indicators load | list | roll-up | reaggregate`: definitions and their figures.

A roll-up refreshes commitment status once it commits; when that refresh fails the aggregates
stay stored, and the command says so and exits with code 3."""

import datetime as dt
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from concord.accountability.refresh import EXIT_REFRESH_FAILED, StatusRefreshFailed, owed_note
from concord.indicators.aggregation import reaggregate, roll_up
from concord.indicators.definitions import load_definitions
from concord.indicators.models import Indicator, Period
from concord.indicators.schema import DefinitionInvalid
from concord.web.exports import write_csv

EXIT_BAD_INPUT = 2
AGGREGATE_COLUMNS = ("code", "name", "kind", "practices", "numerator", "denominator", "value")
LIMITS = ("lower_95", "upper_95", "lower_998", "upper_998")


class Command(BaseCommand):
    help = "Load indicator definitions; list them; roll up or re-aggregate their measurements."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True)
        load = verbs.add_parser("load", help="load the definition files (idempotent)")
        load.add_argument("--folder", help="a folder of definition files instead of Concord's own")
        load.add_argument("--user", help="username recorded as the loader")
        verbs.add_parser("list", help="the indicators loaded, with version and review date")
        for name, text in (
            ("roll-up", "store parents' aggregates over the hierarchy as at the period end"),
            ("reaggregate", "print practice figures summed onto the hierarchy of another date"),
        ):
            verb = verbs.add_parser(name, help=text)
            verb.add_argument("--indicator", required=True, action="append", help="its code")
            verb.add_argument("--period", required=True, help="label, e.g. 2020-21")
            verb.add_argument("--as-at", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        verbs.choices["reaggregate"].add_argument("--kind", action="append", default=[])

    def handle(self, *args, verb, **options):
        handler = getattr(self, verb.replace("-", "_"))
        try:
            handler(**options)
        except DefinitionInvalid as error:
            self.stderr.write("Definitions not loaded, nothing was written:")
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            sys.exit(EXIT_BAD_INPUT)

    def load(self, folder=None, user=None, **options):
        by = get_user_model().objects.filter(username=user).first() if user else None
        result = load_definitions(folder, by=by)
        for status in ("created", "updated"):
            for code in result[status]:
                self.stdout.write(f"{status}: {code}")
        counts = ", ".join(f"{len(codes)} {status}" for status, codes in result.items())
        self.stdout.write(f"Indicator definitions: {counts}.")

    def list(self, **options):
        for i in Indicator.objects.all():
            self.stdout.write(f"{i.code}\tv{i.version}\tnext review {i.next_review}\t{i.title}")

    def _select(self, indicator, period):
        indicators = list(Indicator.objects.filter(code__in=indicator))
        missing = sorted(set(indicator) - {i.code for i in indicators})
        if missing:
            raise CommandError(
                f"unknown indicator {', '.join(missing)}: run `concord indicators load`"
            )
        periods = Period.objects.filter(
            label=period, period_type__in={i.period_type for i in indicators}
        )
        if not periods:
            raise CommandError(f"no measurements for the period {period!r}")
        return indicators, periods.get()

    def roll_up(self, indicator, period, as_at=None, **options):
        indicators, period = self._select(indicator, period)
        try:
            counts = roll_up(indicators, period, as_at=as_at)
        except StatusRefreshFailed as error:
            self.stderr.write(f"The aggregates were stored, but {error}")
            sys.exit(EXIT_REFRESH_FAILED)
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
        if note := owed_note():
            self.stdout.write(note)

    def reaggregate(self, indicator, period, as_at=None, kind=(), **options):
        indicators, period = self._select(indicator, period)
        as_at = as_at or period.end
        rows = []
        for item in indicators:
            for row in reaggregate(item, period, as_at=as_at, kinds=tuple(kind)):
                org = row.organisation
                figures = [getattr(row, name) for name in (*AGGREGATE_COLUMNS[3:], *LIMITS)]
                rows.append((item.code, org.code, org.name, org.kind, *figures))
        # the downloads' writer: a name a spreadsheet would run as a formula is written inert
        headings = ("indicator", *AGGREGATE_COLUMNS, *LIMITS)
        write_csv(self.stdout, headings, rows, lineterminator="\n", exact=True)
