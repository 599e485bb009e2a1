"""What the governance pages share: breadcrumbs and running an action from a form."""

from django.urls import reverse

from concord.web.views import crumbs

from ..errors import GovernanceError


def trail(*steps):
    return [*crumbs.home(), ("Forums", reverse("governance:forums")), *steps]


def forum_trail(obj):
    """Breadcrumbs down to the forum of a meeting, proposal or agreement."""
    forum = obj.forum
    return trail((forum.name, reverse("governance:forum", args=[forum.slug])))


def meeting_trail(meeting):
    href = reverse("governance:meeting", args=[meeting.pk])
    return [*forum_trail(meeting), (f"{meeting.date:%-d %B %Y}", href)]


def run(form, action, **kwargs):
    """Run an action for a valid form; a refusal becomes the form's error. The result or None."""
    try:
        return action(**kwargs)
    except GovernanceError as exc:
        form.add_error(None, str(exc))
        return None
