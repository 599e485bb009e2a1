"""factory_boy factories for the registry, governance, indicators and contracts. Use these,
not JSON fixtures. Each builds a record as the domain's actions would leave it."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils.text import slugify

from concord.access.roles import grant
from concord.contracts.actions import contracts as contract_actions
from concord.contracts.models import (
    KPI,
    Comparison,
    Contract,
    ContractKind,
    ContractParty,
    ContractStatus,
    PartyRole,
)
from concord.governance import representation
from concord.governance.actions import decisions, proposals
from concord.governance.models import (
    Agreement,
    Attendance,
    Commitment,
    Decision,
    Forum,
    Meeting,
    Position,
    Proposal,
    ProposalVersion,
    Representative,
    Seat,
    Transition,
)
from concord.governance.models.choices import (
    DecisionRule,
    ForumKind,
    MeetingStatus,
    Outcome,
    ProposalStatus,
    Stance,
)
from concord.governance.terms import quorum
from concord.indicators import periods
from concord.indicators.definitions import RENAMED, as_json, content_hash
from concord.indicators.limits import estimate
from concord.indicators.models import Indicator, IndicatorVersion, Measurement, Period
from concord.indicators.schema import FIELDS as SCHEMA
from concord.indicators.schema import check as check_definition
from concord.organisations.models import (
    Kind,
    Organisation,
    Person,
    PopulationCount,
    Post,
    Relationship,
    RelationshipKind,
    StatusPeriod,
)
from concord.organisations.statuses import first_periods


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        self.save()
        if extracted:
            grant(self, extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"X{n:05d}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Kind.PRACTICE

    @factory.post_generation
    def status_periods(self, create, extracted, **kwargs):
        """An ODS status given to the factory is dated as a first release would date it."""
        if not create or not self.status:
            return
        for status, start, end in first_periods(
            self.status, opened=self.opened, closed=self.closed
        ):
            StatusPeriod.objects.create(organisation=self, status=status, start=start, end=end)


class PracticeFactory(OrganisationFactory):
    code = factory.Sequence(lambda n: f"P9{n:04d}")
    name = factory.Sequence(lambda n: f"Surgery {n}")
    kind = Kind.PRACTICE


class CCGFactory(OrganisationFactory):
    code = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + n % 26)}")
    name = factory.Sequence(lambda n: f"NHS Test {n} CCG")
    kind = Kind.CCG


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    child = factory.SubFactory(PracticeFactory)
    parent = factory.SubFactory(CCGFactory)
    kind = RelationshipKind.PART_OF
    start = dt.date(2013, 4, 1)
    end = None


class StatusPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusPeriod

    organisation = factory.SubFactory(PracticeFactory)
    status = "A"
    start = dt.date(1974, 4, 1)
    end = None


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n} (fictional)")
    is_fictional = True


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(CCGFactory)
    role = "Accountable officer"
    start = dt.date(2019, 4, 1)


class PopulationCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationCount

    organisation = factory.SubFactory(PracticeFactory)
    extract_date = dt.date(2021, 1, 1)
    patients = 5000


# Organisations of the kinds that sit in forums, commission and provide.


def of_kind(kind: str, code: str, name: str):
    """An OrganisationFactory for one kind (AcuteTrustFactory for Kind.ACUTE_TRUST), numbering
    the codes and names it gives."""
    made = factory.make_factory(
        Organisation,
        FACTORY_CLASS=OrganisationFactory,
        kind=kind,
        code=factory.Sequence(code.format),
        name=factory.Sequence(name.format),
    )
    made.__name__ = made.__qualname__ = f"{Kind(kind).name.title().replace('_', '')}Factory"
    return made


ForumSecretariatFactory = of_kind(Kind.FORUM_SECRETARIAT, "FS{:04d}", "Forum secretariat {}")
AcuteTrustFactory = of_kind(Kind.ACUTE_TRUST, "RA{:04d}", "Test Hospitals {} NHS Foundation Trust")
LocalAuthorityFactory = of_kind(Kind.LOCAL_AUTHORITY, "LA{:04d}", "Test Borough Council {}")
MentalHealthTrustFactory = of_kind(
    Kind.MENTAL_HEALTH_TRUST, "RM{:04d}", "Test Mental Health {} NHS Trust"
)


# Indicators: a definition as its file in definitions/ would hold it, loaded as version 1.


def definition_of(fields: dict) -> dict:
    """The definition file's content for an indicator's fields (numerator for
    numerator_definition, the source tables out of details)."""
    data = {name: fields[RENAMED.get(name, name)] for name in SCHEMA if name != "qof"}
    if data.get("national_target") is None:
        del data["national_target"]
    data.update(fields.get("details") or {})
    return data


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator loaded as `load_definitions` loads a file: the definition meets the schema,
    and version 1 holds it with its content hash."""

    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    title = factory.Sequence(lambda n: f"Test indicator {n}: people diagnosed, aged 65 and over")
    description = "The share of people aged 65 and over with the condition who are diagnosed."
    numerator_definition = "Patients aged 65 or over with the diagnosis recorded."
    denominator_definition = "Patients aged 65 or over on the registered list."
    unit = "percentage"
    denominator_kind = "count"
    multiplier = 100
    polarity = "higher_is_better"
    ci_method = "wilson"
    benchmark_method = "target"
    spc_rules = "mdc"
    national_target = 66.7
    data_source = "Fictional test data"
    period_type = "month"
    disclosure_rule = "standard"
    approval = "analyst"
    authored_by = "Concord indicator library"
    checked_by = "awaiting check"
    date_reviewed = factory.LazyFunction(dt.date.today)
    next_review = factory.LazyAttribute(lambda o: o.date_reviewed + dt.timedelta(days=365))
    details = factory.LazyFunction(dict)
    source_file = factory.LazyAttribute(lambda o: f"{o.code}.toml")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        data = check_definition(definition_of(kwargs), kwargs["source_file"])
        digest = content_hash(data)
        indicator = super()._create(model_class, *args, content_hash=digest, version=1, **kwargs)
        IndicatorVersion.objects.create(
            indicator=indicator,
            number=1,
            content_hash=digest,
            definition=as_json(data),
            source_file=indicator.source_file,
        )
        return indicator


def period_label(period_type: str, n: int) -> str:
    """The n-th period of its type from April 2021: 2021-04, 2021-22 Q1 or 2021-22."""
    if period_type == "month":
        return periods.month(2021 + (3 + n) // 12, (3 + n) % 12 + 1).label
    if period_type == "quarter":
        return periods.quarter(2021 + n // 4, n % 4 + 1).label
    return periods.financial_year(2021 + n).label


class PeriodFactory(factory.django.DjangoModelFactory):
    """A reporting period named by its label (PeriodFactory(label="2021-03")); like
    `Period.objects.get_for`, the stored one when it exists."""

    class Meta:
        model = Period
        django_get_or_create = ("period_type", "label")

    period_type = "month"
    label = factory.LazyAttributeSequence(lambda o, n: period_label(o.period_type, n))
    start = factory.LazyAttribute(lambda o: periods.parse_period(o.label, o.period_type).start)
    end = factory.LazyAttribute(lambda o: periods.parse_period(o.label, o.period_type).end)


class MeasurementFactory(factory.django.DjangoModelFactory):
    """A practice's value of an indicator in one of its periods; the value and limits are
    computed from the numerator and denominator by the indicator's method, as an import does
    (unless given)."""

    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SubFactory(PracticeFactory)
    period = factory.SubFactory(
        PeriodFactory, period_type=factory.SelfAttribute("..indicator.period_type")
    )
    numerator = 30
    denominator = 50

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        found = estimate(kwargs["indicator"], kwargs.get("numerator"), kwargs.get("denominator"))
        return super()._create(model_class, *args, **{**found, **kwargs})


# Governance: forums with seats, proposals with a version, decisions and what they agree. The
# records are written in the order the actions write them: a decision, its agreement and its
# commitments are written once and never updated (the database refuses an UPDATE).

SINCE = dt.date(2020, 4, 1)  # seats and appointments from
OPENED = dt.date(2021, 3, 1)  # proposals are put to the forum
FIRST_MEETING = dt.date(2021, 3, 10)
SEAT_KINDS = (Kind.CCG, Kind.ACUTE_TRUST, Kind.LOCAL_AUTHORITY, Kind.MENTAL_HEALTH_TRUST)


class ForumFactory(factory.django.DjangoModelFactory):
    """A clinical senate with its secretariat, a chair who signs in, and seats
    (ForumFactory(seats=4); 3 by default, the first required), each with a representative."""

    class Meta:
        model = Forum
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test forum {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name)[:80])
    kind = ForumKind.CLINICAL_SENATE
    organisation = factory.SubFactory(ForumSecretariatFactory, name=factory.SelfAttribute("..name"))
    chair = factory.SubFactory(
        PersonFactory,
        name=factory.Sequence(lambda n: f"Chair {n} (fictional)"),
        user=factory.SubFactory(UserFactory, role="viewer"),
    )
    quorum_min_seats = 2
    decision_rule = DecisionRule.CONSENT

    @factory.post_generation
    def seats(self, create, extracted, **kwargs):
        if not create:
            return
        for n in range(3 if extracted is None else extracted):
            SeatFactory(
                forum=self,
                organisation__kind=SEAT_KINDS[n % len(SEAT_KINDS)],
                required=n == 0,
                **kwargs,
            )


class SeatFactory(factory.django.DjangoModelFactory):
    """A seat from SINCE, with a representative appointed to it who signs in
    (SeatFactory(representative=person) to choose them, representative=False for a vacant
    seat)."""

    class Meta:
        model = Seat
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory, seats=0)
    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=Kind.CCG,
        name=factory.Sequence(lambda n: f"Seat organisation {n}"),
    )
    start = SINCE

    @factory.post_generation
    def representative(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        person = extracted or PersonFactory(
            name=f"Representative for {self.organisation.name}", user=UserFactory(role="viewer")
        )
        RepresentativeFactory(seat=self, person=person, start=self.start, **kwargs)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    seat = factory.SubFactory(SeatFactory, representative=False)
    person = factory.SubFactory(PersonFactory)
    start = factory.SelfAttribute("seat.start")


def first_seat_organisation(forum):
    """The organisation of the forum's first seat, or a new CCG for a forum without seats."""
    seat = forum.seats.order_by("pk").first()
    return seat.organisation if seat else CCGFactory()


def commitment_terms(party, n: int = 1) -> dict:
    """Dated, measured terms of a commitment, as a proposal's form gives them."""
    return dict(
        party=party,
        what=f"Part {n} of the strategy: diagnose earlier",
        baseline_value=60.1,
        baseline_period="2019-20",
        target=66.7,
        trajectory=[{"period": "2021-22", "target": 66.7}],
        start=dt.date(2021, 4, 1),
        due=dt.date(2022, 3, 31),
        review=dt.date(2021, 10, 1),
    )


PUT_TO_THE_FORUM = {
    ProposalStatus.DRAFT: [],
    ProposalStatus.OPEN: [ProposalStatus.OPEN],
    ProposalStatus.WITHDRAWN: [ProposalStatus.WITHDRAWN],
}


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal with its first version and the transitions to its status: a draft, or open
    (put to the forum on OPENED), or withdrawn. Agreed and not agreed proposals come from a
    decision: DecisionFactory, AgreementFactory.

    commitments: terms as `create_proposal` takes them; by default one for each seat's
    organisation."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Strategy {n}")
    condition = "dementia"
    author_organisation = factory.LazyAttribute(lambda o: first_seat_organisation(o.forum))
    status = ProposalStatus.DRAFT
    created_by = factory.SubFactory(UserFactory, role="editor")

    @factory.post_generation
    def commitments(self, create, extracted, **kwargs):
        if not create:
            return
        if self.status not in PUT_TO_THE_FORUM:
            raise ValueError(
                f"A proposal is {self.status} only by a decision: use DecisionFactory."
            )
        steps = PUT_TO_THE_FORUM[self.status]
        Transition.objects.create(proposal=self, to_status=ProposalStatus.DRAFT, by=self.created_by)
        ProposalVersionFactory(
            proposal=self,
            number=1,
            change_summary="",
            opened_on=OPENED if ProposalStatus.OPEN in steps else None,
            created_by=self.created_by,
            commitments=extracted,
        )
        before = ProposalStatus.DRAFT
        for status in steps:
            Transition.objects.create(
                proposal=self, from_status=before, to_status=status, by=self.created_by
            )
            before = status


class ProposalVersionFactory(factory.django.DjangoModelFactory):
    """A new version of a proposal, as an amendment makes it (an open proposal's is put to the
    forum the day its last version was), with its proposed commitments."""

    class Meta:
        model = ProposalVersion
        skip_postgeneration_save = True

    proposal = factory.SubFactory(ProposalFactory)
    number = factory.LazyAttribute(lambda o: o.proposal.versions.count() + 1)
    problem = "Too few people with dementia are diagnosed."
    strategy = "Diagnose earlier in primary care."
    change_summary = "Targets revised after the first reading"
    opened_on = factory.LazyAttribute(
        lambda o: o.proposal.current.opened_on if o.proposal.status == ProposalStatus.OPEN else None
    )
    created_by = factory.SelfAttribute("proposal.created_by")

    @factory.post_generation
    def commitments(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            parties = [s.organisation for s in self.proposal.forum.seats.order_by("pk")]
            extracted = [
                commitment_terms(party, n)
                for n, party in enumerate(parties or [self.proposal.author_organisation], 1)
            ]
        for terms in extracted:
            proposals.propose_commitment(self, by=self.created_by, **terms)


class PositionFactory(factory.django.DjangoModelFactory):
    """A seat's first position on a version, given by its representative."""

    class Meta:
        model = Position

    version = factory.SubFactory(ProposalVersionFactory)
    seat = factory.LazyAttribute(lambda o: o.version.proposal.forum.seats.order_by("pk").first())
    stance = Stance.SUPPORT
    person = factory.LazyAttribute(lambda o: representation.representatives(o.seat, OPENED)[0])
    recorded_by = factory.SelfAttribute("person.user")


def next_meeting_day(forum) -> dt.date:
    """FIRST_MEETING, or a week after the forum's last meeting."""
    last = forum.meetings.aggregate(last=Max("date"))["last"] if forum.pk else None
    return FIRST_MEETING if last is None else last + dt.timedelta(days=7)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting; MeetingFactory(held=True) is held, attended by a representative of
    every seat in force that day."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    class Params:
        held = factory.Trait(status=MeetingStatus.HELD)

    forum = factory.SubFactory(ForumFactory)
    date = factory.LazyAttribute(lambda o: next_meeting_day(o.forum))
    status = MeetingStatus.PLANNED

    @factory.post_generation
    def attendance(self, create, extracted, **kwargs):
        if not create or self.status != MeetingStatus.HELD:
            return
        for seat in self.forum.seats.in_force(self.date):
            sitting = representation.representatives(seat, self.date)
            if sitting:
                Attendance.objects.create(meeting=self, person=sitting[0], seat=seat)


def support_from_every_seat(version, on: dt.date) -> None:
    """Each seat in force that has not answered supports the version, by its representative."""
    answered = set(version.positions.values_list("seat_id", flat=True))
    for seat in version.proposal.forum.seats.in_force(on).exclude(pk__in=answered):
        PositionFactory(version=version, seat=seat)


class DecisionFactory(factory.django.DjangoModelFactory):
    """A forum's decision on an open proposal's current version at a held, quorate meeting,
    recorded by the chair. Agreed (the default), every seat that had not answered supports the
    version first; the agreement and its commitments follow as `record_decision` writes them,
    and the proposal moves to agreed or not agreed."""

    class Meta:
        model = Decision

    class Params:
        proposal = factory.SubFactory(ProposalFactory, status=ProposalStatus.OPEN)

    meeting = factory.SubFactory(
        MeetingFactory, forum=factory.SelfAttribute("..proposal.forum"), held=True
    )
    version = factory.LazyAttribute(lambda o: o.proposal.current)
    outcome = Outcome.AGREED
    seats_present = factory.LazyAttribute(lambda o: quorum(o.meeting).seats_present)
    recorded_by = factory.LazyAttribute(lambda o: o.meeting.forum.chair.user)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        version, meeting = kwargs["version"], kwargs["meeting"]
        if version.proposal.status != ProposalStatus.OPEN:
            raise ValueError("Only an open proposal is decided: ProposalFactory(status='open').")
        if kwargs["outcome"] == Outcome.AGREED:
            support_from_every_seat(version, meeting.date)
        decision = super()._create(model_class, *args, **kwargs)
        if decision.outcome == Outcome.AGREED:
            decisions.make_agreement(decision, by=decision.recorded_by)
        decisions.settle(version.proposal, by=decision.recorded_by, reason=decision.notes)
        return decision


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement as an agreed decision makes it, with its version's commitments:
    AgreementFactory(forum=..., commitments=[terms, ...]) chooses the forum and the terms (as
    ProposalFactory takes them); other arguments go to the decision (meeting=..., notes=...)."""

    class Meta:
        model = Agreement

    forum = factory.SubFactory(ForumFactory)
    commitments = None

    @classmethod
    def _create(cls, model_class, *args, forum, commitments, **decision):
        if unknown := {name for name in decision if name not in DECISION_ARGUMENTS}:
            raise TypeError(
                f"An agreement takes its terms from its decision, not {', '.join(sorted(unknown))}."
            )
        proposal = ProposalFactory(forum=forum, status=ProposalStatus.OPEN, commitments=commitments)
        return DecisionFactory(proposal=proposal, outcome=Outcome.AGREED, **decision).agreement


DECISION_ARGUMENTS = ("meeting", "item", "acting_for", "notes", "recorded_by")


class CommitmentFactory(factory.django.DjangoModelFactory):
    """One party's agreed commitment: an agreement of the forum binding just this party."""

    class Meta:
        model = Commitment

    forum = factory.SubFactory(ForumFactory)
    party = factory.LazyAttribute(lambda o: first_seat_organisation(o.forum))
    what = factory.Sequence(lambda n: f"Commitment {n}: diagnose earlier in primary care")
    baseline_value = 60.1
    baseline_period = "2019-20"
    target = 66.7
    trajectory = factory.LazyFunction(lambda: [{"period": "2021-22", "target": 66.7}])
    start = dt.date(2021, 4, 1)
    due = dt.date(2022, 3, 31)
    review = dt.date(2021, 10, 1)
    indicators = ()

    @classmethod
    def _create(cls, model_class, *args, forum, **terms):
        if "agreement" in terms:
            raise TypeError("An agreement's commitments are written with it: use AgreementFactory.")
        agreement = AgreementFactory(forum=forum, commitments=[terms])
        return agreement.commitments.get()


# Contracts: parties and shares as create_contract checks them, and KPIs.


class ContractFactory(factory.django.DjangoModelFactory):
    """An active NHS Standard Contract with its parties, checked as `create_contract` checks
    them: by default a CCG paying all the annual value and an acute trust providing;
    ContractFactory(commissioners={org: share or None}, providers=[org, ...])."""

    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"TEST-{n:04d}")
    title = factory.Sequence(lambda n: f"Test services {n}")
    kind = ContractKind.NHS_STANDARD
    status = ContractStatus.ACTIVE
    start = dt.date(2021, 4, 1)
    end = dt.date(2024, 3, 31)
    annual_value = Decimal("1000000.00")
    commissioners = None
    providers = None

    @classmethod
    def _create(cls, model_class, *args, commissioners, providers, **kwargs):
        commissioners = commissioners or {CCGFactory(): kwargs["annual_value"]}
        providers = providers or [AcuteTrustFactory()]
        contract_actions.check_terms(
            start=kwargs["start"],
            end=kwargs["end"],
            providers=providers,
            commissioners=commissioners,
        )
        contract_actions.check_shares(kwargs["annual_value"], commissioners)
        contract = super()._create(model_class, *args, **kwargs)
        for org, share in commissioners.items():
            ContractParty.objects.create(
                contract=contract, organisation=org, role=PartyRole.COMMISSIONER, share=share
            )
        for org in providers:
            ContractParty.objects.create(
                contract=contract, organisation=org, role=PartyRole.PROVIDER
            )
        return contract


class KPIFactory(factory.django.DjangoModelFactory):
    """A KPI of a contract, measured by an indicator in the indicator's periods; serving no
    commitment unless given one (KPIFactory(commitment=...))."""

    class Meta:
        model = KPI

    contract = factory.SubFactory(ContractFactory)
    code = factory.Sequence(lambda n: f"KPI-{n}")
    name = factory.SelfAttribute("indicator.title")
    indicator = factory.SubFactory(IndicatorFactory)
    comparison = Comparison.AT_LEAST
    threshold = 66.7
    measurement_period = factory.SelfAttribute("indicator.period_type")
    consequence = "Remedial action plan"
    commitment = None
