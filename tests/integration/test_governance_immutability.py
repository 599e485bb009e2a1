"""Agreed decisions are immutable: the code has no update path and the database refuses one."""

import pytest
from django.db import DatabaseError, transaction

from concord.governance import actions
from concord.governance.errors import Immutable
from concord.governance.models import Agreement, Commitment, Decision, Transition
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    held_meeting,
    support_from_every_seat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def agreement():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    support_from_every_seat(senate, proposal.current)
    decision = actions.record_decision(
        by=senate.chair, meeting=held_meeting(senate), proposal=proposal, outcome="agreed"
    )
    return decision.agreement


def test_saving_an_agreement_again_is_refused(agreement):
    agreement.title = "Something else"
    with pytest.raises(Immutable):
        agreement.save()
    assert Agreement.objects.get().title == "Dementia strategy"


@pytest.mark.parametrize(
    "model, change",
    [
        (Agreement, {"title": "Edited"}),
        (Commitment, {"target": 99.0}),
        (Decision, {"outcome": "not_agreed"}),
        (Transition, {"reason": "rewritten"}),
    ],
)
def test_the_database_refuses_an_update_even_through_a_queryset(agreement, model, change):
    field, value = next(iter(change.items()))
    before = list(model.objects.values_list(field, flat=True))
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        model.objects.update(**change)
    assert list(model.objects.values_list(field, flat=True)) == before
    assert value not in before


def test_the_database_refuses_raw_sql(agreement):
    from django.db import connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE governance_agreement SET strategy = 'x'")
    assert Agreement.objects.get().strategy == "Diagnose earlier in primary care."
