"""Open data: the JSON API (paged), the CSV export (UTF-8 with BOM for Excel) and the Atom feed are valid and
follow the listing (no withdrawn decision, no ended display period)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.portal.factories import PublishedDecisionFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def decisions():
    today = timezone.localdate()
    listed = PublishedDecisionFactory(
        number="某卫公罚〔2026〕1号", party_name="某某口腔诊所", text="未对器械消毒。"
    )
    PublishedDecisionFactory(
        number="某卫公罚〔2026〕2号", withdrawn_at=timezone.now(), withdrawal_reason="已撤销"
    )
    PublishedDecisionFactory(number="某卫公罚〔2026〕3号", display_until=today - dt.timedelta(days=1))
    return listed


def test_json_api_lists_what_the_listing_lists_and_pages(client, decisions):
    response = client.get(reverse("portal:api_decisions"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert [row["number"] for row in data["results"]] == ["某卫公罚〔2026〕1号"]
    assert data["next"] is None and data["page"] == 1
    row = data["results"][0]
    assert row["party_name"] == "某某口腔诊所" and row["category_label"] == "行政处罚"
    assert row["url"].endswith(reverse("portal:decision", kwargs={"pk": decisions.pk}))
    PublishedDecisionFactory.create_batch(20)
    data = json.loads(client.get(reverse("portal:api_decisions"), {"q": ""}).content)
    assert len(data["results"]) == 20 and "page=2" in data["next"]
    assert len(json.loads(client.get(data["next"]).content)["results"]) == 1


def test_json_api_searches_and_reports_bad_input_as_400(client, decisions):
    data = json.loads(client.get(reverse("portal:api_decisions"), {"q": "消毒"}).content)
    assert [row["number"] for row in data["results"]] == ["某卫公罚〔2026〕1号"]
    response = client.get(reverse("portal:api_decisions"), {"date_from": "昨天"})
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == "invalid"


def test_csv_starts_with_a_bom_and_parses(client, decisions):
    response = client.get(reverse("portal:decisions_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:2] == ["文号", "当事人"]
    assert [r[0] for r in rows[1:]] == ["某卫公罚〔2026〕1号"]
    assert rows[1][7] == "行政处罚"


def test_atom_feed_is_valid_xml_with_one_entry_per_listed_publication(client, decisions):
    response = client.get(reverse("portal:feed"))
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["某卫公罚〔2026〕1号 某某口腔诊所"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("portal:decision", kwargs={"pk": decisions.pk}))
    assert entries[0].find(f"{ATOM}updated").text
