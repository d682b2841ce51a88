"""Shared builders for the pure case-rule tests: a calendar and CaseFacts with two qualified officers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sanxiang.cases.rules import CaseFacts, OfficerCredential
from sanxiang.core.workdays import WorkCalendar, builtin_schedules

D = dt.date.fromisoformat
CAL = WorkCalendar(builtin_schedules().values())

# Alice and Carol: valid certificates in 公共场所卫生 until 2029. Bob: expired. Dave: 医疗卫生 only.
ALICE = OfficerCredential(1, "A-0001", frozenset({"public_places"}), D("2029-12-31"))
CAROL = OfficerCredential(3, "C-0001", frozenset({"public_places", "drinking_water"}), D("2029-12-31"))
BOB_EXPIRED = OfficerCredential(2, "B-0001", frozenset({"public_places"}), D("2025-01-31"))
DAVE_MEDICAL = OfficerCredential(4, "D-0001", frozenset({"medical"}), D("2029-12-31"))

BASE = CaseFacts(
    today=D("2025-06-02"),
    calendar=CAL,
    field_code="public_places",
    officers=(ALICE, CAROL),
    handler_ids=frozenset({1, 3}),
    credentials_shown=True,
)


def facts(**changes) -> CaseFacts:
    return replace(BASE, **changes)
