"""What the background-job tests share: small epraccur files, and the real worker run once."""

import csv
import io
import signal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from concord.access.roles import ANALYST, grant
from tests.factories import UserFactory

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def practice(code: str, status: str = "A", opened: str = "19740401") -> list[str]:
    """One row in the epraccur layout (27 columns, no header), as the status tests write it."""
    fields = [""] * 27
    fields[0], fields[1], fields[9] = code, f"SURGERY {code}", "WN1 1AA"
    fields[10], fields[12] = opened, status
    fields[14], fields[15] = "02H", "20130401"
    fields[25] = "4"  # a GP practice
    return fields


def epraccur_bytes(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("latin-1")


def epraccur_upload(*codes: str, name: str = "epraccur.csv") -> SimpleUploadedFile:
    rows = [practice(code) for code in codes or ("P93001", "P93002")]
    return SimpleUploadedFile(name, epraccur_bytes(*rows), content_type="text/csv")


def broken_upload() -> SimpleUploadedFile:
    """Row 2's open date is not a date: the import must fail there, writing nothing."""
    rows = [practice("P93001"), practice("P93002", opened="1974-04-01")]
    return SimpleUploadedFile("epraccur.csv", epraccur_bytes(*rows), content_type="text/csv")


def run_worker() -> None:
    """`concord worker` itself, in this process, until the queue is empty; the signal handlers
    it installs to stop gracefully are put back as they were afterwards."""
    kept = {number: signal.getsignal(number) for number in STOPPING}
    try:
        call_command(
            "concord_worker",
            "--batch",
            "--no-startup-delay",
            "--interval=0",
            "--no-reload",
            verbosity=0,
        )
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def an_analyst():
    """A viewer holding the analyst capability."""
    user = UserFactory(role="viewer")
    grant(user, ANALYST)
    return user
