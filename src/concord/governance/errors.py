"""Domain errors: an invalid transition is refused with a message and changes nothing."""


class GovernanceError(Exception):
    """A transition the rules of the forum do not allow."""

    @property
    def message(self) -> str:
        return str(self)


class NotAllowed(GovernanceError):
    """The user may not do this (role, chair or seat)."""


class Immutable(GovernanceError):
    """Agreements, decisions and commitments are never changed, only superseded."""


class Conflict(GovernanceError):
    """Someone else changed the record while this change was being made: review it and retry."""


class RowsRefused(GovernanceError):
    """A change of several rows at once refused as a whole: `rows` maps each refused row (a seat's
    name) to why. Nothing was written."""

    def __init__(self, rows: dict[str, str]):
        self.rows = rows
        super().__init__(" ".join(f"{name}: {why}" for name, why in rows.items()))
