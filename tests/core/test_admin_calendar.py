"""Loading a schedule through the admin upload form."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanxiang.accounts.models import User
from sanxiang.core.models import CalendarYear
from tests.core.schedule_documents import schedule_2027

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/core/calendaryear/add/"


@pytest.fixture
def alice(client):
    """Alice is a superuser: she may load schedules, but no one may edit or delete one."""
    user = User.objects.create_superuser(username="alice", password="x-Secret-123", full_name="Alice")
    client.force_login(user)
    return user


def upload(document: dict) -> SimpleUploadedFile:
    return SimpleUploadedFile("2027.json", json.dumps(document).encode(), content_type="application/json")


def test_admin_upload_loads_the_year_and_records_who_loaded_it(client, alice):
    response = client.post(ADD_URL, {"file": upload(schedule_2027())})
    assert response.status_code == 302
    row = CalendarYear.objects.get()
    assert (row.year, row.version, row.loaded_by) == (2027, 1, alice)


def test_admin_upload_shows_each_problem_and_stores_nothing(client, alice):
    response = client.post(
        ADD_URL, {"file": upload(schedule_2027(makeup_workdays=["2027-02-22"], source=""))}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2027-02-22 不是周末" in page
    assert "source 应为非空文本" in page
    assert not CalendarYear.objects.exists()


def test_a_loaded_schedule_cannot_be_deleted_or_changed(client, alice):
    client.post(ADD_URL, {"file": upload(schedule_2027())})
    row = CalendarYear.objects.get()
    assert client.get(f"/admin/core/calendaryear/{row.pk}/delete/").status_code == 403
    assert client.post(f"/admin/core/calendaryear/{row.pk}/change/", {}).status_code == 403
    assert client.get(f"/admin/core/calendaryear/{row.pk}/change/").status_code == 200
