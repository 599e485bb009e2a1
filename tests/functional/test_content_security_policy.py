"""Under the Content-Security-Policy, Chromium runs every page as it should: the NHS.UK front
end's scripts, htmx polling a job's progress, the charts, Django's admin. Any script or style the
policy blocks is a `securitypolicyviolation` event or a console message, and fails the test."""

import pytest
from django.contrib.auth import get_user_model

from concord.jobs.models import Job
from tests.factories import UserFactory
from tests.functional.conftest import sign_in_on
from tests.integration.governance import PASSWORD
from tests.integration.indicator_pages import build

pytestmark = [
    pytest.mark.functional,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media"),
]
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.documentURI));
"""


@pytest.fixture
def watched(page):
    """The page, and the policy violations and console errors seen on it."""
    seen = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: (
            seen.append(f"console {m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return page, seen


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_pages_htmx_and_the_admin_run_under_the_policy(watched, live_server):
    page, seen = watched
    economy = build(practices=3, periods=15)
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    job = Job.objects.create(work=Job.Work.IMPORT, key="epraccur", requested_by=admin)
    practice = economy["practices"][1]
    found = []

    sign_in_on(page, live_server, admin, "/")
    assert page.evaluate("document.body.classList.contains('js-enabled')"), "inline script ran"
    found += violations(page)
    paths = [
        f"/organisations/{economy['ccg'].code}/",
        f"/organisations/{practice.code}/indicators/{economy['indicator'].code}/",
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin.pk}/change/",
        "/api/v1/docs",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        found += violations(page)

    page.goto(f"{live_server.url}/imports/jobs/{job.pk}/")
    for _ in range(2):  # htmx asks for the progress every second
        with page.expect_request(f"**/imports/jobs/{job.pk}/progress/"):
            pass
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    found += violations(page)

    # the NHS.UK header's menu, built by its script, folds into "More" on a narrow screen
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    page.locator(".nhsuk-header__menu-toggle").wait_for(state="visible")
    found += violations(page)

    assert not found, found
    assert not [s for s in seen if "Content Security Policy" in s or "page error" in s], seen
    assert get_user_model().objects.filter(pk=admin.pk).exists()


def test_the_pathway_on_a_page_keeps_its_own_styles(watched, live_server):
    from concord.pathways import actions
    from tests.integration.contracting import build_world, dementia_programme

    page, seen = watched
    world = build_world()
    programme = dementia_programme(world)
    pathway = actions.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    viewer = UserFactory(role="viewer")
    path = f"/programmes/{programme.slug}/pathway/{pathway.number}/on-a-page/"
    sign_in_on(page, live_server, viewer, path)
    assert page.title().startswith("Dementia")
    layout = page.evaluate(
        "getComputedStyle(document.querySelector('.concord-pathway') || document.body).display"
    )
    assert layout == "grid", "the page's <style>, carrying the nonce, applies"
    assert not violations(page), violations(page)
    assert not [s for s in seen if "Content Security Policy" in s], seen
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("link", name="Print").click()
    assert page.evaluate("window.printed") is True, "the Print link prints, from its script"
