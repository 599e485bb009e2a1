"""The contracts part of the demo economy, loaded from data/contracts/ through the actions.

Contracts with the acute trust, the community provider, the mental health trust and the
practices whose KPIs trace to the Wigan senate's dementia commitments, and a Section 75 pooled
budget with Wigan Council judged on a Better Care Fund metric, with Wigan's published figures.
One commitment is left uncarried on purpose: the traceability report shows it.
A contract that exists already is left alone, so loading twice changes nothing.
"""

import csv
import datetime as dt
import io
import json
from importlib import resources

from django.db import transaction

from concord.access.roles import EDITOR, grant
from concord.accountability.refresh import after_measurements_changed
from concord.contracts import actions
from concord.contracts.models import Contract
from concord.demo.users import login
from concord.governance.models import Agreement
from concord.indicators.models import Indicator, Measurement, Period
from concord.indicators.periods import parse_period
from concord.organisations.models import Organisation, Person, Post, Relationship

__all__ = [
    "FILES",
    "Loader",
    "MEASURES",
    "commissioning_manager",
    "data",
    "day",
    "load_contracts_demo",
    "load_published_metric",
    "org",
    "the_agreement",
]

FILES = ("wigan_dementia.json", "central_lancashire.json")
MEASURES = ("numerator", "denominator", "value", "lower_95", "upper_95")


def data(name: str) -> str:
    return (resources.files("concord.demo") / "data" / "contracts" / name).read_text()


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def commissioning_manager(spec: dict | None = None):
    """A head of contracting (fictional), an editor with posts in the commissioners."""
    spec = spec or json.loads(data(FILES[0]))["manager"]
    person, _ = Person.objects.get_or_create(name=spec["name"], defaults={"is_fictional": True})
    for code in spec["posts"]:
        Post.objects.get_or_create(
            person=person, organisation=org(code), role=spec["role"], start=dt.date(2021, 4, 1)
        )
    if person.user is None:
        person.user = login(spec["username"], EDITOR)
        person.save(update_fields=["user"])
    grant(person.user, EDITOR)
    return person.user


def the_agreement(spec: dict) -> Agreement:
    agreements = Agreement.objects.in_force().filter(forum__slug=spec["forum"], title=spec["title"])
    return agreements.get(acting_for__code=spec["for"]) if spec.get("for") else agreements.get()


class Loader:
    def __init__(self, spec: dict):
        self.by = commissioning_manager(spec["manager"])
        self.agreements = {key: the_agreement(a) for key, a in spec["agreements"].items()}

    def commitment(self, ref: list | None):
        """["wigan", "RRF"]: the commitment of party RRF in the agreement named wigan."""
        if not ref:
            return None
        key, party = ref
        return self.agreements[key].commitments.get(party__code=party)

    def providers(self, c: dict) -> list[Organisation]:
        if "providers" in c:
            return [org(code) for code in c["providers"]]
        members = Relationship.objects.filter(
            parent__code__in=c["providers_from_localities"], kind="member_of"
        )
        return list(Organisation.objects.filter(pk__in=members.values("child")).order_by("code"))

    def contract(self, c: dict) -> Contract:
        contract = actions.create_contract(
            by=self.by,
            reference=c["reference"],
            title=c["title"],
            kind=c["kind"],
            start=day(c["start"]),
            end=day(c["end"]),
            annual_value=c["annual_value"],
            commissioners={org(code): share for code, share in c["commissioners"].items()},
            providers=self.providers(c),
            description=c.get("description", ""),
        )
        for k in c["kpis"]:
            self.kpi(contract, k)
        for v in c.get("variations", []):
            self.vary(contract, v)
        self.pool(contract, c)
        return contract

    def kpi(self, contract, k: dict):
        actions.add_kpi(
            by=self.by,
            contract=contract,
            code=k["code"],
            name=k["name"],
            indicator=Indicator.objects.get(code=k["indicator"]),
            comparison=k["comparison"],
            threshold=k["threshold"],
            measurement_period=k["period"],
            consequence=k["consequence"],
            commitment=self.commitment(k.get("commitment")),
        )

    def vary(self, contract, v: dict):
        changes = {"annual_value": v["annual_value"]} if "annual_value" in v else {}
        actions.vary_contract(
            by=self.by,
            contract=contract,
            description=v["description"],
            effective_from=day(v["effective_from"]),
            decision=self.agreements[v["decision"]].decision,
            **changes,
        )

    def pool(self, contract, c: dict):
        for x in c.get("contributions", []):
            actions.add_contribution(
                by=self.by,
                contract=contract,
                partner=org(x["partner"]),
                year=x["year"],
                amount=x["amount"],
            )
        for s in c.get("spend_lines", []):
            actions.add_spend_line(
                by=self.by,
                contract=contract,
                year=s["year"],
                description=s["description"],
                amount=s["amount"],
                lead=org(s["lead"]),
                commitment=self.commitment(s["commitment"]),
            )
        for m in c.get("metrics", []):
            actions.add_budget_metric(
                by=self.by,
                contract=contract,
                indicator=Indicator.objects.get(code=m["indicator"]),
                ambition=m["ambition"],
                note=m["note"],
            )


def load_published_metric(name: str = "ascof_2a2_wigan.csv") -> int:
    """Wigan's published ASCOF 2A(2) figures, as published (value and limits with the counts).
    Like every writer of measurements, it says how many it changed (after_measurements_changed),
    and status is refreshed once the transaction commits."""
    rows, changed = list(csv.DictReader(io.StringIO(data(name)))), 0
    for row in rows:
        indicator = Indicator.objects.get(code=row["indicator"])
        period = Period.objects.get_for(parse_period(row["period"], indicator.period_type))
        key = dict(indicator=indicator, organisation=org(row["organisation"]), period=period)
        published = {field: float(row[field]) for field in MEASURES}
        if Measurement.objects.filter(**key).values(*MEASURES).first() != published:
            Measurement.objects.update_or_create(**key, defaults=published)
            changed += 1
    after_measurements_changed(reason=f"the demo's published figures in {name}", rows=changed)
    return len(rows)


@transaction.atomic
def load_contracts_demo() -> list[Contract]:
    """Load the demo contracts not loaded yet; returns the contracts made this time."""
    load_published_metric()
    made = []
    for name in FILES:
        spec = json.loads(data(name))
        wanted = [
            c
            for c in spec["contracts"]
            if not Contract.objects.filter(reference=c["reference"]).exists()
        ]
        if wanted:
            loader = Loader(spec)
            made += [loader.contract(c) for c in wanted]
    return made
