"""What the governance pages share: breadcrumbs. Their forms run actions through
`concord.web.actions`."""

from django.urls import reverse

from concord.web.views import crumbs

__all__ = ["forum_trail", "meeting_trail", "trail"]


def trail(*steps):
    return [*crumbs.home(), ("Forums", reverse("governance:forums")), *steps]


def forum_trail(obj):
    """Breadcrumbs down to the forum of a meeting, proposal or agreement."""
    forum = obj.forum
    return trail((forum.name, reverse("governance:forum", args=[forum.slug])))


def meeting_trail(meeting):
    href = reverse("governance:meeting", args=[meeting.pk])
    return [*forum_trail(meeting), (f"{meeting.date:%-d %B %Y}", href)]
