"""The organisation endpoints: filters, "as at" answers, pagination, detail, members, errors."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate

from concord.organisations.models import Kind, RelationshipKind
from concord.organisations.statuses import OdsStatus
from tests.factories import (
    CCGFactory,
    OrganisationFactory,
    PopulationCountFactory,
    PracticeFactory,
    RelationshipFactory,
    StatusPeriodFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
URL = "/api/v1/organisations"


@pytest.fixture
def api(client, viewer):
    client.force_login(viewer)
    return client


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {o["code"] for o in response.json()["items"]}


@pytest.fixture
def moved():
    """A practice that moved from one CCG to another on 2020-04-01, and one that stayed."""
    old, new = CCGFactory(), CCGFactory()
    stays, mover = PracticeFactory(), PracticeFactory()
    RelationshipFactory(child=stays, parent=old)
    RelationshipFactory(child=mover, parent=old, end=D("2020-03-31"))
    RelationshipFactory(child=mover, parent=new, start=D("2020-04-01"))
    return dict(old=old, new=new, stays=stays, mover=mover)


def test_list_fields_and_a_url_to_the_detail(api):
    practice = PracticeFactory(postcode="WN1 1AA", status="A", opened=D("1974-04-01"))
    (item,) = api.get(URL).json()["items"]
    assert item["code"] == practice.code and item["name"] == practice.name
    assert item["kind"] == "practice" and item["is_local_code"] is False
    assert (item["status"], item["opened"], item["closed"]) == ("A", "1974-04-01", None)
    assert item["postcode"] == "WN1 1AA"
    assert item["url"] == f"http://testserver{URL}/{practice.code}"
    assert api.get(item["url"]).json()["code"] == practice.code


def test_a_moved_practice_is_within_the_right_ccg_on_each_date(api, moved):
    def within(ccg, on):
        return codes(api.get(URL, {"within": ccg.code, "as_at": on}))

    before, after = "2020-01-01", "2020-06-01"
    assert within(moved["old"], before) == {moved["stays"].code, moved["mover"].code}
    assert within(moved["new"], before) == set()
    assert within(moved["old"], after) == {moved["stays"].code}
    assert within(moved["new"], after) == {moved["mover"].code}


def test_kind_is_repeatable(api):
    practice, pcn = PracticeFactory(), OrganisationFactory(kind=Kind.PCN)
    CCGFactory()
    assert codes(api.get(URL, {"kind": "practice"})) == {practice.code}
    assert codes(api.get(URL, {"kind": ["practice", "pcn"]})) == {practice.code, pcn.code}


def test_search_text_matches_code_or_part_of_the_name(api):
    wanted = PracticeFactory(name="Pemberton Surgery")
    PracticeFactory(name="Shevington Surgery")
    assert codes(api.get(URL, {"q": "pemberton"})) == {wanted.code}
    assert codes(api.get(URL, {"q": wanted.code})) == {wanted.code}


def test_open_means_open_on_the_as_at_date(api):
    open_now = PracticeFactory(opened=D("2000-01-01"))
    closed = PracticeFactory(opened=D("2000-01-01"), closed=D("2019-12-31"))
    assert codes(api.get(URL, {"open": "true", "as_at": "2021-01-01"})) == {open_now.code}
    assert codes(api.get(URL, {"open": "false", "as_at": "2021-01-01"})) == {closed.code}
    assert codes(api.get(URL, {"open": "true", "as_at": "2019-06-01"})) == {
        open_now.code,
        closed.code,
    }


def test_status_and_open_are_answered_as_at_the_date(api):
    practice = PracticeFactory(status=OdsStatus.DORMANT, opened=D("1974-04-01"))
    practice.status_periods.all().delete()
    StatusPeriodFactory(
        organisation=practice, status=OdsStatus.ACTIVE, start=D("1974-04-01"), end=D("2023-01-31")
    )
    StatusPeriodFactory(organisation=practice, status=OdsStatus.DORMANT, start=D("2023-02-01"))
    (before,) = api.get(URL, {"as_at": "2019-12-01"}).json()["items"]
    (after,) = api.get(URL, {"as_at": "2023-02-01"}).json()["items"]
    assert (before["status"], after["status"]) == ("A", "D")
    assert codes(api.get(URL, {"open": "true", "as_at": "2019-12-01"})) == {practice.code}
    assert codes(api.get(URL, {"open": "true", "as_at": "2023-02-01"})) == set()
    detail = api.get(f"{URL}/{practice.code}", {"as_at": "2019-12-01"}).json()
    assert detail["status"] == "A"


def test_pagination_gives_the_total_and_a_stable_slice(api):
    practices = [PracticeFactory() for _ in range(7)]
    expected = [p.code for p in sorted(practices, key=lambda p: (p.name, p.code))]
    body = api.get(URL, {"limit": 3, "offset": 3}).json()
    assert body["count"] == len(practices)
    assert [o["code"] for o in body["items"]] == expected[3:6]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"as_at": "2021-13-01"}, "as_at"),
        ({"kind": "hospital"}, "kind"),
        ({"open": "perhaps"}, "open"),
        ({"limit": 0}, "limit"),
        ({"within": "NOSUCHCODE"}, "within"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_parameter(api, params, field):
    response = api.get(URL, params)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert field in error["loc"] and error["msg"]


def test_detail_has_links_up_and_down_with_in_force_on_as_at(api, moved):
    old = api.get(f"{URL}/{moved['old'].code}", {"as_at": "2020-06-01"}).json()
    assert old["as_at"] == "2020-06-01"
    links_down = old["relationships"]["links_down"]
    down = {(link["organisation"]["code"], link["in_force"]) for link in links_down}
    assert down == {(moved["stays"].code, True), (moved["mover"].code, False)}
    mover = api.get(f"{URL}/{moved['mover'].code}", {"as_at": "2020-01-01"}).json()
    links_up = mover["relationships"]["links_up"]
    up = [(lk["organisation"]["code"], lk["end"], lk["in_force"]) for lk in links_up]
    assert up == [(moved["old"].code, "2020-03-31", True), (moved["new"].code, None, False)]


def test_detail_names_successors_and_predecessors(api):
    old, merged = CCGFactory(), CCGFactory()
    RelationshipFactory(
        child=merged, parent=old, kind=RelationshipKind.SUCCESSOR_OF, start=D("2020-04-01")
    )
    rel_old = api.get(f"{URL}/{old.code}").json()["relationships"]
    rel_new = api.get(f"{URL}/{merged.code}").json()["relationships"]
    assert [o["code"] for o in rel_old["successors"]] == [merged.code]
    assert [o["code"] for o in rel_new["predecessors"]] == [old.code]


def test_detail_population_is_rolled_up_over_the_hierarchy_on_the_extract_date(api, moved):
    on = D("2021-01-01")
    stays = PopulationCountFactory(organisation=moved["stays"], extract_date=on, patients=6100)
    mover = PopulationCountFactory(organisation=moved["mover"], extract_date=on, patients=8400)
    old = api.get(f"{URL}/{moved['old'].code}").json()["population"]
    new = api.get(f"{URL}/{moved['new'].code}").json()["population"]
    assert old == {"extract_date": "2021-01-01", "patients": stays.patients}
    assert new == {"extract_date": "2021-01-01", "patients": mover.patients}


def test_an_unknown_code_is_a_json_404(api):
    response = api.get(f"{URL}/NOSUCH")
    assert response.status_code == 404
    assert "NOSUCH" in response.json()["detail"]
    assert api.get(f"{URL}/NOSUCH/members").status_code == 404


def test_members_as_at_a_date_and_of_a_kind(api, moved):
    pcn = OrganisationFactory(kind=Kind.PCN)
    RelationshipFactory(child=pcn, parent=moved["new"], start=D("2020-07-01"))
    members = f"{URL}/{moved['new'].code}/members"
    assert codes(api.get(members, {"as_at": "2020-06-01"})) == {moved["mover"].code}
    assert codes(api.get(members, {"as_at": "2021-01-01"})) == {moved["mover"].code, pcn.code}
    assert codes(api.get(members, {"as_at": "2021-01-01", "kind": "pcn"})) == {pcn.code}


def build_ccg(practices: int):
    ccg = CCGFactory()
    for _ in range(practices):
        practice = PracticeFactory()
        RelationshipFactory(child=practice, parent=ccg)
        PopulationCountFactory(organisation=practice)
    return ccg


def queries_for(api, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url, params).status_code == 200
    return len(captured)


def request_for(path: str, ccg) -> tuple[str, dict | None]:
    if path == "":
        return URL, {"within": ccg.code}
    return URL + path.format(code=ccg.code), None


# 3 to sign in (session, user, roles); then per endpoint: the organisation, one query per level
# of the hierarchy walked, and a count and a page for lists; links, successors, predecessors and
# population for the detail.
@pytest.mark.parametrize("path, budget", [("", 8), ("/{code}", 12), ("/{code}/members", 8)])
def test_query_counts_do_not_grow_with_rows(api, path, budget, django_assert_max_num_queries):
    small, large = build_ccg(2), build_ccg(40)
    with django_assert_max_num_queries(budget):
        api.get(*request_for(path, large))
    assert queries_for(api, *request_for(path, small)) == queries_for(
        api, *request_for(path, large)
    )


def test_as_at_defaults_to_today(api):
    today = localdate()
    ccg, ended, current = CCGFactory(), PracticeFactory(), PracticeFactory()
    RelationshipFactory(child=ended, parent=ccg, end=today - dt.timedelta(days=1))
    RelationshipFactory(child=current, parent=ccg, start=today)
    assert codes(api.get(URL, {"within": ccg.code})) == {current.code}
    assert api.get(f"{URL}/{ccg.code}").json()["as_at"] == today.isoformat()


def test_a_bad_date_says_what_was_wrong(api):
    (error,) = api.get(URL, {"as_at": "2021-13-01"}).json()["detail"]
    assert error["loc"] == ["query", "as_at"]
    assert "month" in error["msg"]
