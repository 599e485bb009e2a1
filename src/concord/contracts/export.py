"""Contracts and KPIs as tables: the columns the importers read, so an export imports again.

Contract values (annual value, commissioners' shares) are left blank for a user who may not
see them. The files are written by the downloads' kit (`concord.web.exports`), so a title or
name a spreadsheet would run as a formula is written inert; the importers undo its apostrophe.
"""

from concord.web.exports import Table

from .models import KPI, Contract
from .parties import may_see_values, organisation_ids

__all__ = ["CONTRACT_COLUMNS", "KPI_COLUMNS", "NOTES", "TABLES", "TITLES", "table"]

CONTRACT_COLUMNS = (
    "reference",
    "title",
    "kind",
    "status",
    "start",
    "end",
    "annual_value",
    "commissioners",
    "providers",
)
KPI_COLUMNS = (
    "contract",
    "code",
    "name",
    "indicator",
    "comparison",
    "threshold",
    "measurement_period",
    "consequence",
    "commitment",
)


def _money_text(value) -> str:
    return "" if value is None else f"{value:.2f}".removesuffix(".00")


def _commissioners_text(contract, values: bool) -> str:
    parts = []
    for link in contract.commissioners:
        share = _money_text(link.share) if values else ""
        parts.append(f"{link.organisation.code}={share}" if share else link.organisation.code)
    return ";".join(parts)


def _contract_rows(user) -> list[list]:
    mine = organisation_ids(user)
    contracts = Contract.objects.prefetch_related("party_links__organisation").order_by("reference")
    rows = []
    for c in contracts:
        values = may_see_values(user, c, mine)
        rows.append(
            [
                c.reference,
                c.title,
                c.kind,
                c.status,
                c.start.isoformat(),
                c.end.isoformat(),
                _money_text(c.annual_value) if values else "",
                _commissioners_text(c, values),
                ";".join(p.organisation.code for p in c.providers),
            ]
        )
    return rows


def _kpi_rows(user=None) -> list[list]:
    kpis = KPI.objects.select_related("contract", "indicator").order_by(
        "contract__reference", "code"
    )
    return [
        [
            k.contract.reference,
            k.code,
            k.name,
            k.indicator.code,
            k.comparison,
            f"{k.threshold:g}",
            k.measurement_period,
            k.consequence,
            k.commitment_id or "",
        ]
        for k in kpis
    ]


TABLES = {
    "contracts": (CONTRACT_COLUMNS, _contract_rows),
    "kpis": (KPI_COLUMNS, _kpi_rows),
}


TITLES = {"contracts": "Contracts", "kpis": "KPIs"}
NOTES = {
    "contracts": (
        "The columns `concord import contracts-csv` reads.",
        "Values are shown only to the commissioners and providers of each contract.",
    ),
    "kpis": ("The columns `concord import kpis-csv` reads.",),
}


def table(what: str, user) -> Table:
    """Contracts or KPIs, as the user may see them, for the kit to write as CSV or XLSX."""
    columns, rows = TABLES[what]
    return Table(what, TITLES[what], columns, rows(user), NOTES[what])
