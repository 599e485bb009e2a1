"""`concord token USERNAME --name NAME`: issue an API token for a script (printed once)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from concord.access.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user. The token is printed once and stored only as a hash."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="script")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user called {username!r}")
        _, token = ApiToken.objects.issue(user=user, name=name)
        self.stdout.write(token)
