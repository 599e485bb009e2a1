"""The daily digest: one email to each owner of a commitment that changed status or gained a red
flag, listing every notice not sent yet; each notice is sent once (marked with sent_at).

Owners are the people holding a post in force in the party organisation, with an email
address (the registry's memberships). Django's email backend sends it: the console in the demo.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.timezone import localdate

from concord.organisations.models import Post

from .models import Notice

SUBJECT = "Concord: commitments that changed today"


def owners(organisation_ids, on) -> dict:
    """organisation id -> email addresses of the people holding posts in it."""
    found = defaultdict(set)
    posts = Post.objects.in_force(on).filter(organisation_id__in=organisation_ids)
    for org_id, email in posts.exclude(person__email="").values_list(
        "organisation_id", "person__email"
    ):
        found[org_id].add(email)
    return found


@transaction.atomic
def send_digest(*, today=None, connection=None) -> int:
    """Send the unsent notices; returns the number of emails sent."""
    pending = list(
        Notice.objects.filter(sent_at__isnull=True).select_related("commitment").select_for_update()
    )
    addresses = owners({n.commitment.party_id for n in pending}, today or localdate())
    by_address = defaultdict(list)
    for notice in pending:
        for address in addresses.get(notice.commitment.party_id, ()):
            by_address[address].append(notice.text)
    for address, lines in sorted(by_address.items()):
        body = "\n\n".join(f"- {line}" for line in lines)
        send_mail(SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection)
    Notice.objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=timezone.now())
    return len(by_address)
