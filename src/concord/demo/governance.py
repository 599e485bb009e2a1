"""The governance part of the demo economy, loaded from data/governance/ through the actions.

Each file is a forum and a script of steps (draft, open, position, amend, meeting, decide,
generate). A forum that exists already is left alone, so loading twice changes nothing.
The people who act are the demo registry's fictional people, each given a login that cannot
sign in (an unusable password) so that the history records who did what. Rights follow posts: a
proposal is drafted, opened and amended by an editor holding a post in its author organisation.
"""

import datetime as dt
import json
from importlib import resources

from django.db import transaction
from django.utils.text import slugify
from django.utils.timezone import localdate

from concord.access.roles import ADMIN, EDITOR, VIEWER, grant, has_role
from concord.demo.clock import StoryClock
from concord.demo.users import login
from concord.governance import actions
from concord.governance.models import Forum, Meeting, Proposal
from concord.governance.representation import representatives
from concord.indicators.models import Indicator
from concord.organisations.models import Organisation, Person, Post, Relationship

__all__ = [
    "FILES",
    "SECRETARIAT",
    "Script",
    "actor",
    "author",
    "day",
    "load_governance_demo",
    "org",
    "read",
]

FILES = ("wigan_senate.json", "wigan_localities.json", "central_lancashire.json")
SECRETARIAT = "concord-demo-secretariat"


def read(name: str):
    return json.loads((resources.files("concord.demo") / "data" / "governance" / name).read_text())


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def actor(name: str, role: str = VIEWER):
    """The login of a fictional person, made on first use."""
    person = Person.objects.get(name=name)
    if person.user is None:
        person.user = login(slugify(name).replace("-", "."), role)
        person.save(update_fields=["user"])
    if not has_role(person.user, role):
        grant(person.user, role)
    return person.user


def author(organisation: Organisation):
    """An editor who puts the organisation's proposals: a fictional person with a post in it."""
    posts = Post.objects.in_force(localdate()).filter(
        organisation=organisation, on_behalf_of__isnull=True, person__is_fictional=True
    )
    post = posts.select_related("person").order_by("person__name").first()
    if post is None:
        raise ValueError(f"The demo has no one holding a post in {organisation.name} today.")
    return actor(post.person.name, EDITOR)


class Script:
    def __init__(self, spec: dict, clock: StoryClock):
        self.spec, self.admin, self.clock = spec, login(SECRETARIAT, ADMIN), clock
        for name in spec.get("people", []):
            Person.objects.get_or_create(name=name, defaults={"is_fictional": True})
        self.forum = self.set_up(spec["forum"])
        self.proposals: dict[str, Proposal] = {}

    def set_up(self, f: dict) -> Forum:
        backing = org(f["organisation"]) if f.get("organisation") else None
        name = (
            f.get("name") or backing.name.replace(" (illustrative)", "") + " group (illustrative)"
        )
        forum = actions.create_forum(
            by=self.admin,
            name=name,
            slug=f["slug"],
            kind=f["kind"],
            organisation=backing,
            chair=Person.objects.get(name=f["chair"]),
            quorum_min_seats=f["quorum_min_seats"],
            decision_rule=f["decision_rule"],
            cadence=f["cadence"],
            purpose=f.get("purpose", ""),
            acts_for=[org(c) for c in f.get("acts_for", [])],
        )
        for seat in f.get("seats", []) or self.member_seats(f):
            actions.add_seat(
                by=self.admin,
                forum=forum,
                organisation=org(seat["code"]),
                required=seat["required"],
                start=self.clock.event(seat["start"]),
            )
        for r in f.get("representatives", []):
            actions.add_representative(
                by=self.admin,
                seat=forum.seats.get(organisation__code=r["seat"]),
                person=Person.objects.get(name=r["person"]),
                start=self.clock.event(r["start"]),
            )
        return forum

    def member_seats(self, f: dict) -> list[dict]:
        """A locality group's seats: the practices that are members of the locality."""
        members = Relationship.objects.filter(
            parent__code=f["seats_from_members"], kind="member_of"
        )
        codes = sorted(members.values_list("child__code", flat=True))
        return [{"code": c, "required": c in f["required"], "start": f["start"]} for c in codes]

    @property
    def chair(self):
        return actor(self.forum.chair.name)

    def seat(self, code: str):
        return self.forum.seats.get(organisation__code=code)

    def run(self) -> None:
        for step in self.spec["steps"]:
            getattr(self, "do_" + step.pop("do"))(**step)

    def do_generate(self, first: str, count: int) -> None:
        start = self.clock.next_meeting_day() if first == "ahead" else self.clock.event(first)
        actions.generate_meetings(by=self.chair, forum=self.forum, first=start, count=count)

    def do_draft(self, ref: str, commitments: list, **text) -> None:
        author_code = text.pop("author")
        self.proposals[ref] = actions.create_proposal(
            by=author(org(author_code)),
            forum=self.forum,
            author_organisation=org(author_code),
            commitments=[self.terms(c) for c in commitments],
            **text,
        )

    def terms(self, c: dict) -> dict:
        wanted = c.get("indicators", [])
        moved = [{**t, "period": self.clock.period(t["period"])} for t in c.get("trajectory", [])]
        return {
            **c,
            "party": org(c["party"]),
            "indicators": list(Indicator.objects.filter(code__in=wanted)),
            **{k: self.clock.date(c.get(k)) for k in ("start", "due", "review")},
            **({"trajectory": moved} if "trajectory" in c else {}),
            **(
                {"baseline_period": self.clock.period(c["baseline_period"])}
                if c.get("baseline_period")
                else {}
            ),
        }

    def do_open(self, ref: str, reason: str = "", on: str | None = None) -> None:
        proposal = self.proposals[ref]
        actions.open_proposal(
            by=author(proposal.author_organisation),
            proposal=proposal,
            reason=reason,
            on=self.clock.event(on),
        )

    def do_amend(
        self, ref: str, change_summary: str, commitments=None, on: str | None = None, **text
    ) -> None:
        terms = [self.terms(c) for c in commitments] if commitments is not None else None
        proposal = self.proposals[ref]
        actions.amend_proposal(
            by=author(proposal.author_organisation),
            proposal=proposal,
            change_summary=change_summary,
            commitments=terms,
            on=self.clock.event(on),
            **text,
        )

    def do_position(self, ref: str, seat: str, stance: str, on: str, reason: str = "") -> None:
        proposal, sitting, on = self.proposals[ref], self.seat(seat), self.clock.event(on)
        person = next(iter(self.sitting(sitting, on)))
        actions.record_position(
            by=actor(person.name),
            version=proposal.current,
            seat=sitting,
            stance=stance,
            reason=reason,
            on=on,
        )

    def sitting(self, seat, on):
        return representatives(seat, on)

    def do_meeting(self, date: str, attend: list, items: list, minutes: str, **kw):
        when = self.clock.event(date)
        meeting = Meeting.objects.filter(
            forum=self.forum, date=when
        ).first() or actions.schedule_meeting(by=self.chair, forum=self.forum, date=when)
        for code in attend:
            seat = self.seat(code)
            actions.record_attendance(
                by=self.chair, meeting=meeting, person=self.sitting(seat, when)[0], seat=seat
            )
        for kind, title, ref in items:
            actions.add_agenda_item(
                by=self.chair,
                meeting=meeting,
                kind=kind,
                title=title,
                proposal=self.proposals.get(ref),
            )
        actions.hold_meeting(by=self.chair, meeting=meeting)
        actions.record_minutes(by=self.chair, meeting=meeting, minutes=minutes)
        for a in kw.get("actions", []):
            made = actions.add_meeting_action(
                by=self.chair,
                meeting=meeting,
                description=a["description"],
                owner_organisation=org(a["owner"]),
                owner_person=Person.objects.get(name=a["person"]),
                due=self.clock.event(a["due"]),
            )
            if a.get("status"):
                actions.set_action_status(by=self.chair, action=made, status=a["status"])

    def do_decide(self, ref: str, date: str, outcome: str, notes: str = "", **body) -> None:
        meeting = self.forum.meetings.get(date=self.clock.event(date))
        item = meeting.items.filter(proposal=self.proposals[ref]).first()
        actions.record_decision(
            by=self.chair,
            meeting=meeting,
            proposal=self.proposals[ref],
            outcome=outcome,
            item=item,
            notes=notes,
            acting_for=org(body["for"]) if body.get("for") else None,
        )


@transaction.atomic
def load_governance_demo(today: dt.date | None = None) -> list[Forum]:
    """Load the demo forums not loaded yet, their story moved to happen around `today` (the
    load day; see concord.demo.clock); returns the forums made this time."""
    clock, made = StoryClock(today or localdate()), []
    for name in FILES:
        specs = read(name)
        for spec in specs if isinstance(specs, list) else [specs]:
            if Forum.objects.filter(slug=spec["forum"]["slug"]).exists():
                continue
            script = Script(spec, clock)
            script.run()
            made.append(script.forum)
    return made
