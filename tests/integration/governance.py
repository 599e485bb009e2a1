"""A small senate for governance tests: a secretariat, a chair, seats and their representatives.

Seats are taken through both routes: a post in the secretariat on behalf of the seat's
organisation (the first seats) and a representative appointment (the last seat).
"""

import datetime as dt
from dataclasses import dataclass, field

from concord.governance import actions
from concord.organisations.models import Kind
from tests.factories import OrganisationFactory, PersonFactory, PostFactory, UserFactory

SINCE = dt.date(2020, 4, 1)
OPENED = dt.date(2021, 3, 1)  # proposals are put to the senate before its meeting of 10 March
PASSWORD = "correct horse battery staple"


@dataclass
class Senate:
    forum: object
    chair: object
    editor: object
    admin: object
    viewer: object
    seats: list = field(default_factory=list)
    reps: dict = field(default_factory=dict)  # seat pk -> user sitting for it

    def rep(self, n: int):
        return self.reps[self.seats[n].pk]


def person_with_login(name: str, role: str = "viewer", username: str | None = None):
    user = UserFactory(role=role, **({"username": username} if username else {}))
    person = PersonFactory(name=name, user=user)
    return person, user


def build_senate(*, seats: int = 4, quorum: int = 3, rule: str = "consent", kind="clinical_senate"):
    admin = UserFactory(role="admin")
    secretariat = OrganisationFactory(name="Test clinical senate", kind=Kind.FORUM_SECRETARIAT)
    chair_person, chair = person_with_login("Dr Chair Fictional", username="chair")
    forum = actions.create_forum(
        by=admin,
        name="Test clinical senate",
        kind=kind,
        organisation=secretariat,
        chair=chair_person,
        quorum_min_seats=quorum,
        decision_rule=rule,
    )
    senate = Senate(forum, chair, UserFactory(role="editor"), admin, UserFactory(role="viewer"))
    kinds = [
        Kind.CCG,
        Kind.ACUTE_TRUST,
        Kind.LOCAL_AUTHORITY,
        Kind.MENTAL_HEALTH_TRUST,
        Kind.LOCALITY,
    ]
    for n in range(seats):
        org = OrganisationFactory(name=f"Seat organisation {n}", kind=kinds[n % len(kinds)])
        seat = actions.add_seat(
            by=admin, forum=forum, organisation=org, required=n == 0, start=SINCE
        )
        person, user = person_with_login(f"Representative {n} (fictional)", username=f"rep{n}")
        if n < seats - 1:
            PostFactory(
                person=person,
                organisation=secretariat,
                on_behalf_of=org,
                role="Member",
                start=SINCE,
            )
        else:
            actions.add_representative(by=admin, seat=seat, person=person, start=SINCE)
        senate.seats.append(seat)
        senate.reps[seat.pk] = user
    editor_person = PersonFactory(name="Proposal author (fictional)", user=senate.editor)
    PostFactory(
        person=editor_person, organisation=senate.seats[0].organisation, role="Head of strategy"
    )
    return senate


def secretary(senate):
    """An editor holding a post in the forum's secretariat in their own right."""
    person, user = person_with_login("Senate secretary (fictional)", role="editor")
    PostFactory(person=person, organisation=senate.forum.organisation, role="Secretary")
    return user


def dementia_proposal(senate, **extra):
    ccg = senate.seats[0].organisation
    terms = [
        dict(
            party=seat.organisation,
            what=f"Part {n} of the dementia strategy",
            target=66.7,
            baseline_value=60.1,
            baseline_period="2019-20",
            start=dt.date(2021, 4, 1),
            due=dt.date(2022, 3, 31),
            review=dt.date(2021, 10, 1),
            trajectory=[{"period": "2021-22", "target": 66.7}],
        )
        for n, seat in enumerate(senate.seats)
    ]
    return actions.create_proposal(
        by=senate.editor,
        forum=senate.forum,
        title="Dementia strategy",
        condition="dementia",
        author_organisation=ccg,
        problem="Too few people with dementia are diagnosed.",
        strategy="Diagnose earlier in primary care.",
        commitments=terms,
        **extra,
    )


def held_meeting(senate, present: int | None = None, date=dt.date(2021, 3, 10)):
    """A held meeting attended by the representatives of the first `present` seats."""
    meeting = actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=date)
    count = len(senate.seats) if present is None else present
    for seat in senate.seats[:count]:
        person = senate.reps[seat.pk].person
        actions.record_attendance(by=senate.chair, meeting=meeting, person=person, seat=seat)
    return actions.hold_meeting(by=senate.chair, meeting=meeting)


def support_from_every_seat(senate, version, but=()):
    """Each seat's representative supports the version, except the seats numbered in `but`."""
    for n, seat in enumerate(senate.seats):
        if n not in but:
            actions.record_position(
                by=senate.rep(n), version=version, seat=seat, stance="support", on=OPENED
            )
