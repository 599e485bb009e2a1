"""The accountability part of the demo: status, red flags and the Wigan senate's proposed agenda
from the measured data the demo carries (Wigan's published dementia diagnosis rate and the
synthetic continuation of the story's series). No email is sent while the demo loads: the story's
people are given addresses afterwards, and the daily summary is `concord notifications digest`."""

from concord.accountability.refresh import RefreshResult, refresh

__all__ = ["load_accountability_demo"]


def load_accountability_demo(today=None) -> RefreshResult:
    return refresh(today=today)
