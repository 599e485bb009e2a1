"""One demo login per role, with known passwords. Made only where the username is free."""

from django.contrib.auth import get_user_model

from concord.access.roles import ADMIN, EDITOR, VIEWER, grant

# (username, password, role). Demo accounts only: never use these on a real deployment.
DEMO_USERS = (
    ("viewer", "concord-viewer", VIEWER),
    ("editor", "concord-editor", EDITOR),
    ("admin", "concord-admin", ADMIN),
)


def ensure_demo_users() -> list[str]:
    """Create the demo users that do not exist yet; returns the usernames created."""
    User = get_user_model()
    created = []
    for username, password, role in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        superuser = role == ADMIN
        user = User.objects.create_user(
            username=username, password=password, is_staff=superuser, is_superuser=superuser
        )
        grant(user, role)
        created.append(username)
    return created
