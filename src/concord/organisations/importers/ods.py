"""The leading columns every ODS organisation file shares (etr, eccg, epraccur...).

1 organisation code, 2 name, 3 national grouping, 4 high-level health geography, 5-9 address,
10 postcode, 11 open date, 12 close date. Files published before 2017 have 24 columns, later
ones 27; both layouts keep these positions.
"""

import re

LAYOUTS = {24, 27}
CODE = re.compile(r"^[A-Z0-9]{3,8}$")


def organisation_fields(importer, number: int, f: list[str]) -> tuple[str, dict]:
    """(code, fields for OrgSync.want) from one row of an ODS file, checked."""
    code = f[0].strip()
    if not CODE.match(code):
        importer.fail(number, "1 (organisation code)", f"expected an ODS code, found {code!r}")
    opened = importer.date(number, "11 (open date)", f[10])
    closed = importer.date(number, "12 (close date)", f[11])
    if opened and closed and closed < opened:
        importer.fail(number, "12 (close date)", f"is before the open date {opened:%Y%m%d}")
    return code, {
        "name": importer.required(number, "2 (name)", f[1]),
        "postcode": f[9].strip(),
        "opened": opened,
        "closed": closed,
    }
