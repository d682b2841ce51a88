"""Catalog admin: "change" publishes a new version, history is read-only, nothing can be deleted."""

from __future__ import annotations

import io

import pytest
from django.forms.models import model_to_dict

from sanxiang.catalog import demo
from sanxiang.catalog.models import EnforcementItem, ReviewRule


@pytest.fixture
def catalog(db):
    demo.load_demo(io.StringIO())


def _post_data(row, **changes):
    data = {
        k: ("" if v is None else v) for k, v in model_to_dict(row).items() if k not in {"id", "supersedes"}
    }
    data.update(changes)
    return data


def test_saving_a_change_publishes_a_new_version(admin_client, catalog):
    rule = ReviewRule.objects.get(code="review.fine_person")
    url = f"/admin/catalog/reviewrule/{rule.pk}/change/"
    response = admin_client.post(
        url,
        _post_data(
            rule, amount="5000", change_note="清单修订：公民五千元以上", new_version_from="2026-01-01"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = list(ReviewRule.objects.filter(code="review.fine_person").order_by("version"))
    assert [str(r.amount) for r in rows] == ["10000.00", "5000.00"]
    assert rows[0].effective_to.isoformat() == "2025-12-31"


def test_a_change_without_a_new_version_date_is_refused(admin_client, catalog):
    rule = ReviewRule.objects.get(code="review.fine_person")
    response = admin_client.post(
        f"/admin/catalog/reviewrule/{rule.pk}/change/", _post_data(rule, amount="5000")
    )
    assert response.status_code == 200 and "新版本生效日期" in response.content.decode()
    assert ReviewRule.objects.filter(code="review.fine_person").count() == 1


def test_nothing_can_be_deleted(admin_client, catalog):
    item = EnforcementItem.objects.first()
    assert admin_client.get(f"/admin/catalog/enforcementitem/{item.pk}/delete/").status_code in (302, 403)
    assert EnforcementItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("model", ["enforcementitem", "discretionbenchmark", "reviewrule", "inspectionitem"])
def test_catalog_admin_pages_open(admin_client, catalog, model):
    assert admin_client.get(f"/admin/catalog/{model}/").status_code == 200
