"""A CCG bound by a commitment measured by the dementia diagnosis rate, part of an ICB, and the
people around its data submissions: its editor, the ICB's analyst, an analyst of another ICB
and a viewer of the ICB who is no analyst; and helpers to write the files they send."""

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook

from concord.access.roles import ANALYST, grant
from concord.organisations.kinds import Kind
from tests.factories import OrganisationFactory, RelationshipFactory
from tests.integration.accountable import DEMENTIA, senate_with
from tests.integration.contracting import member_of

PERIOD = "2022-03"  # the last month of the commitment (due 31 March 2022)
HEADER = ("indicator", "organisation", "period", "numerator", "denominator")


@dataclass
class Economy:
    senate: object
    ccg: object
    icb: object
    editor: object
    analyst: object
    other_analyst: object
    icb_viewer: object


def analyst_of(org):
    user = member_of(org, "viewer")
    grant(user, ANALYST)
    return user


def economy() -> Economy:
    senate, _ = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    icb = OrganisationFactory(code="QXX", name="NHS Test Integrated Care Board", kind=Kind.ICB)
    other = OrganisationFactory(code="QYY", name="NHS Other Integrated Care Board", kind=Kind.ICB)
    RelationshipFactory(child=ccg, parent=icb, start=dt.date(2013, 4, 1))
    return Economy(
        senate=senate,
        ccg=ccg,
        icb=icb,
        editor=member_of(ccg, "editor"),
        analyst=analyst_of(icb),
        other_analyst=analyst_of(other),
        icb_viewer=member_of(icb, "viewer"),
    )


def csv_of(rows: list[tuple], header=HEADER) -> bytes:
    lines = [",".join(header), *(",".join(str(c) for c in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_of(rows: list[tuple], header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dementia(org, numerator=680, denominator=1000, period=PERIOD) -> tuple:
    return (DEMENTIA, org.code, period, numerator, denominator)
