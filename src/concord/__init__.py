"""Concord: agree, commission, measure and account for care across a local health economy."""

__version__ = "0.1.0"
