"""Demo publicity: every issued decision of the demo gets its disclosure record; two more demo cases are walked
through the services — a natural person's case (masks over the ID number, phone, address and a witness) and a
company's case that is published and then revoked by 复议 (withdrawn with its public reason); the pending
disclosures are confirmed and published by 徐丽 (xuli, 公示管理员); the pre-disclosure registry is published.

Needs the accounts, catalog, cases and documents demos first. Idempotent: a demo case is recognised by its
source text and a disclosure by its document.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sanxiang.publicity import rules, services
from sanxiang.publicity.models import Disclosure

PERSON_CASE = "演示：自然人当事人（公示遮盖）"
REVOKED_CASE = "演示：公示后经复议撤销"
PERSON = {"kind": "person", "name": "赵建国", "id_number": "430602198503150038", "contact": "13907301234",
          "address": "某区金鹗路锦绣家园5栋1203室", "credit_code": "", "legal_representative": ""}  # fmt: skip


def _walk(people, source: str, party: dict, witness: str):
    from sanxiang.cases import activity_services as activities
    from sanxiang.cases import demo as cases_demo
    from sanxiang.cases import services as cases

    case = cases_demo._register(people, source, party)
    cases.case_file(actor=people["chenzhiqiang"], case=case)
    activity = activities.activity_record(
        actor=people["zhangwei"], case=case, kind="inquiry", officers=[people["zhangwei"], people["huangwei"]],
        started_at=timezone.now() - dt.timedelta(hours=3), place="某区人民路 88 号",
        record=f"询问笔录：当事人{party['name']}（电话{party.get('contact') or '无'}）称未办理卫生许可证。见证人{witness}在场。",
        credentials_shown=True, other_participants=f"见证人：{witness}", av_recorded=True,
    )  # fmt: skip
    for officer in (people["zhangwei"], people["huangwei"]):
        activities.activity_sign(actor=people["zhangwei"], activity=activity, signer="officer", officer=officer,
                                 image_png=cases_demo.PNG, signer_name=str(officer))  # fmt: skip
    signer = party["legal_representative"] or party["name"]
    activities.activity_sign(actor=people["zhangwei"], activity=activity, signer="party",
                             image_png=cases_demo.PNG, signer_name=signer)  # fmt: skip
    activities.activity_sign(actor=people["zhangwei"], activity=activity, signer="witness",
                             image_png=cases_demo.PNG, signer_name=witness)  # fmt: skip
    activities.activity_complete(actor=people["zhangwei"], activity=activity)
    cases.case_end_investigation(actor=people["chenzhiqiang"], case=case)
    cases_demo._submit(people, case)
    from sanxiang.review import services as review

    review.review_opinion_sign(actor=people["maxiaoyan"], case=case, findings=cases_demo.OK)
    cases_demo._issue(people, case, "penalty_notice")
    cases_demo._issue(
        people, case, "hearing_notice"
    )  # a citizen's fine of 3000 yuan carries the hearing right
    cases.case_notify(actor=people["zhangwei"], case=case)
    cases.case_record_statement(actor=people["zhangwei"], case=case, waived=True, hearing_waived=True)
    cases.case_close_statement_period(actor=people["zhangwei"], case=case)
    cases_demo._issue(
        people, case, "penalty_decision", issuer="wangjianguo"
    )  # the hook creates the disclosure
    cases.case_decide(actor=people["wangjianguo"], case=case)
    return case


def _disclose_missing(actor) -> int:
    """Disclosure records for issued decisions that have none (documents issued before this app existed)."""
    from sanxiang.documents.models import Document

    made = 0
    issued = Document.objects.filter(status=Document.Status.ISSUED, type__code__in=list(rules.DECISION_TYPES),
                                     disclosure__isnull=True).select_related("type", "agency", "number")  # fmt: skip
    for document in issued:
        with transaction.atomic():
            made += services.disclosure_create(actor=actor, document=document) is not None
    return made


def load_demo(stdout) -> int:
    """Returns how many decisions were published now."""
    from sanxiang.accounts.models import User
    from sanxiang.cases import demo as cases_demo
    from sanxiang.cases import services as cases
    from sanxiang.cases.models import Case

    admin = User.objects.filter(username="xuli").first()
    people = cases_demo._people()
    if admin is None or len(people) < 6:
        stdout.write("执法公示：缺少演示人员，跳过。")
        return 0
    _disclose_missing(admin)
    for source, party, witness in (
        (PERSON_CASE, PERSON, "孙桂兰"),
        (REVOKED_CASE, cases_demo._org("某某足道养生馆", "MA1000007"), "周志明"),
    ):
        if not Case.objects.filter(source=source).exists():
            with transaction.atomic():
                _walk(people, source, party, witness)
    published = 0
    for disclosure in Disclosure.objects.filter(status=Disclosure.Status.PENDING).order_by("id"):
        services.disclosure_confirm(actor=admin, disclosure=disclosure)
        published += 1
    revoked = Case.objects.filter(source=REVOKED_CASE).first()
    if revoked is not None and not revoked.changes.exists():
        cases.case_change_decision(actor=people["wangjianguo"], case=revoked, kind="revoke",
                                   deciding_body="某区人民政府", reason="演示：行政复议决定撤销原处罚决定",
                                   decided_on=timezone.localdate())  # fmt: skip
    services.certificates_public_sync_all(actor=admin)
    sections = services.registry_publish(actor=admin)
    stdout.write(f"执法公示：公开决定 {published} 件，事前公开栏目更新 {len(sections)} 个。")
    return published
