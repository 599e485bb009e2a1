"""One demo login per role, and logins for people who sit in the Wigan Borough clinical senate,
with known passwords. Made only where the username is free (or held by a demo login that cannot
sign in), so running the demo again changes nothing.

Rights follow posts (concord.access.posts): each login is a fictional person whose posts (demo
data/posts.csv) say for whom they act. The editor holds posts at NHS Wigan Borough CCG and at
Wrightington, Wigan and Leigh NHS FT (whose figures they submit); the analyst holds a post at the
CCG (whose partners' submissions they approve); the secretariat staffs the senate and the first
locality group; none acts for any other organisation."""

from django.contrib.auth import get_user_model

from concord.access.roles import ADMIN, ANALYST, EDITOR, VIEWER, grant, has_role
from concord.organisations.models import Person

__all__ = [
    "CAPABILITIES",
    "DEMO_PEOPLE",
    "DEMO_USERS",
    "DEMO_USER_PEOPLE",
    "ensure_demo_people",
    "ensure_demo_users",
    "give_demo_emails",
    "login",
]

# (username, password, role). Demo accounts only: never use these on a real deployment.
DEMO_USERS = (
    ("viewer", "concord-viewer", VIEWER),
    ("editor", "concord-editor", EDITOR),
    ("analyst", "concord-analyst", VIEWER),
    ("secretariat", "concord-secretariat", EDITOR),
    ("admin", "concord-admin", ADMIN),
)
CAPABILITIES = {"analyst": (ANALYST,)}  # held beside the role

# username -> (fictional person in data/people.csv, what their posts let them do)
DEMO_USER_PEOPLE = {
    "editor": (
        "Sasha Draftwood",
        "commissioning manager at NHS Wigan Borough CCG and data manager at Wrightington, Wigan "
        "and Leigh NHS FT: amends the CCG's proposals, changes its contracts and its dementia "
        "programme, submits the trust's figures; acts for no other organisation",
    ),
    "analyst": (
        "Taylor Datapoint",
        "business intelligence analyst at NHS Wigan Borough CCG: sees counts before disclosure "
        "control and approves the figures its partners submit",
    ),
    "secretariat": (
        "Jamie Minutes",
        "secretary of the clinical senate and of the first locality group: sets up their "
        "meetings, seats and representatives, records attendance and minutes",
    ),
}


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
        for capability in CAPABILITIES.get(username, ()):
            grant(user, capability)
        created.append(username)
    for username, (name, _) in DEMO_USER_PEOPLE.items():
        link_person(User.objects.get(username=username), name)
    return created


def link_person(user, name: str) -> None:
    """Make `user` the login of the named demo person, where neither has another yet."""
    person = Person.objects.filter(name=name, user__isnull=True).first()
    if person is not None and not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])


# (username, password, role, fictional person, what they do). The usernames are the ones the
# governance demo gives these people, so the senate's history and these logins are one account.
DEMO_PEOPLE = (
    (
        "dr.jordan.specimen",
        "concord-chair",
        EDITOR,
        "Dr Jordan Specimen",
        "chairs the Wigan Borough clinical senate: meetings, agenda, decisions, its proposals "
        "for the CCG and the red flags of its commitments",
    ),
    (
        "casey.illustra",
        "concord-council",
        VIEWER,
        "Casey Illustra",
        "sits in the senate for Wigan Council and records its positions",
    ),
)


def ensure_demo_people() -> list[str]:
    """Give the senate's demo people a login with a known password, linked to their Person.

    A login the governance demo made for them (one that cannot sign in) gets the password; an
    account that can already sign in is left alone. Returns the usernames given a password.
    """
    created = []
    for username, password, role, name, _ in DEMO_PEOPLE:
        person = Person.objects.filter(name=name).first()
        if person is not None and give_login(person, username, password, role):
            created.append(username)
    return created


def give_login(person: Person, username: str, password: str, role: str) -> bool:
    User = get_user_model()
    user = person.user or User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=password)
    elif user.username != username or user.has_usable_password():
        return False
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    if not has_role(user, role):
        grant(user, role)
    if person.user_id is None:
        person.user = user
        person.save(update_fields=["user"])
    return True


DEMO_EMAIL_DOMAIN = "concord.example"  # reserved for examples (RFC 2606): nothing is delivered


def give_demo_emails() -> int:
    """Give every fictional person without one an address at the reserved example domain, so
    the demo's notifications have someone to go to (printed by the console email backend).
    Run after the story has loaded, so the story's past does not notify anyone."""
    given = 0
    for person in Person.objects.filter(is_fictional=True, email=""):
        local = "".join(c if c.isalnum() else "." for c in person.name.lower()).strip(".")
        person.email = f"{'.'.join(filter(None, local.split('.')))}@{DEMO_EMAIL_DOMAIN}"
        person.save(update_fields=["email"])
        given += 1
    return given


def login(username: str, role: str):
    """A demo login holding `role`, made on first use with a password that cannot sign in: the
    fictional people who act in the demo's stories, so the history records who did what."""
    user, made = get_user_model().objects.get_or_create(username=username)
    if made:
        user.set_unusable_password()
        user.save()
    if not has_role(user, role):
        grant(user, role)
    return user
