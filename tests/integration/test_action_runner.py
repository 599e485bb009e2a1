"""The one way an action is run from a form (`concord.web.actions`) and from the API
(`concord.api.acting`), and the one policy of what its refusals answer
(`concord.access.refusals.status`): a person who may not make the change is refused outright
(403, the refusal's sentence on the page); a change the rules refuse is the form's error, the page
shown again with 400 (the API answers 409, as it documents); a change based on a record changed
since is the form's error with 409. Through a page of each app: governance, contracts, pathways
and accountability."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape

from concord.access.refusals import (
    ActionRefused,
    Conflict,
    Immutable,
    Invalid,
    NotAllowed,
    RowsRefused,
    require,
    status,
)
from concord.accountability.models import RedFlag
from concord.governance import actions as governance
from concord.governance.actions.common import REFUSALS
from concord.pathways import actions as pathways
from concord.web.actions import error_summary, form_status, run
from tests.factories import UserFactory
from tests.integration.contracting import acute_contract, build_world, dementia_programme, serve
from tests.integration.governance import build_senate, secretary
from tests.integration.page_forms import rendered_form
from tests.integration.test_contracts_editing import kpi_data
from tests.integration.test_governance_api import bearer

pytestmark = pytest.mark.django_db
MAY = dt.date(2021, 5, 12)
MANAGE = REFUSALS["governance.manage_meeting"]


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def refusing(refusal):
    def action(**kwargs):
        raise refusal

    return action


def posted_form():
    form = NoteForm({"note": "typed"})
    assert form.is_valid()
    return form


# -- the policy and the runner alone -------------------------------------------------------------


def test_each_refusal_answers_its_status_on_pages_and_in_the_api():
    assert status(NotAllowed("no")) == 403 and status(NotAllowed("no"), api=True) == 403
    assert status(Invalid("no")) == 400 and status(Invalid("no"), api=True) == 409
    assert status(Immutable("no")) == 400 and status(RowsRefused({"A": "no"})) == 400
    assert status(Conflict("no")) == 409 and status(Conflict("no"), api=True) == 409
    assert issubclass(NotAllowed, ActionRefused) and issubclass(Conflict, ActionRefused)


def test_require_refuses_with_the_sentence_registered_for_the_permission():
    viewer = UserFactory(role="viewer")
    with pytest.raises(NotAllowed, match="manages this forum's meetings"):
        require(viewer, "governance.manage_meeting", None)
    with pytest.raises(NotAllowed):
        require(None, "governance.view")


def test_the_runner_returns_what_the_action_made():
    form = posted_form()
    assert run(form, lambda **kw: kw["made"], made="done") == "done"
    assert form_status(form) == 200


def test_a_refused_permission_is_a_403():
    with pytest.raises(PermissionDenied, match="Not yours"):
        run(posted_form(), refusing(NotAllowed("Not yours")))


@pytest.mark.parametrize(
    ("refusal", "code"),
    [(Invalid("Not in this state"), 400), (Conflict("Changed since by someone else"), 409)],
)
def test_a_refused_change_is_the_form_s_error_and_its_status(refusal, code):
    form = posted_form()
    assert run(form, refusing(refusal)) is None
    assert form.non_field_errors() == [str(refusal)]
    assert error_summary(form, "section") == [("section", str(refusal))]
    assert form_status(form) == code
    assert form_status(None, form) == code  # the refused form among the page's forms


def test_refused_rows_are_each_the_form_s_error():
    form = posted_form()
    run(form, refusing(RowsRefused({"Seat A": "absent", "Seat B": "no reason"})))
    assert form.non_field_errors() == ["Seat A: absent", "Seat B: no reason"]
    assert form_status(form) == 400


def test_a_form_with_errors_is_a_400_and_one_not_posted_a_200():
    assert form_status(NoteForm({"note": "x" * 5}), NoteForm()) == 200
    bad = forms.Form({})
    bad.add_error(None, "wrong")
    assert form_status(bad) == 400


# -- governance: the forum page and its terms ----------------------------------------------------


@pytest.fixture
def senate():
    return build_senate()


def schedule(client, user, senate, date=MAY):
    client.force_login(user)
    url = reverse("governance:forum", args=[senate.forum.slug])
    return client.post(url, {"transition": "schedule", "date": date.isoformat()})


def test_governance_page_refused_invalid_and_conflicting(client, senate):
    refused = schedule(client, senate.viewer, senate)
    assert refused.status_code == 403 and escape(MANAGE) in refused.content.decode()

    assert schedule(client, senate.chair, senate).status_code == 302
    again = schedule(client, senate.chair, senate)
    html = again.content.decode()
    assert again.status_code == 400 and "nhsuk-error-summary" in html
    assert "already has a meeting on 12 May 2021" in html

    staff = secretary(senate)
    client.force_login(staff)
    url = reverse("governance:forum-terms", args=[senate.forum.slug])
    stale = rendered_form(client.get(url).content.decode(), "quorum_min_seats")
    governance.set_terms(by=senate.admin, forum=senate.forum, cadence="weekly")
    conflict = client.post(url, {**stale, "cadence": "quarterly"})
    html = conflict.content.decode()
    assert conflict.status_code == 409 and "nhsuk-error-summary" in html
    assert "changed the terms of reference" in html


def test_governance_api_refused_invalid_and_conflicting(client, senate):
    path = f"/api/v1/governance/forums/{senate.forum.slug}/meetings"
    body = {"date": MAY.isoformat()}

    def post(user):
        return client.post(path, body, content_type="application/json", **bearer(user))

    refused = post(senate.viewer)
    assert refused.status_code == 403 and refused.json() == {"detail": MANAGE}
    assert post(senate.chair).status_code == 201
    again = post(senate.chair)
    assert again.status_code == 409 and "already has a meeting" in again.json()["detail"]

    forum = f"/api/v1/governance/forums/{senate.forum.slug}"
    read = client.get(forum, **bearer(senate.viewer)).json()["change"]
    governance.set_terms(by=senate.admin, forum=senate.forum, cadence="weekly")
    terms = f"{forum}/terms"
    change = {"cadence": "quarterly", "based_on": read}
    conflict = client.patch(terms, change, content_type="application/json", **bearer(senate.admin))
    assert conflict.status_code == 409 and "changed the terms" in conflict.json()["detail"]
    unfit = client.patch(
        terms, {"quorum_min_seats": 0}, content_type="application/json", **bearer(senate.admin)
    )
    assert unfit.status_code == 422  # input that does not fit the schema, before any action


# -- contracts, pathways, accountability ---------------------------------------------------------


@pytest.fixture
def world():
    found = build_world()
    found.contract = acute_contract(found)
    return found


def test_contract_page_and_api_refused_and_invalid(client, world):
    serve(world, world.contract, world.acute, code="KPI-1")
    url = reverse("contracts:contract", args=[world.contract.reference])
    client.force_login(world.outsider_editor)
    assert client.post(url, kpi_data(world, code="KPI-2")).status_code == 403

    client.force_login(world.ccg_editor)
    invalid = client.post(url, kpi_data(world, code="KPI-1"))
    html = invalid.content.decode()
    assert invalid.status_code == 400 and "nhsuk-error-summary" in html
    assert "already has a KPI KPI-1" in html
    assert world.contract.kpis.count() == 1

    path = f"/api/v1/contracts/{world.contract.reference}/kpis"
    body = {
        "code": "KPI-1",
        "name": "Diagnosis within six weeks",
        "indicator": world.indicator.code,
        "threshold": 66.7,
        "measurement_period": "quarter",
        "consequence": "Remedial action plan",
    }
    answers = [
        client.post(path, body, content_type="application/json", **bearer(user))
        for user in (world.outsider_editor, world.ccg_editor)
    ]
    assert [a.status_code for a in answers] == [403, 409]
    assert "already has a KPI KPI-1" in answers[1].json()["detail"]


def test_pathway_page_and_api_refused_and_invalid(client, world):
    programme = dementia_programme(world)
    pathway = pathways.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    url = reverse("pathways:pathway", args=[programme.slug, pathway.number])
    client.force_login(world.outsider_editor)
    assert client.post(url, {"transition": "publish"}).status_code == 403

    client.force_login(world.ccg_editor)
    invalid = client.post(url, {"transition": "publish"})
    html = invalid.content.decode()
    assert invalid.status_code == 400 and "nhsuk-error-summary" in html
    assert "needs at least one stage before it is published" in html

    path = f"/api/v1/programmes/{programme.slug}/pathways/{pathway.number}/publish"
    answers = [
        client.post(path, {}, content_type="application/json", **bearer(user))
        for user in (world.outsider_editor, world.ccg_editor)
    ]
    assert [a.status_code for a in answers] == [403, 409]
    assert "needs at least one stage" in answers[1].json()["detail"]
    pathway.refresh_from_db()
    assert pathway.status == "draft"


def test_flag_page_and_api_refused_and_invalid(client, senate):
    flag = RedFlag.objects.create(
        kind="seat_vacant",
        key="runner",
        title="A seat nobody sits for",
        evidence="No representative since April",
        link="/",
        organisation=senate.seats[0].organisation,
        forum=senate.forum,
    )
    url = reverse("accountability:flag", args=[flag.pk])
    client.force_login(senate.viewer)
    refused = client.post(url, {"action": "resolve", "note": "Not mine to resolve"})
    assert refused.status_code == 403

    client.force_login(senate.editor)
    invalid = client.post(url, {"action": "resolve", "note": ""})
    html = invalid.content.decode()
    assert invalid.status_code == 400 and "Say how the flag was resolved." in html

    path = f"/api/v1/accountability/flags/{flag.pk}/resolve"
    answers = [
        client.post(path, {"note": ""}, content_type="application/json", **bearer(user))
        for user in (senate.viewer, senate.editor)
    ]
    assert [a.status_code for a in answers] == [403, 409]
    assert answers[1].json() == {"detail": "Say how the flag was resolved."}
    flag.refresh_from_db()
    assert flag.state == "open"
