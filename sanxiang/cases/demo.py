"""Demo cases, driven through the services so that ``sanxiang demo`` shows the workflow at work.

Needs the accounts and catalog demos first. Idempotent: a demo case is recognised by its source text
(``演示：…``) and created only when missing. Dates are relative to the day the demo is loaded.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts import codes
from sanxiang.accounts.models import User
from sanxiang.cases import activity_services as activities
from sanxiang.cases import execution_services as execution
from sanxiang.cases import services
from sanxiang.cases.models import Case
from sanxiang.catalog.models import EnforcementItem
from sanxiang.documents import case_services as documents
from sanxiang.documents.selectors import reserved_prenumbers
from sanxiang.review import checklist
from sanxiang.review import services as review

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f6"
    "5e5b0000000049454e44ae426082"
)
OK = {item.code: {"ok": True, "note": ""} for item in checklist.ITEMS}


def _org(name: str, body: str) -> dict:
    return {"kind": "organisation", "name": name, "legal_representative": "王某某", "address": "某区人民路 88 号",
            "credit_code": codes.make_credit_code(registration="9", kind="1", division="430602", body=body)}  # fmt: skip


def _people() -> dict[str, User]:
    names = ("zhangwei", "huangwei", "hejun", "chenzhiqiang", "maxiaoyan", "wangjianguo")
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _register(
    p, source: str, party: dict, *, procedure="general", kinds=("warning", "fine"), fine="3000"
) -> Case:
    today = timezone.localdate()
    item = EnforcementItem.objects.current().get(code="public_places.unlicensed")
    return services.case_register(
        actor=p["zhangwei"], item=item, procedure=procedure, source=source, party=party,
        officers=[(p["zhangwei"], "lead"), (p["huangwei"], "assistant")],
        facts="未取得公共场所卫生许可证擅自营业。", violation_occurred_on=today - dt.timedelta(days=10),
        penalty_kinds=list(kinds), fine=fine,
    )  # fmt: skip


def _inspect(p, case: Case, kind: str = "inspection") -> None:
    started = timezone.now() - dt.timedelta(hours=2)
    activity = activities.activity_record(
        actor=p["zhangwei"], case=case, kind=kind, officers=[p["zhangwei"], p["huangwei"]], started_at=started,
        place="某区人民路 88 号", record="现场检查：经营场所未悬挂卫生许可证，正在营业。", credentials_shown=True,
    )  # fmt: skip
    activities.activity_sign(
        actor=p["zhangwei"], activity=activity, signer="party", image_png=PNG, signer_name="王某某"
    )
    for officer in (p["zhangwei"], p["huangwei"]):
        activities.activity_sign(
            actor=p["zhangwei"], activity=activity, signer="officer", officer=officer, image_png=PNG,
            signer_name=str(officer),
        )  # fmt: skip
    activities.activity_complete(actor=p["zhangwei"], activity=activity)


def _submit(p, case: Case) -> None:
    review.review_submit(actor=p["zhangwei"], case=case, report="调查终结报告：违法事实清楚。",
                         proposed_decision="警告，罚款 3000 元", reasons="《公共场所卫生管理条例实施细则》第三十五条",
                         evidence_list="现场笔录、照片、营业执照复印件")  # fmt: skip


def _issue(p, case: Case, type_code: str, *, by: str = "zhangwei", issuer: str = "", prenumber=None) -> None:
    """Draft a document from the case and issue it (no PDF in the demo: the worker makes it later)."""
    case = Case.objects.get(pk=case.pk)  # the state and dates the services just wrote
    draft = documents.case_document_draft(actor=p[by], case=case, type_code=type_code)
    documents.case_document_issue(
        actor=p[issuer or by], case=case, document=draft, prenumber=prenumber, pdf=False
    )


def _investigating(p, source, party) -> Case:
    case = _register(p, source, party)
    services.case_file(actor=p["chenzhiqiang"], case=case)
    _inspect(p, case)
    return case


SCENARIOS = []


def scenario(source: str):
    def register(func):
        SCENARIOS.append((source, func))
        return func

    return register


@scenario("演示：简易程序当场处罚")
def _simplified(p, source):
    case = _register(
        p, source, _org("某某理发店", "MA1000001"), procedure="simplified", kinds=("fine",), fine="200"
    )
    forms = reserved_prenumbers(case.agency)
    if not forms:
        raise RuntimeError("演示：没有预编号的当场处罚决定书（请先载入执法文书演示数据）。")
    _issue(p, case, "on_the_spot_decision", prenumber=forms[0])  # the pre-printed form (处罚法第五十二条)
    services.case_decide_on_the_spot(actor=p["zhangwei"], case=case, credentials_shown=True)


@scenario("演示：一般程序调查取证中")
def _investigation(p, source):
    _investigating(p, source, _org("某某宾馆有限公司", "MA1000002"))


@scenario("演示：法制审核中")
def _in_review(p, source):
    case = _investigating(p, source, _org("某某游泳馆", "MA1000003"))
    services.case_end_investigation(actor=p["chenzhiqiang"], case=case)
    _submit(p, case)


@scenario("演示：审核存在问题后重新送审")
def _returned(p, source):
    case = _investigating(p, source, _org("某某足浴店", "MA1000004"))
    services.case_end_investigation(actor=p["chenzhiqiang"], case=case)
    _submit(p, case)
    review.review_opinion_sign(actor=p["maxiaoyan"], case=case,
                               findings={**OK, "evidence": {"ok": False, "note": "缺少营业时间的证据"}})  # fmt: skip
    _submit(p, case)


@scenario("演示：已决定、送达并缴款")
def _decided(p, source):
    case = _investigating(p, source, _org("某某美容美发有限公司", "MA1000005"))
    services.case_end_investigation(actor=p["chenzhiqiang"], case=case)
    _submit(p, case)
    review.review_opinion_sign(actor=p["maxiaoyan"], case=case, findings=OK)
    _issue(p, case, "penalty_notice")
    services.case_notify(actor=p["zhangwei"], case=case)
    services.case_record_statement(actor=p["zhangwei"], case=case, waived=True, hearing_waived=True)
    services.case_close_statement_period(actor=p["zhangwei"], case=case)
    _issue(p, case, "penalty_decision", issuer="wangjianguo")  # drafted by the officer, issued by the leader
    services.case_decide(actor=p["wangjianguo"], case=case)
    services.case_serve(actor=p["zhangwei"], case=case, method="direct", signed_on=timezone.localdate())
    execution.payment_record(actor=p["zhangwei"], case=case, amount="3000", receipt_number="DEMO-BANK-0001")


@scenario("演示：首违不罚")
def _first_violation(p, source):
    case = _investigating(p, source, _org("某某茶馆", "MA1000006"))
    services.case_end_investigation(actor=p["chenzhiqiang"], case=case)
    activity = activities.activity_record(
        actor=p["zhangwei"], case=case, kind="education", officers=[p["zhangwei"], p["huangwei"]],
        started_at=timezone.now(), place="某区人民路 88 号", record="宣讲《公共场所卫生管理条例》，当事人已改正。",
    )  # fmt: skip
    activities.activity_complete(actor=p["zhangwei"], activity=activity)
    services.case_decide_no_penalty(actor=p["wangjianguo"], case=case, ground="first_violation")


def load_demo(stdout) -> int:
    """Create the demo cases that are missing; returns how many were created."""
    people = _people()
    if len(people) < 6:
        stdout.write("演示案件：缺少演示人员，跳过（请先载入人员演示数据）。")
        return 0
    created = 0
    for source, func in SCENARIOS:
        if Case.objects.filter(source=source).exists():
            continue
        with transaction.atomic():
            func(people, source)
        created += 1
    stdout.write(f"演示案件：新增 {created} 件（共 {len(SCENARIOS)} 种情形）。")
    return created
