"""Must show (issue 6): after the demo with its cases is fully run, no portal page, API response, CSV, feed,
registry version or downloadable file holds a personal value of the demo that must be hidden: ID numbers,
phone numbers, home addresses of natural persons, names of third persons (witnesses, other participants).

The personal values are read from the case tables here, independently of the publisher's own collection, and
searched for also in variants (without separators, lower-case x, with a +86 prefix). The test also checks that it
did fetch published decisions, so it cannot pass on an empty portal.
"""

from __future__ import annotations

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from sanxiang.portal.models import PublicCertificate, PublishedDecision, RegistryVersion

NAME_TOKEN = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
SEPARATORS = re.compile(r"[、，,；;：:\s（）()]+")
ROLE_WORDS = ("人", "员", "者", "方", "证", "所", "店", "司", "院", "馆")
PUBLIC_PREFIXES = ("/portal/", "/log/", "/api/log/checkpoints")
MAX_PAGES = 3000


def _digits_only(value: str) -> str:
    return re.sub(r"[^0-9xX]", "", value).lower()


def _third_person_names(text: str) -> list[str]:
    words = [w for w in SEPARATORS.split(text or "") if w]
    return [w for w in words if NAME_TOKEN.match(w) and not w.endswith(ROLE_WORDS)]


def personal_values_of_the_demo() -> dict[str, set[str]]:
    """What must not appear, by kind, from the case tables."""
    from sanxiang.cases.models import Activity, Party, Signature

    found: dict[str, set[str]] = {"id_number": set(), "phone": set(), "address": set(), "third_person": set()}
    party_names = set()
    for party in Party.objects.all():
        party_names.update({party.name, party.legal_representative})
        if party.id_number:
            found["id_number"].add(party.id_number.strip())
        for phone in re.findall(r"[0-9][0-9 \-]{6,}[0-9]", party.contact or ""):
            found["phone"].add(phone)
        if party.kind == "person" and party.address.strip():
            found["address"].add(party.address.strip())
    for activity in Activity.objects.all():
        found["third_person"].update(_third_person_names(activity.other_participants))
        for text in (activity.other_participants, activity.record):
            found["id_number"].update(re.findall(r"\d{17}[\dXx]|\d{15}", text or ""))
            found["phone"].update(re.findall(r"1[3-9]\d{9}", text or ""))
    for signature in Signature.objects.exclude(signer__in=["officer", "party"]):
        found["third_person"].update(v for v in (signature.signer_name,) if v)
    for signature in Signature.objects.all():
        if signature.refusal_witness:
            found["third_person"].add(signature.refusal_witness)
    # A party's own name and a legal representative's name stay by default (publication policy).
    found["third_person"] -= party_names
    return found


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.links.append(value)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _crawl(client, seeds: list[str]) -> dict[str, str]:
    """Every public page reachable from ``seeds`` through links (portal and log pages), with its text."""
    pages: dict[str, str] = {}
    queue = deque(seeds)
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code in {200, 302, 404}, (url, response.status_code)
        text = _body(response).decode("utf-8-sig", errors="replace")
        pages[url] = text
        if response.status_code == 302:
            queue.append(response["Location"])
        if "html" not in response.get("Content-Type", "") and "atom" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(text)
        for link in parser.links:
            link = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(link)
            if parts.netloc not in {"", "testserver"}:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(PUBLIC_PREFIXES) and path not in pages:
                queue.append(path)
    return pages


def _seeds() -> list[str]:
    seeds = [
        reverse("portal:home"), reverse("portal:decisions"), reverse("portal:withdrawals"),
        reverse("portal:checkpoints"), reverse("portal:feed"), reverse("portal:decisions_csv"),
        reverse("portal:api_decisions"), reverse("records:checkpoint-notes"), reverse("records:api-checkpoints"),
    ]  # fmt: skip
    seeds += [
        reverse("portal:decision", kwargs={"pk": pk})
        for pk in PublishedDecision.objects.values_list("pk", flat=True)
    ]
    seeds += [reverse("portal:registry", kwargs={"section": s}) for s in RegistryVersion.Section.values]
    seeds += [
        reverse("portal:registry_history", kwargs={"section": s, "version": v})
        for s, v in RegistryVersion.objects.values_list("section", "version")
    ]
    seeds += [
        reverse("portal:certificate", kwargs={"token": t})
        for t in PublicCertificate.objects.values_list("token", flat=True)
    ]
    return seeds


def _api_pages(client) -> dict[str, str]:
    """The JSON API, following ``next`` to the last page."""
    pages, url = {}, reverse("portal:api_decisions")
    while url and len(pages) < MAX_PAGES:
        response = client.get(url)
        assert response.status_code == 200
        pages[url] = response.content.decode()
        url = response.json()["next"]
    return pages


def _leaks(pages: dict[str, str], values: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    leaks = []
    for url, text in pages.items():
        squeezed = re.sub(r"[\s\-—–·.()（）+]", "", text).lower()
        unicode_escaped = text.encode().decode("unicode_escape", errors="ignore") if "\\u" in text else ""
        for kind, items in values.items():
            for value in items:
                if kind in {"id_number", "phone"}:
                    needle = _digits_only(value)
                    if needle and needle in squeezed:
                        leaks.append((kind, value, url))
                elif value in text or value in unicode_escaped or re.sub(r"\s", "", value) in squeezed:
                    leaks.append((kind, value, url))
    return leaks


@pytest.fixture
def demo(db, local_storage):
    from sanxiang.core import demo as core_demo

    core_demo.load(stdout=io.StringIO())


def test_no_portal_output_holds_a_personal_value_of_the_demo(client, demo):
    values = personal_values_of_the_demo()
    # The demo's natural-person case and its witnesses (publicity/demo.py): every kind is there to look for.
    assert all(values[kind] for kind in ("id_number", "phone", "address", "third_person")), values

    pages = _crawl(client, _seeds())
    pages.update(_api_pages(client))

    published = PublishedDecision.objects.count()
    assert published > 0, "the demo published no decision: this test would pass on an empty portal"
    decision_pages = [u for u in pages if re.fullmatch(r"/portal/decisions/\d+/", u)]
    assert len(decision_pages) == published
    assert _leaks(pages, values) == []


def test_the_leak_check_finds_a_planted_value_in_any_variant():
    """The checker itself: a value written with separators, spaces or in JSON escapes is found."""
    values = {
        "id_number": {"110105194912310029"},
        "phone": {"13812345678"},
        "address": set(),
        "third_person": {"李小红"},
    }
    pages = {
        "/a": "身份证 110105 19491231 0029",
        "/b": "电话 +86 138-1234-5678",
        "/c": '{"name": "\\u674e\\u5c0f\\u7ea2"}',
        "/d": "李 小 红",
        "/e": "某某美容美发有限公司",
    }
    found = {(kind, url) for kind, _value, url in _leaks(pages, values)}
    assert found == {("id_number", "/a"), ("phone", "/b"), ("third_person", "/c"), ("third_person", "/d")}
