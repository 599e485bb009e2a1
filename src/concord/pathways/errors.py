"""A pathway change the rules do not allow: an `Invalid` refusal, so pages and API treat it as
every other."""

from concord.access.refusals import Invalid, NotAllowed


class PathwayError(Invalid):
    """An invalid change: editing a published pathway, publishing an empty draft…"""


__all__ = ["NotAllowed", "PathwayError"]
