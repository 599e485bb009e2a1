"""People with their dated posts, and the history of imports."""

import datetime as dt

import pytest

from concord.organisations.models import ImportBatch
from tests.factories import CCGFactory, PersonFactory, PostFactory

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


@pytest.fixture
def api(client, viewer):
    client.force_login(viewer)
    return client


def test_one_person_accountable_officer_of_two_ccgs(api):
    officer = PersonFactory(name="Alex Example (fictional)")
    ccg_a, ccg_b = CCGFactory(), CCGFactory()
    PostFactory(person=officer, organisation=ccg_a, start=D("2019-04-01"))
    PostFactory(person=officer, organisation=ccg_b, start=D("2019-06-01"), end=D("2022-06-30"))
    body = api.get(f"/api/v1/people/{officer.pk}").json()
    assert body["name"] == officer.name and body["is_fictional"] is True
    assert [(p["organisation"]["code"], p["start"], p["end"]) for p in body["posts"]] == [
        (ccg_a.code, "2019-04-01", None),
        (ccg_b.code, "2019-06-01", "2022-06-30"),
    ]


def test_a_post_on_behalf_of_another_organisation(api):
    forum, ccg = CCGFactory(), CCGFactory()
    post = PostFactory(organisation=forum, on_behalf_of=ccg, role="Clinical lead")
    (body,) = api.get("/api/v1/people").json()["items"]
    (shown,) = body["posts"]
    assert shown["role"] == post.role
    assert shown["on_behalf_of"] == {"code": ccg.code, "name": ccg.name, "kind": ccg.kind}


def test_people_filters_and_pagination(api):
    team = CCGFactory()
    people = [PersonFactory() for _ in range(5)]
    for person in people[:3]:
        PostFactory(person=person, organisation=team)
    body = api.get("/api/v1/people", {"organisation": team.code, "limit": 2}).json()
    expected = sorted(people[:3], key=lambda p: (p.name, p.pk))
    assert body["count"] == 3
    assert [p["id"] for p in body["items"]] == [p.pk for p in expected[:2]]
    only = api.get("/api/v1/people", {"q": people[4].name}).json()
    assert [p["id"] for p in only["items"]] == [people[4].pk]


def test_an_unknown_person_is_a_json_404(api):
    response = api.get("/api/v1/people/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_people_list_query_count_does_not_grow_with_rows(api, django_assert_max_num_queries):
    for _ in range(20):
        PostFactory(on_behalf_of=CCGFactory())
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/people").json()["count"] == 20


def test_import_batches_newest_first_with_who_imported(api, admin_user):
    older = ImportBatch.objects.create(kind="epraccur", file_name="epraccur-2019.csv", checksum="a")
    newer = ImportBatch.objects.create(
        kind="epraccur", file_name="epraccur-2023.csv", checksum="b", imported_by=admin_user
    )
    body = api.get("/api/v1/imports").json()
    assert body["count"] == 2
    assert [b["file_name"] for b in body["items"]] == [newer.file_name, older.file_name]
    assert body["items"][0]["imported_by"] == admin_user.username
    assert body["items"][1]["imported_by"] is None
