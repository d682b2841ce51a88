"""When a document counts as served (sanxiang.cases.service)."""

from __future__ import annotations

import pytest

from sanxiang.cases.service import ServiceMethod, ServiceRecord, served_on
from sanxiang.core.errors import InvalidInput
from tests.cases.facts import D

M = ServiceMethod


@pytest.mark.parametrize(
    "record, answer",
    [
        (ServiceRecord(M.ON_THE_SPOT, signed_on=D("2025-05-06")), "2025-05-06"),
        (ServiceRecord(M.DIRECT, signed_on=D("2025-05-07")), "2025-05-07"),
        (ServiceRecord(M.LEFT, left_on=D("2025-05-08"), witness_or_recording=True), "2025-05-08"),
        (ServiceRecord(M.POSTAL, receipt_on=D("2025-05-12")), "2025-05-12"),
        (ServiceRecord(M.ELECTRONIC, reached_on=D("2025-05-09"), consent_signed=True), "2025-05-09"),
        (ServiceRecord(M.ANNOUNCEMENT, announced_on=D("2025-05-01")), "2025-05-31"),  # 经过三十日
    ],
    ids=lambda v: v.method.value if isinstance(v, ServiceRecord) else v,
)
def test_service_date_follows_the_method(record, answer):
    assert served_on(record) == D(answer)


@pytest.mark.parametrize(
    "record, message",
    [
        (ServiceRecord(M.ELECTRONIC, reached_on=D("2025-05-09")), "确认书"),
        (ServiceRecord(M.LEFT, left_on=D("2025-05-08")), "见证人"),
        (ServiceRecord(M.POSTAL), "回执"),
        (ServiceRecord(M.DIRECT), "签收日期"),
        (ServiceRecord(M.ANNOUNCEMENT), "公告发出日期"),
    ],
)
def test_service_without_its_proof_is_refused(record, message):
    with pytest.raises(InvalidInput, match=message):
        served_on(record)


def test_announcement_period_is_a_parameter():
    assert served_on(ServiceRecord(M.ANNOUNCEMENT, announced_on=D("2025-05-01")), announcement_days=60) == D(
        "2025-06-30"
    )
