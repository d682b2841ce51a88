"""Saves in the admin that do not go through a service still append their event (records/recorded_admin.py)."""

from __future__ import annotations

import pytest

from sanxiang.accounts.models import Department, RoleGrant, User
from sanxiang.records.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(agency):
    return User.objects.create_superuser(username="root", password="Admin#2026x", full_name="管理员")


def test_adding_a_department_in_the_admin_is_logged_with_field_names_only(client, admin_user, agency):
    client.force_login(admin_user)
    response = client.post(
        "/admin/accounts/department/add/",
        {"agency": agency.pk, "name": "食品科", "kind": "enforcement", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    department = Department.objects.get(name="食品科")
    event = Event.objects.get(subject_type="accounts.department", subject_id=str(department.pk))
    assert event.action == "admin.create"
    assert '"fields":["agency","kind","name"]' in event.entry  # the names of what changed, never the values
    assert "食品科" not in event.entry
    assert event.actor_id == admin_user.pk


def test_a_role_granted_through_the_user_inline_is_logged(client, admin_user, alice):
    client.force_login(admin_user)
    page = client.get(f"/admin/accounts/user/{alice.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "username": alice.username,
            "full_name": alice.full_name,
            "department": alice.department_id,
            "date_joined_0": alice.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": alice.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
            "role_grants-TOTAL_FORMS": "2",
            "role_grants-INITIAL_FORMS": "1",
            "role_grants-0-id": alice.role_grants.get().pk,
            "role_grants-0-user": alice.pk,
            "role_grants-0-role": "officer",
            "role_grants-1-user": alice.pk,
            "role_grants-1-role": "unit_head",
        }
    )
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(f"/admin/accounts/user/{alice.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=alice, role="unit_head")
    assert Event.objects.filter(
        action="admin.create", subject_type="accounts.rolegrant", subject_id=str(grant.pk)
    ).exists()
