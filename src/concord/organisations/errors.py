"""What the registry refuses: a change it does not allow changes nothing and says why."""


class RegistryError(Exception):
    """A change the registry refuses as it stands (a duplicate, a link already ended…).
    `field` names the input at fault, when one is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self)


class NotAllowed(RegistryError):
    """The user may not set the registry up (only administrators do)."""


class Invalid(RegistryError):
    """Input the registry cannot take: a date out of order, an unknown kind, a code ODS gives."""


class Conflict(RegistryError):
    """The change collides with what is on record: a duplicate organisation or link in force."""
