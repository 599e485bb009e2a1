import pytest

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
