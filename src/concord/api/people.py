"""People and the dated posts they hold, in an organisation and on behalf of another."""

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from concord.organisations.models import Person, Post

from .schemas import Error, PersonOut

router = Router(tags=["people"])


class PeopleFilters(Schema):
    q: str | None = Field(None, description="part of the name")
    organisation: str | None = Field(
        None, description="code of an organisation they hold a post in"
    )

    def apply(self, qs):
        if self.q:
            qs = qs.filter(name__icontains=self.q.strip())
        if self.organisation:
            qs = qs.filter(posts__organisation__code=self.organisation).distinct()
        return qs


def people():
    posts = Post.objects.select_related("organisation", "on_behalf_of").order_by("start", "id")
    return Person.objects.prefetch_related(Prefetch("posts", queryset=posts))


@router.get("", response=list[PersonOut], url_name="people")
@paginate(LimitOffsetPagination)
def list_people(request, filters: Query[PeopleFilters]):
    return filters.apply(people().order_by("name", "id"))


@router.get("/{int:person_id}", response={200: PersonOut, 404: Error}, url_name="person")
def person(request, person_id: int):
    found = people().filter(pk=person_id).first()
    if found is None:
        raise HttpError(404, f"No person has the id {person_id}.")
    return found
