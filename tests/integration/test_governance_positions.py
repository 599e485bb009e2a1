"""A seat's position belongs to the seat: a trail of entries, changed only by the seat, kept.

Seen: the chair recorded "Support" over a seat's own objection, and the objection then appeared
nowhere, not even in History. Now every entry stays; the chair records only for a seat that has
not answered on the version, marked so; the board shows each seat's whole trail.
"""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from concord.governance import actions
from concord.governance.actions.locking import created
from concord.governance.actions.proposals import RECORDED_MEANWHILE
from concord.governance.errors import Conflict, GovernanceError
from concord.governance.models import Position
from concord.governance.terms import tally
from tests.integration.governance import (  # noqa: F401
    build_senate,
    dementia_proposal,
)
from tests.integration.test_governance_api import BASE, bearer, post

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def senate():
    return build_senate()


@pytest.fixture
def proposal(senate):
    found = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=found)
    return found


def record(senate, proposal, by, n, stance, reason="", seen=None):
    return actions.record_position(
        by=by,
        version=proposal.current,
        seat=senate.seats[n],
        stance=stance,
        reason=reason,
        seen=seen,
    )


def test_the_chair_cannot_record_over_a_seats_own_objection(senate, proposal):
    objection = record(senate, proposal, senate.rep(1), 1, "object", "No memory clinic capacity")
    with pytest.raises(GovernanceError, match="only the seat's representative changes it"):
        record(senate, proposal, senate.chair, 1, "support", seen=objection.pk)
    assert list(Position.objects.all()) == [objection]
    assert tally(proposal.current).objecting == [senate.seats[1].organisation.name]


def test_the_chair_records_for_a_silent_seat_and_the_seat_may_then_answer(senate, proposal):
    for_seat = record(senate, proposal, senate.chair, 2, "support")
    assert for_seat.by_chair and for_seat.person == senate.chair.person
    own = record(senate, proposal, senate.rep(2), 2, "object", "Not costed", seen=for_seat.pk)
    assert not own.by_chair and own.replaces == for_seat
    trail = list(Position.objects.filter(seat=senate.seats[2]).order_by("pk"))
    assert [(p.stance, p.by_chair) for p in trail] == [("support", True), ("object", False)]
    assert list(proposal.current.positions.standing()) == [own]
    with pytest.raises(GovernanceError, match="has given its own position"):
        record(senate, proposal, senate.chair, 2, "support", seen=own.pk)


def test_a_representative_changes_their_position_by_a_new_entry(senate, proposal):
    first = record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    second = record(senate, proposal, senate.rep(1), 1, "concerns", "Costing to follow", first.pk)
    first.refresh_from_db()
    assert (first.stance, first.reason) == ("object", "Not costed")
    assert second.replaces == first
    assert tally(proposal.current).objecting == [] and len(tally(proposal.current).concerns) == 1


def test_a_change_must_say_which_entry_it_changes(senate, proposal):
    first = record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    with pytest.raises(Conflict, match=f"entry {first.pk}"):
        record(senate, proposal, senate.rep(1), 1, "support")
    assert list(Position.objects.all()) == [first]


def test_the_database_refuses_to_change_an_entry(senate, proposal):
    entry = record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    with pytest.raises(DatabaseError), transaction.atomic():
        Position.objects.filter(pk=entry.pk).update(stance="support", reason="")
    entry.refresh_from_db()
    assert entry.stance == "object"


def test_the_board_shows_every_entry_of_each_seat(client, senate, proposal):
    chair = record(senate, proposal, senate.chair, 1, "support")
    record(senate, proposal, senate.rep(1), 1, "object", "No memory clinic capacity", chair.pk)
    client.force_login(senate.viewer)
    html = client.get(reverse("governance:proposal", args=[proposal.pk])).content.decode()
    board = html[html.index('id="positions-board"') :]
    board = board[: board.index("</table>")]
    assert "No memory clinic capacity" in board
    assert board.count('class="nhsuk-table__row earlier-position"') == 1
    assert "Recorded by the chair on the seat's behalf" in board


def test_the_trail_of_an_amended_version_stays_on_the_page(client, senate, proposal):
    first = record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    record(senate, proposal, senate.rep(1), 1, "concerns", "Costing to follow", first.pk)
    actions.amend_proposal(by=senate.editor, proposal=proposal, change_summary="Costed")
    client.force_login(senate.viewer)
    html = client.get(reverse("governance:proposal", args=[proposal.pk])).content.decode()
    earlier = html[html.index('id="positions-version-1"') :]
    assert "Not costed" in earlier and "Costing to follow" in earlier


def test_the_chair_is_offered_only_seats_that_have_not_answered(client, senate, proposal):
    record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    client.force_login(senate.chair)
    html = client.get(reverse("governance:proposal", args=[proposal.pk])).content.decode()
    form = html[html.index('id="record-position"') :]
    assert f'value="{senate.seats[2].pk}"' in form
    assert f'value="{senate.seats[1].pk}"' not in form


def test_the_page_changes_a_position_it_showed(client, senate, proposal):
    first = record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    client.force_login(senate.rep(1))
    url = reverse("governance:proposal", args=[proposal.pk])
    assert f'name="seen" value="{first.pk}"' in client.get(url).content.decode()
    data = {"transition": "position", "seat": senate.seats[1].pk, "stance": "support"}
    assert client.post(url, {**data, "seen": first.pk}).status_code == 302
    assert proposal.current.positions.standing().get().stance == "support"


def test_the_api_gives_the_standing_positions_and_the_whole_trail(client, senate, proposal):
    url = f"/proposals/{proposal.pk}/positions"
    objection = {"seat": senate.seats[1].pk, "stance": "object", "reason": "Not costed"}
    first = post(client, senate.rep(1), url, objection).json()
    unseen = post(client, senate.rep(1), url, {"seat": senate.seats[1].pk, "stance": "support"})
    assert unseen.status_code == 409 and "entry" in unseen.json()["detail"]
    change = {"seat": senate.seats[1].pk, "stance": "support", "seen": first["id"]}
    assert post(client, senate.rep(1), url, change).json()["replaces"] == first["id"]
    refused = post(client, senate.chair, url, {**change, "seen": first["id"] + 1})
    assert (
        refused.status_code == 409 and "only the seat's representative" in refused.json()["detail"]
    )
    detail = client.get(f"{BASE}/proposals/{proposal.pk}", **bearer(senate.viewer)).json()
    version = detail["versions"][0]
    assert [p["stance"] for p in version["positions"]] == ["support"]
    assert [p["stance"] for p in version["trail"]] == ["object", "support"]


def test_a_first_entry_another_writer_won_is_a_refusal_not_an_error(senate, proposal):
    """Should two first entries for one seat ever reach the database, the unique constraint
    refuses the second, and the action turns it into the refusal a person reads."""
    first = record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    twin = {"version": first.version, "seat": first.seat, "person": first.person}
    with pytest.raises(Conflict, match="while you were editing"):
        created(lambda: Position.objects.create(stance="support", **twin), RECORDED_MEANWHILE)
    assert list(Position.objects.all()) == [first]
