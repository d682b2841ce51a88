"""The portal reads only the published tables (and the record log's checkpoints): its modules import no case
model, and its pages query no table outside them."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import sanxiang.portal
from tests.portal.factories import PublicCertificateFactory, PublishedDecisionFactory, RegistryVersionFactory

PORTAL = pathlib.Path(sanxiang.portal.__file__).parent
ALLOWED = (
    "sanxiang.portal",
    "sanxiang.records.selectors",
    "sanxiang.records.checkpoints",
    "sanxiang.core.periodic",  # jobs.py registers the page-cache sweep with the worker
)
# publish.py is the publisher's module (it reads the publicity records that feed these tables).
NOT_PORTAL_READS = {"publish.py"}


def _imports(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_portal_modules_import_nothing_of_the_other_sanxiang_apps():
    for path in PORTAL.rglob("*.py"):
        if path.name in NOT_PORTAL_READS or "migrations" in path.parts:
            continue
        for name in _imports(path):
            if name.startswith("sanxiang") and name != "sanxiang":
                assert name.startswith(ALLOWED), f"{path.name} imports {name}"


@pytest.mark.django_db
def test_every_page_queries_only_portal_and_log_tables(client):
    d = PublishedDecisionFactory()
    RegistryVersionFactory()
    certificate = PublicCertificateFactory()
    urls = [
        reverse("portal:home"), reverse("portal:decisions") + "?q=消毒&party=某某&number=2026",
        reverse("portal:decision", kwargs={"pk": d.pk}), reverse("portal:withdrawals"),
        reverse("portal:registry", kwargs={"section": "powers"}),
        reverse("portal:registry_history", kwargs={"section": "powers", "version": 1}),
        reverse("portal:registry", kwargs={"section": "officers"}),
        reverse("portal:certificate", kwargs={"token": certificate.token}), reverse("portal:checkpoints"),
        reverse("portal:api_decisions"), reverse("portal:decisions_csv"), reverse("portal:feed"),
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)
    tables = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query["sql"], flags=re.IGNORECASE)
    }
    assert tables, "no query captured"
    assert {t.split("_")[0] for t in tables} <= {"portal", "records"}, tables
