"""Each factory of tests/factories.py builds a saved record that its model's validation accepts,
and builds it as the domain's actions would: what they check holds of it."""

import datetime as dt

import pytest

from concord.contracts.actions.contracts import check_shares
from concord.governance.actions.decisions import check_dated
from concord.governance.models import Commitment
from concord.governance.models.choices import Outcome, ProposalStatus
from concord.governance.representation import representatives
from concord.governance.terms import quorum, tally
from concord.indicators.definitions import content_hash
from concord.indicators.limits import estimate
from concord.indicators.models import Period
from concord.indicators.schema import check
from concord.organisations.models import Kind
from tests import factories as f

pytestmark = pytest.mark.django_db

EVERY_FACTORY = [
    f.UserFactory,
    f.OrganisationFactory,
    f.PracticeFactory,
    f.CCGFactory,
    f.ForumSecretariatFactory,
    f.AcuteTrustFactory,
    f.LocalAuthorityFactory,
    f.MentalHealthTrustFactory,
    f.RelationshipFactory,
    f.StatusPeriodFactory,
    f.PersonFactory,
    f.PostFactory,
    f.PopulationCountFactory,
    f.ForumFactory,
    f.SeatFactory,
    f.RepresentativeFactory,
    f.ProposalFactory,
    f.ProposalVersionFactory,
    f.PositionFactory,
    f.MeetingFactory,
    f.DecisionFactory,
    f.AgreementFactory,
    f.CommitmentFactory,
    f.ContractFactory,
    f.KPIFactory,
    f.IndicatorFactory,
    f.PeriodFactory,
    f.MeasurementFactory,
]


@pytest.mark.parametrize("factory", EVERY_FACTORY, ids=lambda factory: factory.__name__)
def test_every_factory_saves_a_record_its_model_accepts(factory):
    record = factory()
    model = factory._meta.model
    assert isinstance(record, model) and model.objects.filter(pk=record.pk).exists()
    record.full_clean()
    again = factory()  # a second one does not collide with the first
    assert again.pk != record.pk


def test_a_forum_has_its_secretariat_a_chair_who_signs_in_and_seats_each_with_a_representative():
    forum = f.ForumFactory(seats=4)
    assert forum.organisation.kind == Kind.FORUM_SECRETARIAT and forum.chair.user is not None
    seats = list(forum.seats.order_by("pk"))
    assert [s.required for s in seats] == [True, False, False, False]
    assert [s.organisation.kind for s in seats] == list(f.SEAT_KINDS)
    assert all(len(representatives(seat, f.OPENED)) == 1 for seat in seats)
    assert f.ForumFactory(seats=0).seats.count() == 0
    assert not representatives(f.SeatFactory(representative=False), f.OPENED)


def test_a_proposal_has_its_first_version_its_commitments_and_its_transitions():
    draft = f.ProposalFactory()
    version = draft.current
    assert version.number == 1 and version.opened_on is None
    parties = [c.party for c in version.commitments.order_by("pk")]
    assert parties == [s.organisation for s in draft.forum.seats.order_by("pk")]
    assert draft.author_organisation == parties[0]
    assert [(t.from_status, t.to_status) for t in draft.transitions.all()] == [("", "draft")]

    opened = f.ProposalFactory(status=ProposalStatus.OPEN)
    assert opened.current.opened_on == f.OPENED
    steps = [(t.from_status, t.to_status) for t in opened.transitions.all()]
    assert steps == [("", "draft"), ("draft", "open")]

    amended = f.ProposalVersionFactory(proposal=opened)
    assert amended.number == 2 and opened.current == amended
    assert amended.opened_on == f.OPENED and amended.commitments.count() == 3


def test_an_agreed_proposal_comes_only_from_a_decision():
    with pytest.raises(ValueError, match="by a decision"):
        f.ProposalFactory(status=ProposalStatus.AGREED)
    with pytest.raises(ValueError, match="open proposal"):
        f.DecisionFactory(proposal=f.ProposalFactory())


def test_a_held_meeting_is_attended_for_every_seat_and_meetings_follow_one_another():
    forum = f.ForumFactory()
    held = f.MeetingFactory(forum=forum, held=True)
    assert held.date == f.FIRST_MEETING and quorum(held).quorate
    assert quorum(held).seats_present == 3
    planned = f.MeetingFactory(forum=forum)
    assert planned.date == held.date + dt.timedelta(days=7) and not planned.attendance.exists()


def test_an_agreed_decision_is_one_record_decision_could_have_taken_with_its_agreement():
    decision = f.DecisionFactory()
    meeting, version = decision.meeting, decision.version
    proposal = version.proposal
    assert meeting.status == "held" and meeting.forum == proposal.forum
    assert version.opened_on <= meeting.date <= dt.date.today()
    assert quorum(meeting).quorate and decision.seats_present == quorum(meeting).seats_present
    assert tally(version, meeting.date).carries
    check_dated(version, Outcome.AGREED)
    assert decision.recorded_by == proposal.forum.chair.user

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AGREED
    steps = [t.to_status for t in proposal.transitions.all()]
    assert steps == ["draft", "open", "agreed"]

    agreement = decision.agreement
    assert (agreement.forum, agreement.proposal, agreement.version) == (
        proposal.forum,
        proposal,
        version,
    )
    assert agreement.title == proposal.title and agreement.strategy == version.strategy
    assert agreement.agreed_on == meeting.date and agreement.in_force
    proposed = [c.terms() for c in version.commitments.order_by("pk")]
    assert [c.terms() for c in agreement.commitments.order_by("pk")] == proposed


def test_a_decision_not_agreed_makes_no_agreement():
    decision = f.DecisionFactory(outcome=Outcome.NOT_AGREED)
    proposal = decision.version.proposal
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_AGREED
    assert not proposal.agreements.exists() and not decision.version.positions.exists()


def test_an_agreement_takes_the_forum_and_terms_it_is_given():
    forum = f.ForumFactory(seats=2)
    indicator = f.IndicatorFactory()
    party = forum.seats.first().organisation
    terms = {**f.commitment_terms(party), "target": 70.0, "indicators": [indicator]}
    agreement = f.AgreementFactory(forum=forum, commitments=[terms])
    assert agreement.forum == forum
    (commitment,) = agreement.commitments.all()
    assert commitment.party == party and commitment.target == 70.0
    assert list(commitment.indicators.all()) == [indicator]
    with pytest.raises(TypeError, match="from its decision"):
        f.AgreementFactory(title="Another title")


def test_a_commitment_is_the_one_commitment_of_its_own_agreement():
    party = f.LocalAuthorityFactory()
    commitment = f.CommitmentFactory(party=party, what="Assess within six weeks")
    assert commitment.party == party and commitment.agreement.in_force
    assert list(Commitment.objects.filter(agreement=commitment.agreement)) == [commitment]
    assert commitment.due and commitment.review


def test_a_contract_has_a_commissioner_paying_its_value_and_a_provider():
    contract = f.ContractFactory()
    (commissioner,) = contract.commissioners
    (provider,) = contract.providers
    assert commissioner.share == contract.annual_value and provider.share is None
    assert commissioner.organisation.kind == Kind.CCG
    assert provider.organisation.kind == Kind.ACUTE_TRUST
    ccg, icb = f.CCGFactory(), f.OrganisationFactory(kind=Kind.ICB)
    shared = f.ContractFactory(annual_value=900, commissioners={ccg: 600, icb: 300})
    check_shares(shared.annual_value, {p.organisation: p.share for p in shared.commissioners})
    with pytest.raises(Exception, match="add up to"):
        f.ContractFactory(annual_value=900, commissioners={f.CCGFactory(): 100})


def test_a_kpi_is_measured_in_its_indicators_periods_and_may_serve_a_commitment():
    kpi = f.KPIFactory(indicator=f.IndicatorFactory(period_type="quarter"))
    assert kpi.measurement_period == "quarter" and kpi.commitment is None
    served = f.KPIFactory(commitment=f.CommitmentFactory())
    assert served.commitment.agreement.in_force


def test_an_indicator_is_loaded_as_version_one_of_a_definition_the_schema_accepts():
    indicator = f.IndicatorFactory(national_target=None)
    (version,) = indicator.versions.all()
    assert version.number == indicator.version == 1
    assert version.content_hash == indicator.content_hash
    definition = {**version.definition}
    for name in ("date_reviewed", "next_review"):
        definition[name] = dt.date.fromisoformat(definition[name])
    assert check(definition, indicator.source_file) == definition
    assert content_hash(definition) == indicator.content_hash
    with pytest.raises(Exception, match="ci_method"):
        f.IndicatorFactory(ci_method="guesswork")


def test_a_period_is_the_one_its_label_names_and_is_stored_once():
    march = f.PeriodFactory(label="2021-03")
    assert (march.start, march.end) == (dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    assert f.PeriodFactory(label="2021-03") == march == Period.objects.get(label="2021-03")
    quarter = f.PeriodFactory(period_type="quarter")
    year = f.PeriodFactory(period_type="financial_year")
    assert quarter.label.endswith(("Q1", "Q2", "Q3", "Q4")) and year.end.month == 3


def test_a_measurement_has_the_value_and_limits_its_indicator_computes():
    measurement = f.MeasurementFactory(numerator=45, denominator=60)
    found = estimate(measurement.indicator, 45, 60)
    assert measurement.value == pytest.approx(75.0) == found["value"]
    assert (measurement.lower_95, measurement.upper_95) == (found["lower_95"], found["upper_95"])
    assert measurement.lower_95 < measurement.value < measurement.upper_95
    assert measurement.period.period_type == measurement.indicator.period_type
    yearly = f.MeasurementFactory(indicator=f.IndicatorFactory(period_type="financial_year"))
    assert yearly.period.period_type == "financial_year"
