"""The accountability part of the demo: status, red flags and the Wigan senate's proposed agenda
from the measured data the demo carries (Wigan's monthly dementia diagnosis rate), then the
daily digest through the console email backend."""

from django.core.mail import get_connection

from concord.notifications.sending import send_digests

from .refresh import RefreshResult, refresh

CONSOLE = "django.core.mail.backends.console.EmailBackend"


def load_accountability_demo(today=None) -> RefreshResult:
    result = refresh(today=today)
    send_digests(connection=get_connection(CONSOLE))
    return result
