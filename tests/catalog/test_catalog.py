"""The catalog: seed, versioning (a change is a new version; nothing is deleted), and what is in force when."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from sanxiang.catalog import demo, seed, selectors, services
from sanxiang.catalog.models import DiscretionBenchmark, EnforcementItem, InspectionItem, ReviewRule
from sanxiang.catalog.penalties import PartyKind, Procedure, ProposedPenalty
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.records.models import Event

D = dt.date.fromisoformat
P = ProposedPenalty.of


@pytest.fixture
def catalog(db):
    return demo.load_demo(io.StringIO())


def test_seed_creates_at_least_eight_items_with_legal_basis(catalog):
    assert catalog["items"] >= 8 and catalog["benchmarks"] >= 4
    for item in EnforcementItem.objects.all():
        assert item.law_name.startswith("《") and item.article.startswith("第") and item.article_text
        assert item.article_text_is_summary  # seed texts are summaries until checked against the gazette
    assert {i.field.code for i in EnforcementItem.objects.all()} >= {
        "public_places",
        "drinking_water",
        "medical",
        "radiation",
        "infectious_disease",
        "occupational",
        "school",
    }


def test_seed_is_idempotent(catalog):
    again = demo.load_demo(io.StringIO())
    assert again == {"items": 0, "benchmarks": 0, "review_rules": 0, "inspection_items": 0}
    assert EnforcementItem.objects.count() == len(seed.ITEMS)


def test_every_catalog_write_is_logged(catalog):
    logged = Event.objects.filter(action__startswith="catalog_").count()
    assert logged == len(seed.ITEMS) + len(seed.BENCHMARKS) + len(seed.REVIEW_RULES) + len(
        seed.INSPECTION_ITEMS
    )


def test_inspection_list_has_every_published_column(catalog):
    row = InspectionItem.objects.get(code="insp.public_places.swimming")
    for column in (
        "matter",
        "sub_item",
        "basis",
        "subject",
        "target",
        "ratio",
        "frequency",
        "method",
        "inspector_requirements",
    ):
        assert getattr(row, column), column


def test_new_version_closes_the_old_one_and_keeps_it(catalog):
    old = EnforcementItem.objects.get(code="medical.unlicensed_practice")
    new = services.version_publish(
        actor=None,
        current=old,
        effective_from=D("2026-01-01"),
        change_note="条文核对后更新",
        changes={
            "article_text": "未取得《医疗机构执业许可证》擅自执业的（核对后原文）",
            "article_text_is_summary": False,
        },
    )
    old.refresh_from_db()
    assert old.effective_to == D("2025-12-31") and new.version == 2 and new.supersedes == old
    assert new.field_id == old.field_id and new.law_name == old.law_name
    assert selectors.item_in_force(code=old.code, on=D("2025-12-31")) == old
    assert selectors.item_in_force(code=old.code, on=D("2026-01-01")) == new
    assert list(selectors.item_history(code=old.code)) == [old, new]
    assert Event.objects.filter(action="catalog_enforcementitem.new_version", subject_id=str(new.pk)).exists()


def test_a_closed_version_cannot_be_revised(catalog):
    old = EnforcementItem.objects.get(code="school.teaching_facilities")
    services.version_publish(actor=None, current=old, effective_from=D("2026-01-01"), change_note="x")
    with pytest.raises(Conflict):
        services.version_publish(actor=None, current=old, effective_from=D("2026-02-01"), change_note="y")


def test_new_version_must_start_after_the_current_one(catalog):
    item = EnforcementItem.objects.get(code="school.teaching_facilities")
    with pytest.raises(InvalidInput, match="晚于"):
        services.version_publish(actor=None, current=item, effective_from=seed.SEED_FROM, change_note="x")


def test_benchmark_new_version_copies_its_levels_unless_given(catalog):
    old = DiscretionBenchmark.objects.get(code="public_places.unlicensed.b1")
    new = services.version_publish(
        actor=None, current=old, effective_from=D("2026-03-01"), change_note="复制"
    )
    assert [lv.level for lv in new.levels.all()] == [lv.level for lv in old.levels.all()]
    assert old.levels.count() == 4  # the old version keeps its levels


def test_benchmark_levels_are_checked(db, catalog):
    item = EnforcementItem.objects.get(code="public_places.unlicensed")
    bad = [{"level": "minor", "circumstances": "x", "penalty_kinds": ["flogging"]}]
    with pytest.raises(InvalidInput, match="处罚种类"):
        services.benchmark_create(
            actor=None,
            code="b.x",
            effective_from=D("2025-01-01"),
            item=item,
            violation="v",
            source="s",
            levels=bad,
        )


def test_retired_review_rule_is_no_longer_in_force(catalog):
    rule = ReviewRule.objects.get(code="review.outside_benchmark")
    services.version_retire(actor=None, current=rule, effective_to=D("2025-12-31"), reason="清单修订")
    codes = {r.code for r in selectors.review_rules_in_force(on=D("2026-01-01"))}
    assert "review.outside_benchmark" not in codes and "review.general_procedure" in codes


def test_duplicate_code_is_refused(catalog):
    item = EnforcementItem.objects.first()
    with pytest.raises(Conflict):
        services.item_create(
            actor=None,
            code=item.code,
            effective_from=D("2025-01-01"),
            name="x",
            kind="penalty",
            field=item.field,
            law_name="《x》",
            article="第一条",
            article_text="x",
        )


@pytest.mark.parametrize(
    "procedure, penalty, party, hearing, within, expected",
    [
        (Procedure.GENERAL, P("warning"), PartyKind.PERSON, False, True, ["review.general_procedure"]),
        (Procedure.SIMPLIFIED, P("warning"), PartyKind.PERSON, False, True, []),
        (
            Procedure.SIMPLIFIED,
            P("fine", fine="10000"),
            PartyKind.PERSON,
            False,
            True,
            ["review.fine_person"],
        ),
        (Procedure.SIMPLIFIED, P("fine", fine="9999.99"), PartyKind.PERSON, False, True, []),
        (
            Procedure.SIMPLIFIED,
            P("fine", fine="100000"),
            PartyKind.ORGANISATION,
            False,
            True,
            ["review.fine_org"],
        ),
        (Procedure.SIMPLIFIED, P("fine", fine="99999"), PartyKind.ORGANISATION, False, True, []),
        (
            Procedure.SIMPLIFIED,
            P("suspend_business"),
            PartyKind.ORGANISATION,
            False,
            True,
            ["review.suspension"],
        ),
        (
            Procedure.SIMPLIFIED,
            P("revoke_licence"),
            PartyKind.ORGANISATION,
            False,
            True,
            ["review.revocation"],
        ),
        (Procedure.SIMPLIFIED, P("warning"), PartyKind.PERSON, True, True, ["review.hearing"]),
        (Procedure.SIMPLIFIED, P("warning"), PartyKind.PERSON, False, False, ["review.outside_benchmark"]),
    ],
)
def test_review_required_follows_the_list_in_force(
    catalog, procedure, penalty, party, hearing, within, expected
):
    texts = {r.text: r.code for r in ReviewRule.objects.all()}
    reasons = selectors.review_required(
        item=None,
        procedure=procedure,
        proposed_penalty=penalty,
        went_through_hearing=hearing,
        within_benchmark=within,
        party_kind=party,
        on=D("2025-06-01"),
    )
    assert sorted(texts[r] for r in reasons) == sorted(expected)


def test_review_list_before_it_took_effect_requires_nothing(catalog):
    reasons = selectors.review_required(
        item=None,
        procedure=Procedure.GENERAL,
        proposed_penalty=P("revoke_licence"),
        went_through_hearing=True,
        within_benchmark=False,
        party_kind=PartyKind.PERSON,
        on=D("2023-12-31"),
    )
    assert reasons == []


@pytest.mark.parametrize(
    "penalty, within",
    [
        (P("warning", "fine", fine="500"), True),
        (P("warning", "fine", fine="30000"), True),
        (P("warning", "fine", fine="30000.01"), False),
        (P("warning", "fine", fine="499"), False),
        (P("revoke_licence"), False),
    ],
)
def test_within_benchmark(catalog, penalty, within):
    benchmark = selectors.benchmarks_for(item_code="public_places.unlicensed", on=D("2025-06-01")).get()
    assert selectors.within_benchmark(benchmark=benchmark, penalty=penalty) is within


def test_items_in_force_by_field(catalog):
    items = selectors.items_in_force(on=D("2025-06-01"), field_code="radiation")
    assert {i.code for i in items} == {"radiation.unlicensed_practice", "radiation.no_dose_monitoring"}
    assert Decimal("0") == Decimal(0)
