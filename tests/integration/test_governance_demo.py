"""The governance demo: the Wigan senate, the five localities and the Central Lancashire
joint committee, loaded through the actions, idempotently; every change has its author."""

import pytest

from concord.demo.loader import load_demo
from concord.governance.demo import load_governance_demo
from concord.governance.models import Agreement, Decision, Forum, Position
from tests.integration.governance import quick_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    return load_governance_demo()


def test_the_senate_agrees_its_dementia_strategy_after_one_amendment(demo):
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    proposal = senate.proposals.get()
    first, second = proposal.versions.order_by("number")
    (objection,) = first.positions.filter(stance="object")
    assert objection.seat.organisation.code == "LA-WIGAN" and objection.reason
    assert not second.positions.filter(stance="object").exists()
    agreement = senate.agreements.get()
    assert agreement.version == second and proposal.status == "agreed"
    seat_codes = set(senate.seats.values_list("organisation__code", flat=True))
    parties = set(agreement.commitments.values_list("party__code", flat=True))
    assert parties == seat_codes and "02H" in parties


def test_the_localities_meet_monthly_with_minutes_and_actions(demo):
    localities = Forum.objects.filter(kind="locality_group")
    assert localities.count() == 5
    for forum in localities:
        held = forum.meetings.filter(status="held")
        assert held.count() == 3
        assert all(m.minutes and m.actions.exists() for m in held)


def test_the_joint_committee_decides_separately_for_each_ccg(demo):
    committee = Forum.objects.get(kind="joint_committee")
    assert committee.chair.name == "Rowan Example"
    bodies = Decision.objects.filter(meeting__forum=committee).values_list("acting_for__code")
    assert sorted(code for (code,) in bodies) == ["00X", "01E"]
    assert Agreement.objects.filter(forum=committee).count() == 2


def test_loading_again_changes_nothing_and_history_names_who_acted(demo):
    counts = (Forum.objects.count(), Position.objects.count(), Agreement.objects.count())
    assert load_governance_demo() == []
    assert (Forum.objects.count(), Position.objects.count(), Agreement.objects.count()) == counts
    objection = Position.objects.get(stance="object")
    (record,) = objection.history.all()
    assert record.history_user == objection.person.user
