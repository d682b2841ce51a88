"""The A4 preview and the downloads: access-checked (404 for others), downloads logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import include, path

from sanxiang.config.urls import urlpatterns as site_urls
from sanxiang.documents import samples, services
from sanxiang.documents.models import DocumentType
from sanxiang.records.models import Event
from tests.factories import PASSWORD, AgencyFactory, DepartmentFactory, OfficerFactory

urlpatterns = [*site_urls, path("", include("sanxiang.documents.urls"))]


@pytest.fixture
def issued(seeded, agency, alice):
    draft = services.document_draft(
        actor=alice, doc_type=DocumentType.objects.get(code="penalty_decision"), agency=agency,
        subject_type="inspections.result", subject_id="5", context=samples.sample_context("penalty_decision", number=""),
    )  # fmt: skip
    return services.document_issue(actor=alice, document=draft)


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.urls("tests.documents.test_views")
def test_preview_prints_on_a4_with_the_amounts_and_number(issued, alice):
    response = _client(alice).get(f"/documents/{issued.pk}/preview/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "某卫公罚〔2026〕1号" in page and "壹万贰仟叁佰肆拾伍元陆角整" in page and "print.css" in page


def test_print_css_sets_a4_pages():
    from pathlib import Path

    import sanxiang

    css = (Path(sanxiang.__file__).parent / "static/sanxiang/print.css").read_text()
    assert "size: A4" in css and "37mm 26mm 35mm 28mm" in css and "http" not in css


@pytest.mark.urls("tests.documents.test_views")
def test_download_of_the_docx_is_logged(issued, alice):
    response = _client(alice).get(f"/documents/{issued.pk}/download.docx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert Event.objects.filter(action="document.download", subject_id=str(issued.pk)).count() == 1
    assert (
        _client(alice).get(f"/documents/{issued.pk}/download.pdf").status_code == 400
    )  # no PDF made (test setting)


@pytest.mark.urls("tests.documents.test_views")
def test_staff_of_another_agency_get_not_found(issued):
    other = DepartmentFactory(agency=AgencyFactory(name="某县卫生健康局"), name="县卫生监督所")
    ivan = OfficerFactory(username="ivan", department=other)
    assert _client(ivan).get(f"/documents/{issued.pk}/preview/").status_code == 404
    assert _client(ivan).get(f"/documents/{issued.pk}/download.docx").status_code == 404
