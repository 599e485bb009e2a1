"""Data submissions through their actions: every error of a file listed and nothing written,
CSV and Excel, the flow to published changing a commitment's status, a correction superseding
the figures before it, who may approve, and automatic approval."""

import pytest

from concord.access.roles import ANALYST, grant
from concord.accountability import status as s
from concord.accountability.models import CommitmentStatus, MeasurementChange
from concord.governance.errors import NotAllowed
from concord.indicators.models import Indicator, Measurement
from concord.indicators.submissions import actions
from concord.indicators.submissions.models import State, Submission
from concord.indicators.submissions.queries import period_of
from concord.organisations.kinds import Kind
from concord.organisations.models import RelationshipKind
from tests.factories import OrganisationFactory, RelationshipFactory
from tests.integration.accountable import DEMENTIA
from tests.integration.contracting import member_of
from tests.integration.submitting import PERIOD, analyst_of, csv_of, dementia, economy, xlsx_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return economy()


def upload(world, content: bytes, file_name="figures.csv", by=None, key=""):
    made, _ = actions.upload_submission(
        by=by or world.editor,
        organisation=world.ccg,
        period=period_of(PERIOD),
        content=content,
        file_name=file_name,
        idempotency_key=key,
    )
    return made


def published(world, content=None, captured=None) -> Submission:
    made = upload(world, content or csv_of([dementia(world.ccg)]))
    actions.submit_submission(by=world.editor, submission=made)
    return actions.approve_submission(by=world.analyst, submission=made)


BAD_ROWS = [
    ("no-such-indicator", "{ccg}", PERIOD, 10, 100),
    (DEMENTIA, "{ccg}", "2022-13", 10, 100),
    (DEMENTIA, "{ccg}", PERIOD, "ten", ""),
    (DEMENTIA, "QXX", PERIOD, 10, 100),  # the ICB: not the submission's
    (DEMENTIA, "{ccg}", "2021-12", 10, 100),
]


def bad_file(world, of=csv_of) -> bytes:
    rows = [tuple(str(c).format(ccg=world.ccg.code) for c in row) for row in BAD_ROWS]
    return of([dementia(world.ccg), *rows])


@pytest.mark.parametrize(("of", "name"), [(csv_of, "bad.csv"), (xlsx_of, "bad.xlsx")])
def test_the_preview_lists_every_error_and_writes_nothing(world, of, name):
    before = Measurement.objects.count()
    made = upload(world, bad_file(world, of), name)
    found = {(e["row"], e["column"]) for e in made.errors}
    assert found == {
        (3, "indicator"),
        (4, "period"),
        (5, "numerator"),
        (5, "denominator"),
        (6, "organisation"),
        (7, "period"),
    }
    messages = " ".join(e["message"] for e in made.errors)
    assert "unknown indicator 'no-such-indicator'" in messages
    assert "expected a number, found 'ten'" in messages
    assert f"expected {world.ccg.code}" in messages and "expected 2022-03" in messages
    assert made.source == ("xlsx" if name.endswith("xlsx") else "csv")
    assert Measurement.objects.count() == before
    with pytest.raises(actions.SubmissionError, match="6 errors"):
        actions.submit_submission(by=world.editor, submission=made)
    assert Submission.objects.get(pk=made.pk).state == State.DRAFT


def test_a_file_without_the_columns_says_which(world):
    made = upload(world, csv_of([("x", "y")], header=("indicator", "size")))
    assert {(e["row"], e["column"]) for e in made.errors} >= {(1, "organisation"), (1, "size")}


@pytest.mark.parametrize(("of", "name"), [(csv_of, "good.csv"), (xlsx_of, "good.xlsx")])
def test_published_figures_reach_the_commitments_status(
    world, of, name, django_capture_on_commit_callbacks
):
    made = upload(world, of([dementia(world.ccg, 680, 1000)]), name)
    assert made.errors == [] and made.rows.count() == 1
    actions.submit_submission(by=world.editor, submission=made)
    assert not Measurement.objects.filter(organisation=world.ccg).exists()  # not yet published
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_submission(by=world.analyst, submission=made)
    made.refresh_from_db()
    stored = Measurement.objects.get(organisation=world.ccg, period__label=PERIOD)
    assert (stored.numerator, stored.denominator, stored.batch_id) == (680, 1000, made.batch_id)
    assert stored.batch.kind == "submission" and str(made.pk) in stored.batch.file_name
    status = CommitmentStatus.objects.current().get(commitment__party=world.ccg)
    assert status.status == s.MET and "68.0% for 2022-03" in status.explanation
    assert [step.state for step in made.steps.all()] == ["draft", "submitted", "approved",
                                                         "published"]  # fmt: skip
    assert MeasurementChange.objects.filter(batch=made.batch).exists()


def test_a_correction_supersedes_the_published_figures_and_keeps_both(world):
    first = published(world)
    second = published(world, csv_of([dementia(world.ccg, 700, 1000)]))
    first.refresh_from_db()
    assert (first.state, second.state, second.supersedes) == ("superseded", "published", first)
    assert first.rows.get().numerator == 680  # kept, readable
    stored = Measurement.objects.get(organisation=world.ccg, period__label=PERIOD)
    assert (stored.numerator, stored.batch_id) == (700, second.batch_id)
    assert f"Replaced by submission {second.pk}" in first.steps.last().reason
    assert MeasurementChange.objects.filter(batch=second.batch).get().rows == 1


def test_a_correction_that_drops_an_indicator_removes_its_figure(world):
    other = Indicator.objects.get(code="memory-assessment-within-6-weeks")
    both = [dementia(world.ccg), (other.code, world.ccg.code, PERIOD, 50, 1000)]
    published(world, csv_of(both))
    published(world, csv_of([dementia(world.ccg, 690, 1000)]))
    assert not Measurement.objects.filter(indicator=other, organisation=world.ccg).exists()


def submitted(world) -> Submission:
    made = upload(world, csv_of([dementia(world.ccg)]))
    return actions.submit_submission(by=world.editor, submission=made)


@pytest.mark.parametrize("who", ["editor", "icb_viewer", "other_analyst"])
def test_approval_is_refused_to_the_submitter_a_non_analyst_and_another_commissioner(world, who):
    made = submitted(world)
    with pytest.raises(NotAllowed):
        actions.approve_submission(by=getattr(world, who), submission=made)
    with pytest.raises(NotAllowed):
        actions.return_submission(by=getattr(world, who), submission=made, reason="Check it")
    assert Submission.objects.get(pk=made.pk).state == State.SUBMITTED
    assert not Measurement.objects.filter(organisation=world.ccg).exists()


def test_an_analyst_does_not_approve_their_own_submission(world):
    grant(world.editor, ANALYST)
    made = submitted(world)
    with pytest.raises(NotAllowed, match="own submission"):
        actions.approve_submission(by=world.editor, submission=made)


def test_a_returned_submission_says_why_and_publishes_nothing(world):
    made = submitted(world)
    with pytest.raises(actions.SubmissionError, match="Say why"):
        actions.return_submission(by=world.analyst, submission=made, reason=" ")
    actions.return_submission(by=world.analyst, submission=made, reason="Denominator too low")
    assert made.steps.last().reason == "Denominator too low"
    with pytest.raises(actions.SubmissionError, match="returned"):
        actions.approve_submission(by=world.analyst, submission=made)
    assert not Measurement.objects.filter(organisation=world.ccg).exists()


def test_an_editor_of_another_organisation_cannot_send_its_figures(world):
    with pytest.raises(NotAllowed):
        upload(world, csv_of([dementia(world.ccg)]), by=world.analyst)
    assert not Submission.objects.exists()


def test_an_indicator_approved_automatically_is_published_on_submit(world):
    Indicator.objects.filter(code=DEMENTIA).update(approval="automatic")
    made = submitted(world)
    assert made.state == State.PUBLISHED
    assert [s.state for s in made.steps.all()] == ["draft", "submitted", "approved", "published"]
    assert Measurement.objects.filter(organisation=world.ccg, batch=made.batch).exists()


def test_the_same_idempotency_key_returns_the_first_submission(world):
    content = csv_of([dementia(world.ccg)])
    first = upload(world, content, key="abc")
    again, created = actions.upload_submission(
        by=world.editor, organisation=world.ccg, period=period_of(PERIOD), content=content,
        file_name="figures.csv", idempotency_key="abc",
    )  # fmt: skip
    assert (again, created, Submission.objects.count()) == (first, False, 1)
    with pytest.raises(actions.KeyReused):
        upload(world, csv_of([dementia(world.ccg, 1, 2)]), key="abc")


def test_an_analyst_administrator_approves_any_organisations_figures(world):
    grant(world.senate.admin, ANALYST)
    made = actions.approve_submission(by=world.senate.admin, submission=submitted(world))
    assert made.state == State.PUBLISHED


def test_a_rejected_submission_is_never_published(world):
    made = submitted(world)
    actions.reject_submission(by=world.analyst, submission=made, reason="Not our data")
    assert Submission.objects.get(pk=made.pk).state == State.REJECTED
    with pytest.raises(actions.SubmissionError, match="rejected"):
        actions.submit_submission(by=world.editor, submission=made)
    assert not Measurement.objects.filter(organisation=world.ccg).exists()


def test_the_same_key_sent_twice_at_once_keeps_the_first(world):
    """The second request looked before the first saved: the unique key settles it."""
    first = upload(world, csv_of([dementia(world.ccg)]), key="race")
    late = Submission(organisation=world.ccg, period=first.period, source="csv")
    late.created_by, late.idempotency_key, late.content_hash = world.editor, "race", "x"
    assert actions.saved_unless_sent(late) == first
    assert Submission.objects.count() == 1


def test_a_trust_s_figures_are_approved_by_an_analyst_of_the_ccg_whose_population_it_serves(world):
    trust = OrganisationFactory(code="RZZ", name="Test acute trust", kind=Kind.ACUTE_TRUST)
    RelationshipFactory(child=trust, parent=world.ccg, kind=RelationshipKind.SERVES)
    data_manager, ccg_analyst = member_of(trust, "editor"), analyst_of(world.ccg)
    made, _ = actions.upload_submission(
        by=data_manager,
        organisation=trust,
        period=period_of(PERIOD),
        content=csv_of([dementia(trust)]),
        file_name="figures.csv",
    )
    actions.submit_submission(by=data_manager, submission=made)
    with pytest.raises(NotAllowed, match="whose population it serves"):
        actions.approve_submission(by=world.analyst, submission=made)  # the ICB's: not served
    actions.approve_submission(by=ccg_analyst, submission=made)
    assert Measurement.objects.filter(organisation=trust).count() == 1


def spoilt_cells(world) -> list[tuple]:
    return [dementia(world.ccg), (DEMENTIA, world.ccg.code, PERIOD, "NaN", "inf")]


@pytest.mark.parametrize(
    ("content", "where", "says"),
    [
        (lambda w: csv_of(spoilt_cells(w)), {(3, "numerator"), (3, "denominator")}, "0 or more"),
        (
            lambda w: csv_of([dementia(w.ccg)]).replace(PERIOD.encode(), b"2022-\xff03"),
            {(2, "period")},
            "not UTF-8",
        ),
        (
            lambda w: csv_of([dementia(w.ccg), (DEMENTIA, "A" * 131_073, PERIOD, 1, 2)]),
            {(3, "organisation")},
            "131,072",
        ),
    ],
    ids=["nan-and-infinity", "non-utf8", "long-field"],
)
def test_a_spoilt_file_is_kept_as_a_draft_naming_row_and_column(world, content, where, says):
    before = Measurement.objects.count()
    made = upload(world, content(world))
    assert {(e["row"], e["column"]) for e in made.errors} == where
    assert says in " ".join(e["message"] for e in made.errors)
    assert Measurement.objects.count() == before


def test_a_png_named_xlsx_is_refused_as_no_workbook(world):
    made = upload(world, bytes.fromhex("89504e470d0a1a0a") + b"\0" * 64, "figures.xlsx")
    assert [e["row"] for e in made.errors] == [None]
    assert "Excel workbook" in made.errors[0]["message"]
