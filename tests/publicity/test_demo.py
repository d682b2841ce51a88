"""The demo publishes: every demo decision has its disclosure record, at least two are published, one is
withdrawn after 复议 revoked it, the registry is published — and no published text holds a personal value of the
demo's natural person or witnesses. Loading twice changes nothing."""

from __future__ import annotations

import io

import pytest

from sanxiang.portal.models import PublicCertificate, PublishedDecision, RegistryVersion
from sanxiang.publicity import demo as publicity_demo
from sanxiang.publicity.models import Disclosure


@pytest.fixture
def demo(db, local_storage, settings):
    settings.DOCUMENT_PDF = "0"
    from sanxiang.accounts import demo as accounts_demo
    from sanxiang.cases import demo as cases_demo
    from sanxiang.catalog import demo as catalog_demo
    from sanxiang.documents import demo as documents_demo

    out = io.StringIO()
    accounts_demo.load_demo(out)
    catalog_demo.load_demo(out)
    documents_demo.load_demo(out)  # the types and templates (the cases' decisions need them)
    cases_demo.load_demo(out)
    documents_demo.load_demo(out)
    publicity_demo.load_demo(out)
    return out


def test_the_demo_publishes_withdraws_and_hides_personal_values(demo):
    published = PublishedDecision.objects.all()
    assert published.filter(withdrawn_at__isnull=True).count() >= 2
    withdrawn = published.get(withdrawn_at__isnull=False)
    assert "撤销" in withdrawn.withdrawal_reason and "某区人民政府" in withdrawn.withdrawal_reason
    assert not Disclosure.objects.filter(status=Disclosure.Status.PENDING).exists()
    assert RegistryVersion.objects.values("section").distinct().count() == len(RegistryVersion.Section.values)
    assert PublicCertificate.objects.exists()
    hidden = [publicity_demo.PERSON["id_number"], publicity_demo.PERSON["contact"], publicity_demo.PERSON["address"],
              "孙桂兰", "周志明"]  # fmt: skip
    for row in published:
        for value in hidden:
            assert value not in row.text and value not in row.search_text, (row.number, value)
    person = published.get(
        party_name=publicity_demo.PERSON["name"]
    )  # a party's own name stays (policy default)
    assert "430602" in person.text and "0038" in person.text  # the ID number, masked: 430602********0038


def test_loading_the_demo_twice_publishes_nothing_new(demo):
    before = (PublishedDecision.objects.count(), RegistryVersion.objects.count(), Disclosure.objects.count())
    assert publicity_demo.load_demo(io.StringIO()) == 0
    assert (
        PublishedDecision.objects.count(),
        RegistryVersion.objects.count(),
        Disclosure.objects.count(),
    ) == before
