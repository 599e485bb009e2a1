"""The Django admin: for superusers only; read-only for every model that has actions."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.pathways import actions as pathways
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_site_is_for_superusers_only(client, admin_user):
    staff_admin_role = admin_user
    staff_admin_role.is_staff = True
    staff_admin_role.save()
    client.force_login(staff_admin_role)
    assert client.get("/admin/organisations/organisation/").status_code == 403

    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get("/admin/organisations/organisation/").status_code == 200


# -- read-only for every model that has actions ---------------------------------------------------


@pytest.fixture
def records(db):
    """One record of each model the admin shows read-only, from the contracts test world."""
    from concord.contracts import actions as contracts
    from concord.organisations.models import ImportBatch
    from tests.factories import PopulationCountFactory
    from tests.integration.contracting import (
        acute_contract,
        build_world,
        dementia_programme,
        serve,
    )

    world = build_world()
    contract = acute_contract(world)
    programme = dementia_programme(world)
    variation = contracts.vary_contract(
        by=world.ccg_editor,
        contract=contract,
        description="Extended by a year",
        effective_from=dt.date(2022, 4, 1),
        decision=world.decision,
        end=dt.date(2025, 3, 31),
    )
    pathway = pathways.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    agreement = world.agreement
    return [
        world.senate.forum,
        agreement.decision.meeting,
        agreement.proposal,
        agreement.decision,
        agreement,
        agreement.commitments.first(),
        contract,
        serve(world, contract, world.acute),
        variation,
        programme,
        pathway,
        PopulationCountFactory(organisation=world.ccg),
        ImportBatch.objects.create(kind="epraccur", file_name="epraccur.csv", checksum="0" * 64),
    ]


def admin_url(obj, view: str, *args) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_a_superuser_changes_nothing_that_has_actions_in_the_admin(client, records):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for obj in records:
        name = obj._meta.label
        assert client.get(admin_url(obj, "changelist")).status_code == 200, name
        assert client.get(admin_url(obj, "change", obj.pk)).status_code == 200, name  # seen
        assert client.get(admin_url(obj, "add")).status_code == 403, name
        assert client.post(admin_url(obj, "change", obj.pk), {}).status_code == 403, name
        assert client.get(admin_url(obj, "delete", obj.pk)).status_code == 403, name
        assert client.post(admin_url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists(), name


def test_no_past_version_is_reverted_to_in_the_admin(client, records):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for obj in records:
        if not hasattr(obj, "history"):
            continue
        version, versions = obj.history.earliest(), obj.history.count()
        url = admin_url(obj, "simple_history", obj.pk, version.history_id)
        assert client.get(url).status_code == 200, obj._meta.label
        assert client.post(url, {}).status_code == 403, obj._meta.label
        assert obj.history.count() == versions, obj._meta.label


@pytest.fixture
def registry_records(db):
    """One of each of the registry's set-up models: it is set up from its pages and the API."""
    from tests.factories import PostFactory, RelationshipFactory

    link, post = RelationshipFactory(), PostFactory()
    return [link.child, link, post.person, post]


def test_the_registry_set_up_is_read_only_in_the_admin(client, registry_records):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for obj in registry_records:
        name = obj._meta.label
        assert client.get(admin_url(obj, "change", obj.pk)).status_code == 200, name  # seen
        assert client.get(admin_url(obj, "add")).status_code == 403, name
        assert client.post(admin_url(obj, "change", obj.pk), {}).status_code == 403, name
        assert client.post(admin_url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists(), name
