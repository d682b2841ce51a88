"""The OpenAPI schema and its docs page: served without any CDN asset."""

from __future__ import annotations


def test_schema_describes_the_case_api(client, alice):
    client.force_login(alice)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/cases/{case_id}/actions/{action}/" in response.content.decode()


def test_docs_page_loads_swagger_ui_from_our_own_static_files(client, alice):
    client.force_login(alice)
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower() and "/static/" in html
