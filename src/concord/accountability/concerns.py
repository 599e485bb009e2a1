"""Flags grouped by the concern they raise.

A joint committee agrees once for each body it decides for, so the same commitment of the same
party is held twice (one agreement per body) and its flag is raised twice. Every list of flags
(the flag list, the proposed agenda, the meeting pack) shows each concern once, naming the
bodies it was agreed for.
"""

from dataclasses import dataclass, field

from .models import RedFlag

__all__ = ["Concern", "RELATED", "concerns"]

RELATED = ("organisation", "forum", "commitment__agreement__acting_for", "commitment__party")


@dataclass
class Concern:
    flag: RedFlag  # the first raised: its page, its state and its evidence stand for the rest
    flags: list[RedFlag] = field(default_factory=list)

    @property
    def bodies(self) -> list:
        """The bodies a joint committee agreed it for, when it was agreed more than once."""
        bodies = {}
        for f in self.flags:
            body = f.commitment.agreement.acting_for if f.commitment_id else None
            if body is not None:
                bodies[body.pk] = body
        return sorted(bodies.values(), key=lambda o: o.name) if len(bodies) > 1 else []

    @property
    def bodies_named(self) -> str:
        names = [b.name for b in self.bodies]
        return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else ""


def _concern_key(flag: RedFlag):
    """Flags on the same terms agreed from the same version for different bodies are one."""
    c = flag.commitment
    if c is None or c.agreement.acting_for_id is None:
        return ("flag", flag.pk)
    return ("terms", flag.kind, c.agreement.version_id, c.party_id, c.what)


def concerns(flags) -> list[Concern]:
    """Each concern once, in the order of its first flag (flags need RELATED selected)."""
    grouped: dict = {}
    for flag in flags:
        grouped.setdefault(_concern_key(flag), Concern(flag)).flags.append(flag)
    return list(grouped.values())
