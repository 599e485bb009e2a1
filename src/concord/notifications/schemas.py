from typing import Literal

from ninja import Schema
from pydantic import Field

from .models import Delivery

__all__ = ["Choice", "DELIVERY", "PreferencesIn", "PreferencesOut"]

DELIVERY = f"one of: {', '.join(Delivery.values)}"
Choice = Literal["immediate", "daily", "off"]  # Delivery's values


class PreferencesOut(Schema):
    position: str = Field(description=f"a position is awaited from your seat: {DELIVERY}")
    status: str = Field(description=f"a commitment changed status or was flagged: {DELIVERY}")
    pack: str = Field(description=f"a meeting pack is ready: {DELIVERY}")
    action: str = Field(description=f"an action of yours is due: {DELIVERY}")
    approval: str = Field(description=f"a submission awaits your approval: {DELIVERY}")


class PreferencesIn(Schema):
    """The kinds to change; a kind left out keeps its choice."""

    position: Choice | None = None
    status: Choice | None = None
    pack: Choice | None = None
    action: Choice | None = None
    approval: Choice | None = None
