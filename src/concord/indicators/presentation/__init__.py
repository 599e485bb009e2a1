"""The one place that makes a figure as a person may see it (docs/adr/0003-figures-as-seen.md).

- `figures`: a measurement's counts, value and limits as this person may see them;
- `peers`: whom an organisation is compared with, on one as-at date;
- `funnel`: the funnel of a period's peers, from the figures as seen;
- `series`: an organisation's series and its SPC chart, from the figures as seen.

Pages, CSV downloads, the API, the pathway on a page, charts, packs and the status of
commitments all call these; none computes a shown figure of its own.
"""
