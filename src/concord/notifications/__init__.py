"""Notifications by email: an outbox of one row per change and recipient, sent by the worker
after the change commits, immediately or in a daily digest as each person chooses."""
