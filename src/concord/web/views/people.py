from django.shortcuts import get_object_or_404, render

from concord.organisations.models import Person

from . import crumbs
from .access import viewer_required


@viewer_required
def detail(request, pk):
    person = get_object_or_404(Person, pk=pk)
    posts = person.posts.select_related("organisation", "on_behalf_of").order_by("start", "id")
    context = {
        "person": person,
        "posts": posts,
        "section": "organisations",
        "crumbs": crumbs.organisations(),
    }
    return render(request, "web/person_detail.html", context)
