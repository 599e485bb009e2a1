"""An agreed dementia strategy and the people who contract for it, for contracts and pathways tests.

The senate of tests/integration/governance.py agrees a strategy binding four parties: a CCG (the
commissioner), an acute trust, a local authority and a mental health trust. Around it: an editor
and a viewer of the CCG, a viewer of the acute trust, and an editor who belongs to no party.
"""

import datetime as dt
from dataclasses import dataclass

from concord.governance import actions as governance
from concord.governance.models import Agreement
from concord.indicators.definitions import load_definitions
from concord.indicators.models import Indicator
from tests.factories import PostFactory, UserFactory
from tests.integration.governance import OPENED, build_senate, dementia_proposal, held_meeting

SINCE = dt.date(2020, 4, 1)
DEMENTIA = "dementia-diagnosis-rate-65"


@dataclass
class World:
    senate: object
    agreement: Agreement
    ccg: object
    acute: object
    council: object
    mental_health: object
    ccg_editor: object
    ccg_viewer: object
    acute_viewer: object
    outsider_editor: object

    def commitment_of(self, org):
        return self.agreement.commitments.get(party=org)

    @property
    def decision(self):
        return self.agreement.decision

    @property
    def indicator(self):
        return Indicator.objects.get(code=DEMENTIA)


def member_of(org, role: str):
    """A login whose person holds a post in the organisation."""
    user = UserFactory(role=role)
    PostFactory(person__user=user, organisation=org, role="Manager", start=SINCE)
    return user


def agree(senate) -> Agreement:
    proposal = dementia_proposal(senate)
    governance.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    for n in range(len(senate.seats)):
        governance.record_position(
            by=senate.rep(n),
            version=proposal.current,
            seat=senate.seats[n],
            stance="support",
            on=dt.date(2021, 3, 1),
        )
    meeting = held_meeting(senate)
    governance.record_decision(
        by=senate.chair, meeting=meeting, proposal=proposal, outcome="agreed"
    )
    return Agreement.objects.get(proposal=proposal)


def build_world() -> World:
    load_definitions()
    senate = build_senate(seats=4, quorum=3)
    ccg, acute, council, mental_health = (seat.organisation for seat in senate.seats)
    return World(
        senate=senate,
        agreement=agree(senate),
        ccg=ccg,
        acute=acute,
        council=council,
        mental_health=mental_health,
        ccg_editor=member_of(ccg, "editor"),
        ccg_viewer=member_of(ccg, "viewer"),
        acute_viewer=member_of(acute, "viewer"),
        outsider_editor=UserFactory(role="editor"),
    )


def acute_contract(world: World, **extra):
    from concord.contracts import actions

    terms = dict(
        reference="NHSSC-2122-001",
        title="Acute services",
        kind="nhs_standard",
        start=dt.date(2021, 4, 1),
        end=dt.date(2024, 3, 31),
        providers=[world.acute],
        commissioners={world.ccg: 1_000_000},
        annual_value=1_000_000,
    )
    return actions.create_contract(by=world.ccg_editor, **{**terms, **extra})


def serve(world: World, contract, org, code: str = "KPI-1"):
    """A KPI of the contract serving the commitment of `org`."""
    from concord.contracts import actions

    return actions.add_kpi(
        by=world.ccg_editor,
        contract=contract,
        code=code,
        name="Dementia diagnosis rate",
        indicator=world.indicator,
        threshold=66.7,
        measurement_period="month",
        consequence="Remedial action plan",
        commitment=world.commitment_of(org),
    )


def dementia_programme(world: World):
    """The CCG's dementia programme, carrying the senate's agreement."""
    from concord.pathways import actions as pathways

    return pathways.create_programme(
        by=world.ccg_editor,
        name="Dementia",
        condition="dementia",
        lead_organisation=world.ccg,
        population="People aged 65 and over",
        agreements=[world.agreement],
    )
