"""The demo cases are created through the services, in the states they claim, once."""

from __future__ import annotations

import io

import pytest

from sanxiang.accounts import demo as accounts_demo
from sanxiang.cases import demo
from sanxiang.cases.models import Case
from sanxiang.catalog import demo as catalog_demo


@pytest.mark.django_db
def test_demo_cases_show_the_workflow_and_loading_twice_adds_nothing(local_storage):
    from sanxiang.documents import demo as documents_demo

    out = io.StringIO()
    accounts_demo.load_demo(out)
    catalog_demo.load_demo(out)
    documents_demo.load_demo(out)  # the document types and pre-numbered forms the demo cases issue
    assert demo.load_demo(out) == 6
    assert demo.load_demo(out) == 0
    assert dict(Case.objects.values_list("source", "status")) == {
        "演示：简易程序当场处罚": "on_the_spot",
        "演示：一般程序调查取证中": "investigating",
        "演示：法制审核中": "in_review",
        "演示：审核存在问题后重新送审": "in_review",
        "演示：已决定、送达并缴款": "executing",
        "演示：首违不罚": "not_penalized",
    }
