"""Contracts from a CSV: reference, title, kind, status, start, end, annual_value,
commissioners, providers (the columns the export writes).

`commissioners` is `02H=600000;00X=400000` (code=share of the annual value in £; shares given for
all or none), `providers` is `RRF;RY2`. Dates are YYYY-MM-DD. A contract is found by its
reference: created, or updated to match the file, its parties made to match.
"""

from ..actions.contracts import check_shares
from ..errors import ContractError
from ..export import CONTRACT_COLUMNS
from ..models import Contract, ContractKind, ContractParty, ContractStatus
from .common import CsvImporter, upsert

__all__ = ["ContractsCsvImporter"]


class ContractsCsvImporter(CsvImporter):
    kind = "contracts-csv"
    description = "Contracts as CSV (reference, title, kind, status, dates, value, parties)"
    columns = CONTRACT_COLUMNS

    def load(self, rows):
        seen = {}
        for number, row in self.with_progress(rows):
            reference = self.required(
                number, "reference", row["reference"], self.length(Contract, "reference")
            )
            self.once(seen, reference, number, "reference", "reference")
            self.save(number, reference, row)

    def parties(self, number: int, row: dict) -> tuple[dict, list]:
        commissioners = {}
        for part in filter(None, row["commissioners"].split(";")):
            code, _, share = part.partition("=")
            org = self.organisation(number, "commissioners", code.strip())
            commissioners[org] = self.money(number, "commissioners", share.strip())
        providers = [
            self.organisation(number, "providers", code.strip())
            for code in filter(None, row["providers"].split(";"))
        ]
        if not commissioners or not providers:
            column = "providers" if commissioners else "commissioners"
            self.fail(number, column, "expected at least one organisation code, found nothing")
        return commissioners, providers

    def terms(self, number: int, row: dict) -> dict:
        start = self.date(number, "start", row["start"], required=True, fmt="%Y-%m-%d")
        end = self.date(number, "end", row["end"], required=True, fmt="%Y-%m-%d")
        if end < start:
            self.fail(number, "end", f"the contract ends ({end}) before it starts ({start})")
        return {
            "title": self.required(number, "title", row["title"], self.length(Contract, "title")),
            "kind": self.choice(number, "kind", row["kind"], ContractKind),
            "status": self.choice(number, "status", row["status"], ContractStatus),
            "start": start,
            "end": end,
            "annual_value": self.money(number, "annual_value", row["annual_value"]),
        }

    def save(self, number: int, reference: str, row: dict) -> None:
        terms = self.terms(number, row)
        commissioners, providers = self.parties(number, row)
        try:
            check_shares(terms["annual_value"], commissioners)
        except ContractError as error:
            self.fail(number, "commissioners", str(error))
        status = upsert(Contract, {"reference": reference}, terms, self.by)
        contract = Contract.objects.get(reference=reference)
        changed = self.match_parties(contract, commissioners, providers)
        self.count("updated" if status == "unchanged" and changed else status)

    def match_parties(self, contract, commissioners: dict, providers: list) -> bool:
        wanted = {(o.pk, "commissioner"): share for o, share in commissioners.items()}
        wanted |= {(o.pk, "provider"): None for o in providers}
        changed = False
        for link in contract.party_links.all():
            key = (link.organisation_id, link.role)
            if key not in wanted:
                link.delete()
                changed = True
        for (org_id, role), share in wanted.items():
            key = {"contract": contract, "organisation_id": org_id, "role": role}
            changed |= upsert(ContractParty, key, {"share": share}, self.by) != "unchanged"
        return changed
