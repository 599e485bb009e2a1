"""Data submissions: an organisation's own figures for one period, checked in full before
anything is written, submitted, approved by the commissioner's analyst and then published as
measurements (see docs/ARCHITECTURE.md, "Data submissions")."""
