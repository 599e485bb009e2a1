"""Person-level analytics: a pseudonymised store of linked health and social care records.

The core (schema, ingestion, pseudonyms, synthetic data, engines, indicator queries, segments)
imports no Django. `measurements` is the thin module that writes the results through the
indicators app, and `management/commands/concord_analytics.py` is the `concord analytics` command.
"""
