"""KPIs from a CSV: contract, code, name, indicator, comparison, threshold, measurement_period,
consequence, commitment (the columns the export writes).

`contract` is a contract's reference (imported before), `indicator` a loaded definition's code,
`commitment` the id of the agreed commitment the KPI serves (blank: none). A KPI is found by its
contract and code: created, or updated to match the file.
"""

from concord.governance.models import Commitment
from concord.indicators.models import Indicator

from ..export import KPI_COLUMNS
from ..models import KPI, Comparison, Contract
from ..models.choices import MeasurementPeriod
from .common import CsvImporter, upsert

__all__ = ["KpisCsvImporter"]


class KpisCsvImporter(CsvImporter):
    kind = "kpis-csv"
    description = "Contract KPIs as CSV (contract, code, indicator, threshold, commitment...)"
    columns = KPI_COLUMNS

    def load(self, rows):
        self.contracts = {c.reference: c for c in Contract.objects.all()}
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        seen = {}
        for number, row in self.with_progress(rows):
            contract = self.contract(number, row["contract"])
            code = self.required(number, "code", row["code"], self.length(KPI, "code"))
            self.once(seen, (contract.pk, code), number, "code", "contract and code")
            fields = self.fields(number, row)
            self.count(upsert(KPI, {"contract": contract, "code": code}, fields, self.by))

    def contract(self, number: int, reference: str) -> Contract:
        if reference not in self.contracts:
            self.fail(number, "contract", f"unknown contract {reference!r}: import it first")
        return self.contracts[reference]

    def fields(self, number: int, row: dict) -> dict:
        code = row["indicator"]
        if code not in self.indicators:
            self.fail(number, "indicator", f"unknown indicator {code!r}: load its definition")
        return {
            "name": self.required(number, "name", row["name"], self.length(KPI, "name")),
            "indicator": self.indicators[code],
            "comparison": self.choice(number, "comparison", row["comparison"], Comparison),
            "threshold": self.number(number, "threshold", row["threshold"]),
            "measurement_period": self.choice(
                number, "measurement_period", row["measurement_period"], MeasurementPeriod
            ),
            "consequence": self.required(number, "consequence", row["consequence"]),
            "commitment": self.commitment(number, row["commitment"]),
        }

    def commitment(self, number: int, value: str):
        if not value:
            return None
        commitment = None
        if value.isdigit():
            commitment = Commitment.objects.filter(pk=value).select_related("agreement").first()
        if commitment is None:
            self.fail(
                number, "commitment", f"expected the id of an agreed commitment, found {value!r}"
            )
        if not commitment.agreement.in_force:
            self.fail(number, "commitment", f"commitment {value}'s agreement has been superseded")
        return commitment
