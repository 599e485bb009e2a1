"""A pathway change the rules do not allow; a GovernanceError, so pages and API treat it alike."""

from concord.governance.errors import GovernanceError, NotAllowed


class PathwayError(GovernanceError):
    """An invalid change: editing a published pathway, publishing an empty draft…"""


__all__ = ["NotAllowed", "PathwayError"]
