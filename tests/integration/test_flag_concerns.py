"""A flag concerning a joint committee's commitment is shown once, naming both bodies."""

import pytest
from django.urls import reverse

from concord.accountability.concerns import RELATED, concerns
from concord.accountability.models import RedFlag
from concord.demo.governance import load_governance_demo
from concord.demo.loader import load_demo
from concord.governance.models import Forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    load_demo()
    load_governance_demo()
    forum = Forum.objects.get(kind="joint_committee")
    for agreement in forum.agreements.all():
        (commitment,) = agreement.commitments.filter(party__code="RW5")
        RedFlag.objects.create(
            kind="no_data",
            key=f"no_data:commitment:{commitment.pk}",
            title="Run the single memory assessment service: no data",
            evidence="Nothing has been measured since the review date.",
            link=reverse("accountability:commitment", args=[commitment.pk]),
            organisation=commitment.party,
            commitment=commitment,
        )
    return forum


def test_the_joint_committee_holds_the_same_commitment_twice(committee):
    flags = RedFlag.objects.filter(commitment__agreement__forum=committee)
    assert flags.count() == 2  # one per body it decided for: the duplicate to show once


def test_the_flag_list_shows_one_row_per_concern_naming_both_ccgs(committee, client, viewer):
    (concern,) = concerns(RedFlag.objects.select_related(*RELATED))
    assert len(concern.flags) == 2
    assert sorted(b.code for b in concern.bodies) == ["00X", "01E"]
    client.force_login(viewer)
    page = client.get(reverse("accountability:flags")).content.decode()
    assert page.count("Run the single memory assessment service: no data") == 1
    assert "NHS Chorley and South Ribble CCG and NHS Greater Preston CCG" in page


def test_flags_of_one_body_are_not_merged(committee):
    flag = RedFlag.objects.first()
    RedFlag.objects.create(
        kind="missed",
        key="other",
        title="Another",
        evidence="e",
        link="/",
        organisation=flag.organisation,
        commitment=flag.commitment,
    )
    assert len(concerns(RedFlag.objects.select_related(*RELATED))) == 2


def test_the_agenda_and_the_pack_list_the_concern_once(committee):
    from concord.accountability.agenda import flag_proposals
    from concord.accountability.pack import pack_context
    from concord.governance.models import Meeting

    meeting = Meeting.objects.filter(forum=committee).first()
    (proposed,) = flag_proposals(meeting)
    assert "NHS Chorley and South Ribble CCG and NHS Greater Preston CCG" in proposed.title
    (entry,) = pack_context(meeting)["flag_entries"]
    assert entry["bodies"] == "NHS Chorley and South Ribble CCG and NHS Greater Preston CCG"


def test_the_overview_lists_the_concern_once(committee, client, viewer):
    client.force_login(viewer)
    page = client.get(reverse("accountability:overview")).content.decode()
    assert page.count("Run the single memory assessment service: no data") == 1


def test_each_flag_filter_narrows_and_combines(committee, client, viewer):
    from concord.accountability.filters import flag_rows

    flag = RedFlag.objects.first()
    other = RedFlag.objects.create(
        kind="inquorate",
        key="inquorate:forum:x",
        title="Inquorate forum",
        evidence="e",
        link="/",
        organisation=Forum.objects.exclude(pk=committee.pk).first().organisation,
        forum=Forum.objects.exclude(pk=committee.pk).first(),
    )
    RedFlag.objects.filter(pk=other.pk).update(state="resolved")
    assert flag_rows({}, viewer).count() == 2
    assert flag_rows({"state": "all"}, viewer).count() == 3
    assert flag_rows({"state": "resolved"}, viewer).get() == other
    assert flag_rows({"kind": "no_data"}, viewer).count() == 2
    assert flag_rows({"kind": "inquorate", "state": "all"}, viewer).get() == other
    assert flag_rows({"forum": committee.slug}, viewer).count() == 2
    assert flag_rows({"forum": committee.slug, "kind": "inquorate"}, viewer).count() == 0
    code = flag.organisation.code
    assert flag_rows({"organisation": code, "state": "all"}, viewer).count() == 2
    client.force_login(viewer)
    page = client.get(reverse("accountability:flags"), {"kind": "no_data"}).content.decode()
    assert page.count("Run the single memory assessment service: no data") == 1
    assert "Inquorate forum" not in page and "Clear filters" in page


@pytest.mark.parametrize("bad", [{"kind": "nonsense"}, {"state": "x"}])
def test_a_wrong_filter_value_is_said_not_failed(committee, client, viewer, bad):
    client.force_login(viewer)
    response = client.get(reverse("accountability:flags"), bad)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_nul_in_a_filter_is_refused_with_a_400_page(committee, client, viewer):
    """Refused by the bad-input middleware before the filter is read."""
    client.force_login(viewer)
    response = client.get(reverse("accountability:flags"), {"forum": "\x00"})
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_the_filtered_flag_list_pins_its_queries(
    committee, client, viewer, django_assert_max_num_queries
):
    client.force_login(viewer)
    with django_assert_max_num_queries(12):
        client.get(reverse("accountability:flags"), {"forum": committee.slug, "kind": "no_data"})
