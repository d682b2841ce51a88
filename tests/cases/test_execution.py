"""Execution of a fine (sanxiang.cases.execution): due date, late fee, instalments, the court window."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.cases import execution
from sanxiang.cases.execution import Instalment
from sanxiang.cases.rules import Period
from tests.cases.facts import CAL, D


@pytest.mark.parametrize(
    "served, due",
    [
        ("2025-05-06", "2025-05-21"),
        ("2025-09-20", "2025-10-09"),  # 15 days end on 10-05, inside National Day: next working day
        ("2025-01-20", "2025-02-05"),  # ends 02-04 (Spring Festival holiday): next working day 02-05
    ],
)
def test_fine_is_due_fifteen_days_after_service(served, due):
    assert execution.payment_due_on(D(served), CAL).date == D(due)


@pytest.mark.parametrize(
    "on, paid_on, days, amount, capped",
    [
        ("2025-06-03", None, 0, "0.00", False),  # the due day itself
        ("2025-06-04", None, 1, "30.00", False),
        ("2025-06-13", None, 10, "300.00", False),
        ("2025-07-06", None, 33, "990.00", False),
        ("2025-07-07", None, 34, "1000", True),  # 1,020 capped at the fine (art. 72(一))
        ("2026-01-01", None, 212, "1000", True),
        ("2025-06-20", "2025-06-08", 5, "150.00", False),  # paid: accrual stops on the payment day
    ],
)
def test_late_fee_is_three_percent_a_day_capped_at_the_fine(on, paid_on, days, amount, capped):
    fee = execution.late_fee(
        fine=Decimal("1000"), due_on=D("2025-06-03"), on=D(on), paid_on=D(paid_on) if paid_on else None
    )
    assert (fee.days, fee.amount, fee.capped) == (days, Decimal(amount), capped)


def test_late_fee_is_not_counted_during_reconsideration_or_litigation():
    remedy = Period(D("2025-06-05"), D("2025-06-10"), "行政复议")  # 5 days
    fee = execution.late_fee(
        fine=Decimal("1000"), due_on=D("2025-06-03"), on=D("2025-06-13"), not_counted=[remedy]
    )
    assert fee.days == 5 and fee.amount == Decimal("150.00")


def test_late_fee_stops_while_litigation_is_still_running():
    suit = Period(D("2025-06-08"), None, "行政诉讼")
    fee = execution.late_fee(
        fine=Decimal("1000"), due_on=D("2025-06-03"), on=D("2025-09-01"), not_counted=[suit]
    )
    assert fee.days == 4  # 06-04 .. 06-07


def test_late_fee_rounds_to_the_fen():
    fee = execution.late_fee(fine=Decimal("333.33"), due_on=D("2025-06-03"), on=D("2025-06-04"))
    assert fee.amount == Decimal("10.00")  # 9.9999 -> 10.00


def test_instalment_late_fee_is_on_the_overdue_instalments_only():
    plan = [
        Instalment(D("2025-06-30"), Decimal("5000"), paid_on=D("2025-06-30")),
        Instalment(D("2025-07-31"), Decimal("5000")),
    ]
    fee = execution.instalment_late_fee(fine=Decimal("10000"), instalments=plan, on=D("2025-08-05"))
    assert fee.amount == Decimal("750.00") and not fee.capped  # 5,000 x 3 % x 5 days


def test_instalment_late_fee_is_capped_at_the_whole_fine():
    plan = [Instalment(D("2025-01-31"), Decimal("5000")), Instalment(D("2025-02-28"), Decimal("5000"))]
    fee = execution.instalment_late_fee(fine=Decimal("10000"), instalments=plan, on=D("2025-12-31"))
    assert fee.amount == Decimal("10000") and fee.capped


@pytest.mark.parametrize(
    "day, months, answer",
    [("2025-01-31", 1, "2025-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2025-11-15", 3, "2026-02-15")],
)
def test_adding_months_clamps_to_the_end_of_a_short_month(day, months, answer):
    assert execution.add_months(D(day), months) == D(answer)


def test_court_window_opens_after_the_litigation_period_and_ten_working_days_after_the_reminder():
    window = execution.court_application_window(
        served_on=D("2025-01-10"), reminder_served_on=D("2025-07-01"), calendar=CAL
    )
    assert window.remedy_period_ends_on == D("2025-07-10")  # 6 months (行政诉讼法 art. 46) beats 60 days
    assert window.reminder_ends_on == D("2025-07-15")  # 10 working days (强制法 art. 54, 69)
    assert window.opens_on == D("2025-07-16")
    assert window.closes_on == D("2025-10-10")  # 3 months after the period expired (强制法 art. 53)


def test_court_window_counts_from_the_end_of_an_approved_deferral():
    window = execution.court_application_window(
        served_on=D("2025-01-10"),
        reminder_served_on=D("2025-07-01"),
        calendar=CAL,
        deferral_ends_on=D("2025-09-30"),
    )
    assert window.opens_on == D("2025-10-01")
    assert window.closes_on == D("2025-12-30")  # 处罚法 art. 72 para 2


def test_court_window_close_moves_off_a_holiday():
    window = execution.court_application_window(
        served_on=D("2024-04-01"), reminder_served_on=D("2024-09-02"), calendar=CAL
    )
    # 6 months: 2024-10-01 (National Day) -> 10-08; + 3 months = 2025-01-08
    assert window.remedy_period_ends_on == D("2024-10-08")
    assert window.closes_on == D("2025-01-08")
