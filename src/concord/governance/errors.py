"""Governance's names for the refusals every action raises (`concord.access.refusals`): a
`GovernanceError` is any refusal, as the governance actions have always called it. Nothing new
should import from here; the access types are the ones to use."""

from concord.access.refusals import (
    ActionRefused,
    Conflict,
    Immutable,
    Invalid,
    NotAllowed,
    RowsRefused,
)

GovernanceError = ActionRefused

__all__ = ["Conflict", "GovernanceError", "Immutable", "Invalid", "NotAllowed", "RowsRefused"]
