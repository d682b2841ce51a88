"""The case workflow (行政处罚案件流程): one transition table, and the function that checks a transition.

A pure module, no Django. Every status change of a case is a row of :data:`TRANSITIONS`: the state it leaves,
the action, the state it reaches, who may do it (role codes of ``accounts.models.Role``, copied as strings so
this module needs no Django), the guards (pure functions in :mod:`sanxiang.cases.rules`, named here), the
deadlines the step starts and stops (:data:`DEADLINES`), and a Chinese description. ``docs/workflow.md`` is
generated from this table (``sanxiang workflow diagram``); a test keeps them equal.

Only the workflow service assigns ``case.status``, after :func:`check_transition` said :class:`Allowed`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sanxiang.cases.rules import DOCUMENT_GUARDS, GUARDS, CaseFacts

# accounts.models.Role codes (copied: this module must not import Django).
OFFICER = "officer"
UNIT_HEAD = "unit_head"
LEGAL_REVIEWER = "legal_reviewer"
LEADER = "leader"
ROLE_LABELS = {
    OFFICER: "执法人员",
    UNIT_HEAD: "承办机构负责人",
    LEGAL_REVIEWER: "法制审核人员",
    LEADER: "机关负责人",
}


class State(enum.StrEnum):
    """The states of a penalty case; ``label`` is the Chinese name shown to users."""

    REGISTERED = "registered"
    NOT_FILED = "not_filed"
    ON_THE_SPOT = "on_the_spot"
    INVESTIGATING = "investigating"
    INVESTIGATION_ENDED = "investigation_ended"
    IN_REVIEW = "in_review"
    REVIEWED = "reviewed"
    NOTIFIED = "notified"
    HEARING_REQUESTED = "hearing_requested"
    HEARING_SCHEDULED = "hearing_scheduled"
    HEARING_HELD = "hearing_held"
    IN_REVIEW_AFTER_HEARING = "in_review_after_hearing"
    AWAITING_DECISION = "awaiting_decision"
    COLLECTIVE_DISCUSSION = "collective_discussion"
    DECIDED = "decided"
    EXECUTING = "executing"
    REMINDED = "reminded"
    COURT_ENFORCEMENT = "court_enforcement"
    EXECUTED = "executed"
    NOT_PENALIZED = "not_penalized"
    TRANSFER_PENDING = "transfer_pending"
    TRANSFER_APPROVED = "transfer_approved"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    CONFIRMED_ILLEGAL = "confirmed_illegal"
    VOID = "void"
    CLOSED = "closed"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[State, str] = {
    State.REGISTERED: "案源登记",
    State.NOT_FILED: "不予立案",
    State.ON_THE_SPOT: "当场处罚（简易程序）",
    State.INVESTIGATING: "调查取证",
    State.INVESTIGATION_ENDED: "调查终结",
    State.IN_REVIEW: "法制审核",
    State.REVIEWED: "审核通过",
    State.NOTIFIED: "事先告知（陈述申辩）",
    State.HEARING_REQUESTED: "听证申请",
    State.HEARING_SCHEDULED: "听证通知",
    State.HEARING_HELD: "听证结束",
    State.IN_REVIEW_AFTER_HEARING: "听证后法制审核",
    State.AWAITING_DECISION: "待决定",
    State.COLLECTIVE_DISCUSSION: "集体讨论",
    State.DECIDED: "已决定（待送达）",
    State.EXECUTING: "执行",
    State.REMINDED: "已催告",
    State.COURT_ENFORCEMENT: "申请法院强制执行",
    State.EXECUTED: "执行完毕",
    State.NOT_PENALIZED: "不予处罚",
    State.TRANSFER_PENDING: "移送待批",
    State.TRANSFER_APPROVED: "批准移送",
    State.TRANSFERRED: "已移送司法机关",
    State.WITHDRAWN: "撤销立案",
    State.SUSPENDED: "中止",
    State.REVOKED: "决定已撤销",
    State.CONFIRMED_ILLEGAL: "确认违法",
    State.VOID: "确认无效",
    State.CLOSED: "结案",
    State.ARCHIVED: "归档",
}

INITIAL = State.REGISTERED
TERMINAL = frozenset({State.NOT_FILED, State.ARCHIVED})
# The main line of the general procedure, in order (for the case page's "where it stands").
MAIN_LINE = (
    State.REGISTERED,
    State.INVESTIGATING,
    State.INVESTIGATION_ENDED,
    State.IN_REVIEW,
    State.REVIEWED,
    State.NOTIFIED,
    State.AWAITING_DECISION,
    State.DECIDED,
    State.EXECUTING,
    State.EXECUTED,
    State.CLOSED,
    State.ARCHIVED,
)
# States in which the 90-day decision clock runs: the case may be suspended, extended or have time excluded.
PRE_DECISION = (
    State.INVESTIGATING,
    State.INVESTIGATION_ENDED,
    State.IN_REVIEW,
    State.REVIEWED,
    State.NOTIFIED,
    State.HEARING_REQUESTED,
    State.HEARING_SCHEDULED,
    State.HEARING_HELD,
    State.IN_REVIEW_AFTER_HEARING,
    State.AWAITING_DECISION,
    State.COLLECTIVE_DISCUSSION,
)
# States after a decision in which 复议机关 / 人民法院 / the agency itself may change or annul it.
POST_DECISION = (
    State.DECIDED,
    State.EXECUTING,
    State.REMINDED,
    State.COURT_ENFORCEMENT,
    State.EXECUTED,
    State.CLOSED,
)


@dataclass(frozen=True)
class Deadline:
    """A period a step starts: what must happen, how long, counted how, and the source."""

    code: str
    label: str
    period: str
    source: str


DEADLINES: dict[str, Deadline] = {
    d.code: d
    for d in (
        Deadline(
            "decision", "作出处罚决定", "立案后 90 日（不含中止及不计入期间，可批准延长）", "处罚法第六十条"
        ),
        Deadline("review", "法制审核", "5 个工作日（本地惯例）", "本机关法制审核办法"),
        Deadline(
            "statement", "陈述、申辩", "告知书送达后 3 个工作日（本地惯例）", "处罚法第四十五条、第六十二条"
        ),
        Deadline("hearing_request", "要求听证", "告知后 5 个工作日", "处罚法第六十四条第一项"),
        Deadline("hearing_notice", "听证通知", "听证 7 个工作日前送达", "处罚法第六十四条第二项"),
        Deadline("service", "送达处罚决定书", "决定后 7 个工作日", "处罚法第六十一条"),
        Deadline("publication", "公示处罚决定", "决定后 7 个工作日", "国办发〔2018〕118号"),
        Deadline("publication_withdrawal", "撤回已公示的决定", "3 个工作日", "处罚法第四十八条"),
        Deadline("payment", "缴纳罚款", "送达后 15 日，逾期每日加处 3%", "处罚法第六十七条、第七十二条"),
        Deadline("evidence_preservation", "先行登记保存处理决定", "7 个工作日", "处罚法第五十六条"),
        Deadline("seizure", "查封、扣押", "30 日，经批准可延长 30 日", "行政强制法第二十五条"),
        Deadline("transfer_decision", "批准或不批准移送", "接到报告后 3 日", "移送涉嫌犯罪案件的规定第五条"),
        Deadline("transfer", "移送公安机关", "批准后 24 小时", "移送涉嫌犯罪案件的规定第五条"),
        Deadline(
            "court_application",
            "申请法院强制执行",
            "复议、诉讼期限届满后 3 个月内，催告书送达 10 个工作日后",
            "行政强制法第五十三条、第五十四条",
        ),
    )
}


@dataclass(frozen=True)
class Transition:
    """One row of the table. ``state_to`` None means "back to the state the case was suspended from"."""

    state_from: State
    action: str
    state_to: State | None
    roles: frozenset[str]
    guards: tuple[str, ...]
    deadlines_started: tuple[str, ...]
    deadlines_stopped: tuple[str, ...]
    description: str


ACTION_LABELS: dict[str, str] = {
    "file": "立案",
    "decline_filing": "不予立案",
    "decide_on_the_spot": "当场作出处罚决定",
    "file_on_the_spot_record": "当场处罚备案",
    "record_inspection": "调查取证（检查、询问、采样）",
    "preserve_evidence": "先行登记保存证据",
    "decide_preserved_evidence": "作出先行登记保存处理决定",
    "seize": "查封、扣押",
    "extend_seizure": "延长查封、扣押",
    "release_seizure": "解除或处理查封、扣押",
    "start_excluded_period": "开始不计入办案期限的期间（检测、检验、鉴定、公告）",
    "end_excluded_period": "结束不计入办案期限的期间",
    "approve_extension": "批准延长办案期限",
    "end_investigation": "调查终结",
    "resume_investigation": "补充调查",
    "submit_review": "提交法制审核",
    "review_pass": "法制审核通过",
    "review_return": "法制审核退回（存在问题）",
    "review_recommend_transfer": "法制审核建议移送",
    "notify": "送达事先告知书",
    "record_statement": "记录陈述、申辩",
    "close_statement_period": "陈述申辩期满",
    "request_hearing": "当事人要求听证",
    "schedule_hearing": "送达听证通知书",
    "hold_hearing": "举行听证",
    "abandon_hearing": "放弃听证",
    "refer_to_collective": "提请集体讨论",
    "decide": "作出处罚决定",
    "decide_no_penalty": "作出不予处罚决定",
    "serve": "送达处罚决定书",
    "approve_deferral": "批准暂缓或分期缴纳",
    "record_remedy": "记录复议或诉讼",
    "serve_reminder": "送达催告书",
    "apply_court_enforcement": "申请人民法院强制执行",
    "complete_execution": "执行完毕",
    "amend": "变更决定",
    "revoke": "撤销决定",
    "confirm_illegal": "确认违法",
    "confirm_void": "确认无效",
    "reinvestigate": "重新调查处理",
    "propose_transfer": "报请移送司法机关",
    "approve_transfer": "批准移送",
    "reject_transfer": "不批准移送",
    "transfer": "移送司法机关",
    "receive_back": "司法机关退回",
    "withdraw": "撤销立案",
    "suspend": "中止调查",
    "resume": "恢复调查",
    "close": "结案",
    "archive": "归档",
}

TWO_OFFICERS = ("two_qualified_officers", "no_recused_officer")
ON_SITE = ("two_qualified_officers", "credentials_shown", "no_recused_officer")
BEFORE_DECISION = (
    "notice_served",
    "statement_period_over_or_waived",
    "hearing_window_closed",
    "hearing_concluded_if_requested",
    "review_passed_if_required",
    "recusal_applications_decided",
    "decision_within_time_limit",
)


def _t(
    state_from: State,
    action: str,
    state_to: State | None,
    roles: Iterable[str],
    guards: Iterable[str] = (),
    started: Iterable[str] = (),
    stopped: Iterable[str] = (),
    description: str = "",
) -> Transition:
    # The documents the action needs (documents.catalogue.REQUIRED_FOR_ACTION) are checked last, so that a
    # refusal on the facts of the case is given before "issue the document first".
    documents = (DOCUMENT_GUARDS[action].__name__,) if action in DOCUMENT_GUARDS else ()
    return Transition(
        state_from,
        action,
        state_to,
        frozenset(roles),
        (*guards, *documents),
        tuple(started),
        tuple(stopped),
        description,
    )


S = State
HANDLERS = (OFFICER, UNIT_HEAD)
HEADS = (UNIT_HEAD, LEADER)


def _build() -> tuple[Transition, ...]:
    rows = [
        # -- filing and the simplified procedure --
        _t(
            S.REGISTERED,
            "file",
            S.INVESTIGATING,
            HEADS,
            ("limitation_not_expired", "general_procedure", *TWO_OFFICERS),
            ("decision",),
            (),
            "符合立案标准，经负责人批准立案，指定两名以上持证执法人员承办（处罚法第五十四条）。",
        ),
        _t(
            S.REGISTERED,
            "decline_filing",
            S.NOT_FILED,
            HEADS,
            ("reason_given",),
            (),
            (),
            "不符合立案条件（含超过处罚时效），经负责人批准不予立案，记录理由。",
        ),
        _t(
            S.REGISTERED,
            "decide_on_the_spot",
            S.ON_THE_SPOT,
            (OFFICER,),
            ("simplified_procedure_thresholds", "limitation_not_expired", *ON_SITE),
            ("payment",),
            (),
            "简易程序：违法事实确凿，警告或对公民 200 元以下、对单位 3000 元以下罚款，出示执法证件，当场交付预定格式、"
            "编有号码的决定书（处罚法第五十一条、第五十二条）。",
        ),
        _t(
            S.ON_THE_SPOT,
            "file_on_the_spot_record",
            S.EXECUTING,
            HANDLERS,
            (),
            (),
            (),
            "当场处罚决定报所属行政机关备案（处罚法第五十二条第三款）。",
        ),
        # -- investigation --
        _t(
            S.INVESTIGATING,
            "record_inspection",
            S.INVESTIGATING,
            (OFFICER,),
            ON_SITE,
            (),
            (),
            "现场检查、询问、采样等调查取证，两名以上执法人员，出示执法证件，制作笔录（处罚法第四十二条、第五十五条）。",
        ),
        _t(
            S.INVESTIGATING,
            "preserve_evidence",
            S.INVESTIGATING,
            (OFFICER,),
            ON_SITE,
            ("evidence_preservation",),
            (),
            "证据可能灭失或以后难以取得，经机关负责人批准先行登记保存（处罚法第五十六条）。",
        ),
        _t(
            S.INVESTIGATING,
            "decide_preserved_evidence",
            S.INVESTIGATING,
            HEADS,
            (),
            (),
            ("evidence_preservation",),
            "七个工作日内对先行登记保存的证据作出处理决定（处罚法第五十六条）。",
        ),
        _t(
            S.INVESTIGATING,
            "seize",
            S.INVESTIGATING,
            (OFFICER,),
            ON_SITE,
            ("seizure",),
            (),
            "经批准实施查封、扣押，制作并当场交付决定书和清单，全程音像记录（行政强制法第十八条、第二十四条）。",
        ),
        _t(
            S.INVESTIGATING,
            "extend_seizure",
            S.INVESTIGATING,
            (LEADER,),
            ("reason_given",),
            ("seizure",),
            ("seizure",),
            "情况复杂的，经机关负责人批准延长查封、扣押，不超过三十日，书面告知当事人（行政强制法第二十五条）。",
        ),
        _t(
            S.INVESTIGATING,
            "release_seizure",
            S.INVESTIGATING,
            HEADS,
            (),
            (),
            ("seizure",),
            "在期限内作出处理决定或解除查封、扣押（行政强制法第二十七条、第二十八条）。",
        ),
        _t(
            S.INVESTIGATING,
            "end_investigation",
            S.INVESTIGATION_ENDED,
            HEADS,
            ("recusal_applications_decided",),
            (),
            (),
            "调查终结，承办人员合议并提出处理意见，承办机构负责人审查（处罚法第五十七条）。",
        ),
        _t(
            S.INVESTIGATION_ENDED,
            "resume_investigation",
            S.INVESTIGATING,
            HANDLERS,
            (),
            (),
            (),
            "需要补充调查的，回到调查取证。",
        ),
        _t(
            S.INVESTIGATION_ENDED,
            "submit_review",
            S.IN_REVIEW,
            HANDLERS,
            (),
            ("review",),
            (),
            "承办机构提交法制审核，对材料的真实性、完整性负责（处罚法第五十八条）。",
        ),
        _t(
            S.INVESTIGATION_ENDED,
            "decide_no_penalty",
            S.NOT_PENALIZED,
            (LEADER,),
            ("no_penalty_ground_valid", "recusal_applications_decided"),
            (),
            ("decision",),
            "违法行为轻微、首违不罚、无主观过错或违法事实不能成立的，不予处罚；依法不予处罚的应当进行教育"
            "（处罚法第三十三条、第五十七条）。",
        ),
        # -- legal review --
        _t(
            S.IN_REVIEW,
            "review_pass",
            S.REVIEWED,
            (LEGAL_REVIEWER,),
            ("reviewer_did_not_handle_case",),
            (),
            ("review",),
            "法制审核十项内容均无问题，出具“同意”的审核意见。",
        ),
        _t(
            S.IN_REVIEW,
            "review_return",
            S.INVESTIGATION_ENDED,
            (LEGAL_REVIEWER,),
            ("reviewer_did_not_handle_case", "reason_given"),
            (),
            ("review",),
            "审核意见为“存在问题”，写明需纠正的内容，退回承办机构补正后重新提交。",
        ),
        _t(
            S.IN_REVIEW,
            "review_recommend_transfer",
            S.TRANSFER_PENDING,
            (LEGAL_REVIEWER,),
            ("reviewer_did_not_handle_case", "reason_given"),
            ("transfer_decision",),
            ("review",),
            "审核认为涉嫌犯罪，建议移送司法机关，报机关负责人决定。",
        ),
        # -- notice, statement, hearing --
        _t(
            S.REVIEWED,
            "notify",
            S.NOTIFIED,
            HANDLERS,
            ("general_procedure",),
            ("statement", "hearing_request"),
            (),
            "送达行政处罚事先告知书：拟处罚内容及事实、理由、依据，陈述、申辩权，符合条件的告知听证权"
            "（处罚法第四十四条、第六十三条）。",
        ),
        _t(
            S.NOTIFIED,
            "record_statement",
            S.NOTIFIED,
            (OFFICER,),
            (),
            (),
            (),
            "记录当事人的陈述、申辩并复核；不得因陈述、申辩加重处罚（处罚法第四十五条）。",
        ),
        _t(
            S.NOTIFIED,
            "close_statement_period",
            S.AWAITING_DECISION,
            HANDLERS,
            ("statement_period_over_or_waived", "hearing_window_closed"),
            (),
            ("statement", "hearing_request"),
            "陈述申辩期满（或当事人明确放弃）且听证申请期满（或放弃），进入决定环节。",
        ),
        _t(
            S.NOTIFIED,
            "request_hearing",
            S.HEARING_REQUESTED,
            HANDLERS,
            ("hearing_right_applies", "hearing_request_in_time"),
            (),
            ("hearing_request",),
            "当事人在告知后五个工作日内要求听证（处罚法第六十三条、第六十四条）；听证期间不计入办案期限。",
        ),
        _t(
            S.HEARING_REQUESTED,
            "schedule_hearing",
            S.HEARING_SCHEDULED,
            HANDLERS,
            ("hearing_notice_in_time", "hearing_host_not_investigator"),
            ("hearing_notice",),
            (),
            "指定非本案调查人员主持，听证七个工作日前通知时间、地点（处罚法第六十四条）。",
        ),
        _t(
            S.HEARING_SCHEDULED,
            "hold_hearing",
            S.HEARING_HELD,
            HANDLERS,
            ("hearing_host_not_investigator",),
            (),
            ("hearing_notice",),
            "举行听证并制作笔录，当事人核对签字（处罚法第六十四条）。",
        ),
        _t(
            S.HEARING_REQUESTED,
            "abandon_hearing",
            S.AWAITING_DECISION,
            HANDLERS,
            ("reason_given",),
            (),
            (),
            "当事人撤回听证申请。",
        ),
        _t(
            S.HEARING_SCHEDULED,
            "abandon_hearing",
            S.AWAITING_DECISION,
            HANDLERS,
            ("reason_given",),
            (),
            ("hearing_notice",),
            "当事人无正当理由拒不出席或中途退出，视为放弃听证（处罚法第六十四条第六项）。",
        ),
        _t(
            S.HEARING_HELD,
            "submit_review",
            S.IN_REVIEW_AFTER_HEARING,
            HANDLERS,
            (),
            ("review",),
            (),
            "经过听证的案件在决定前进行法制审核（处罚法第五十八条第一款第二项）。",
        ),
        _t(
            S.HEARING_HELD,
            "close_statement_period",
            S.AWAITING_DECISION,
            HANDLERS,
            ("review_not_required_after_hearing",),
            (),
            (),
            "无须法制审核的，听证结束后依听证笔录进入决定环节（处罚法第六十五条）。",
        ),
        _t(
            S.IN_REVIEW_AFTER_HEARING,
            "review_pass",
            S.AWAITING_DECISION,
            (LEGAL_REVIEWER,),
            ("reviewer_did_not_handle_case",),
            (),
            ("review",),
            "听证后法制审核通过。",
        ),
        _t(
            S.IN_REVIEW_AFTER_HEARING,
            "review_return",
            S.HEARING_HELD,
            (LEGAL_REVIEWER,),
            ("reviewer_did_not_handle_case", "reason_given"),
            (),
            ("review",),
            "听证后法制审核存在问题，退回补正。",
        ),
        _t(
            S.IN_REVIEW_AFTER_HEARING,
            "review_recommend_transfer",
            S.TRANSFER_PENDING,
            (LEGAL_REVIEWER,),
            ("reviewer_did_not_handle_case", "reason_given"),
            ("transfer_decision",),
            ("review",),
            "审核认为涉嫌犯罪，建议移送司法机关。",
        ),
        # -- decision --
        _t(
            S.AWAITING_DECISION,
            "refer_to_collective",
            S.COLLECTIVE_DISCUSSION,
            HEADS,
            (),
            (),
            (),
            "情节复杂或者重大违法行为，提请机关负责人集体讨论（处罚法第五十七条第二款）。",
        ),
        _t(
            S.AWAITING_DECISION,
            "decide",
            S.DECIDED,
            (LEADER,),
            (*BEFORE_DECISION, "collective_discussion_not_required"),
            ("service", "publication"),
            ("decision",),
            "机关负责人审查后作出行政处罚决定，制作决定书（处罚法第五十七条、第五十九条）。",
        ),
        _t(
            S.COLLECTIVE_DISCUSSION,
            "decide",
            S.DECIDED,
            (LEADER,),
            (*BEFORE_DECISION, "collective_discussion_recorded"),
            ("service", "publication"),
            ("decision",),
            "集体讨论决定，记录出席人员、各人意见和结论（处罚法第五十七条第二款）。",
        ),
        _t(
            S.AWAITING_DECISION,
            "decide_no_penalty",
            S.NOT_PENALIZED,
            (LEADER,),
            ("no_penalty_ground_valid",),
            (),
            ("decision",),
            "经陈述申辩或听证，决定不予处罚（处罚法第五十七条）。",
        ),
        _t(
            S.COLLECTIVE_DISCUSSION,
            "decide_no_penalty",
            S.NOT_PENALIZED,
            (LEADER,),
            ("no_penalty_ground_valid", "collective_discussion_recorded"),
            (),
            ("decision",),
            "集体讨论决定不予处罚。",
        ),
        # -- service and execution --
        _t(
            S.DECIDED,
            "serve",
            S.EXECUTING,
            HANDLERS,
            ("service_method_allowed",),
            ("payment",),
            ("service",),
            "依民事诉讼法的规定送达决定书；电子送达须当事人签订确认书（处罚法第六十一条）。",
        ),
        _t(
            S.EXECUTING,
            "approve_deferral",
            S.EXECUTING,
            (LEADER,),
            ("deferral_applied",),
            ("payment",),
            ("payment",),
            "当事人确有经济困难，经申请和批准暂缓或分期缴纳罚款（处罚法第六十六条）。",
        ),
        _t(
            S.EXECUTING,
            "record_remedy",
            S.EXECUTING,
            HANDLERS,
            (),
            (),
            (),
            "当事人申请行政复议或提起行政诉讼：不停止执行，加处罚款在此期间不计算（处罚法第七十三条）。",
        ),
        _t(
            S.EXECUTING,
            "serve_reminder",
            S.REMINDED,
            HANDLERS,
            ("payment_overdue",),
            ("court_application",),
            (),
            "逾期不缴纳，送达催告书（行政强制法第三十五条、第五十四条）。",
        ),
        _t(
            S.EXECUTING,
            "complete_execution",
            S.EXECUTED,
            HANDLERS,
            ("paid_in_full",),
            (),
            ("payment",),
            "罚没款已缴清（或无金钱给付义务的处罚已执行）。",
        ),
        _t(
            S.REMINDED,
            "complete_execution",
            S.EXECUTED,
            HANDLERS,
            ("paid_in_full",),
            (),
            ("payment", "court_application"),
            "催告后当事人履行。",
        ),
        _t(
            S.REMINDED,
            "apply_court_enforcement",
            S.COURT_ENFORCEMENT,
            (LEADER,),
            ("court_application_allowed",),
            (),
            ("court_application",),
            "催告书送达十个工作日后仍未履行，在法定期限内申请人民法院强制执行"
            "（行政强制法第五十三条、第五十四条）。",
        ),
        _t(
            S.COURT_ENFORCEMENT,
            "complete_execution",
            S.EXECUTED,
            HANDLERS,
            (),
            (),
            ("payment",),
            "人民法院执行完毕或裁定终结执行，记录结果。",
        ),
        _t(S.EXECUTED, "close", S.CLOSED, HEADS, (), (), (), "执行完毕，制作结案报告，经批准结案。"),
        _t(S.NOT_PENALIZED, "close", S.CLOSED, HEADS, (), (), (), "不予处罚决定送达后结案。"),
        _t(S.WITHDRAWN, "close", S.CLOSED, HEADS, (), (), (), "撤销立案后结案。"),
        _t(
            S.TRANSFERRED,
            "close",
            S.CLOSED,
            HEADS,
            ("reason_given",),
            (),
            (),
            "移送后无须再作行政处理的，结案。",
        ),
        _t(S.REVOKED, "close", S.CLOSED, HEADS, (), (), (), "决定被撤销且无须重新作出的，结案。"),
        _t(S.CONFIRMED_ILLEGAL, "close", S.CLOSED, HEADS, (), (), (), "确认违法后（含补救措施）结案。"),
        _t(S.VOID, "close", S.CLOSED, HEADS, (), (), (), "确认无效后结案。"),
        _t(S.CLOSED, "archive", S.ARCHIVED, HANDLERS, (), (), (), "案卷按顺序整理、编目、归档。"),
        _t(
            S.REVOKED,
            "reinvestigate",
            S.INVESTIGATING,
            HEADS,
            ("reason_given",),
            ("decision",),
            (),
            "复议决定或判决责令重新作出的，重新调查处理。",
        ),
        # -- crime transfer --
        _t(
            S.TRANSFER_PENDING,
            "approve_transfer",
            S.TRANSFER_APPROVED,
            (LEADER,),
            (),
            ("transfer",),
            ("transfer_decision",),
            "机关正职负责人或主持工作的负责人自接到报告之日起三日内批准移送"
            "（行政执法机关移送涉嫌犯罪案件的规定第五条）。",
        ),
        _t(
            S.TRANSFER_PENDING,
            "reject_transfer",
            S.INVESTIGATION_ENDED,
            (LEADER,),
            ("reason_given",),
            (),
            ("transfer_decision",),
            "不批准移送的，将理由记录在案，继续行政处理。",
        ),
        _t(
            S.TRANSFER_APPROVED,
            "transfer",
            S.TRANSFERRED,
            HANDLERS,
            (),
            (),
            ("transfer",),
            "批准后二十四小时内向同级公安机关移送（处罚法第二十七条；移送规定第五条）。",
        ),
        _t(
            S.TRANSFERRED,
            "receive_back",
            S.INVESTIGATING,
            HANDLERS,
            ("reason_given",),
            (),
            (),
            "司法机关认为不需追究刑事责任、退回应予行政处罚的案件（处罚法第二十七条）。",
        ),
    ]
    for state in (S.INVESTIGATING, S.INVESTIGATION_ENDED, S.AWAITING_DECISION, S.COLLECTIVE_DISCUSSION):
        rows.append(
            _t(
                state,
                "propose_transfer",
                S.TRANSFER_PENDING,
                HANDLERS,
                ("reason_given",),
                ("transfer_decision",),
                (),
                "发现涉嫌犯罪，报请机关负责人决定移送（处罚法第二十七条、第五十七条第一款第四项）。",
            )
        )
    for state in (S.INVESTIGATING, S.INVESTIGATION_ENDED, S.SUSPENDED):
        rows.append(
            _t(
                state,
                "withdraw",
                S.WITHDRAWN,
                (LEADER,),
                ("reason_given",),
                (),
                ("decision",),
                "立案后发现不应立案等情形，经机关负责人批准撤销立案，记录理由。",
            )
        )
    for state in PRE_DECISION:
        rows += [
            _t(
                state,
                "suspend",
                S.SUSPENDED,
                (LEADER,),
                ("reason_given",),
                (),
                ("decision",),
                "因法定事由（如当事人下落不明、需等待其他案件结果）经批准中止，中止期间不计入办案期限。",
            ),
            _t(
                state,
                "approve_extension",
                state,
                (LEADER,),
                ("reason_given",),
                ("decision",),
                ("decision",),
                "案情复杂不能在期限内作出决定的，经批准延长办案期限并记录。",
            ),
            _t(
                state,
                "start_excluded_period",
                state,
                HANDLERS,
                ("reason_given",),
                (),
                ("decision",),
                "检测、检验、检疫、鉴定、公告等期间开始，不计入办案期限。",
            ),
            _t(
                state,
                "end_excluded_period",
                state,
                HANDLERS,
                (),
                ("decision",),
                (),
                "不计入办案期限的期间结束。",
            ),
        ]
    rows.append(
        _t(
            S.SUSPENDED,
            "resume",
            None,
            (LEADER,),
            ("reason_given",),
            ("decision",),
            (),
            "中止事由消除，经批准恢复，回到中止前的环节，办案期限继续计算。",
        )
    )
    for state in POST_DECISION:
        rows += [
            _t(
                state,
                "amend",
                state,
                (LEADER,),
                ("deciding_body_and_reason_given",),
                ("publication_withdrawal",),
                (),
                "复议决定、判决或本机关依法变更决定，记录作出机关和理由；已公示的三日内撤回并说明理由（处罚法第四十八条）。",
            ),
            _t(
                state,
                "revoke",
                S.REVOKED,
                (LEADER,),
                ("deciding_body_and_reason_given",),
                ("publication_withdrawal",),
                ("payment", "court_application"),
                "决定被撤销，记录作出机关和理由（处罚法第四十八条）。",
            ),
            _t(
                state,
                "confirm_illegal",
                S.CONFIRMED_ILLEGAL,
                (LEADER,),
                ("deciding_body_and_reason_given",),
                ("publication_withdrawal",),
                (),
                "决定被确认违法，记录作出机关和理由（处罚法第四十八条）。",
            ),
            _t(
                state,
                "confirm_void",
                S.VOID,
                (LEADER,),
                ("deciding_body_and_reason_given",),
                ("publication_withdrawal",),
                ("payment", "court_application"),
                "决定被确认无效（处罚法第三十八条、第四十八条），记录作出机关和理由。",
            ),
        ]
    return tuple(rows)


TRANSITIONS: tuple[Transition, ...] = _build()
_BY_KEY: dict[tuple[State, str], Transition] = {(t.state_from, t.action): t for t in TRANSITIONS}


# -- checking ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    transition: Transition
    state_to: State


@dataclass(frozen=True)
class Refused:
    """Why not; ``http_status`` 403 when the actor lacks the role, 409 when the case's state or a rule forbids it."""

    reason: str
    http_status: int = 409
    guard: str = ""


def transition_for(state: State, action: str) -> Transition | None:
    return _BY_KEY.get((State(state), action))


def check_transition(
    state: State | str,
    action: str,
    actor_roles: Iterable[str],
    facts: CaseFacts,
    *,
    suspended_from: State | str | None = None,
) -> Allowed | Refused:
    """May an actor holding ``actor_roles`` do ``action`` on a case in ``state``, given ``facts``?

    Checks, in order: the action exists in this state, the role, then every guard (the first refusal wins).
    ``suspended_from`` is the state a suspended case returns to on ``resume``.
    """
    state = State(state)
    transition = transition_for(state, action)
    label = ACTION_LABELS.get(action, action)
    if transition is None:
        possible = "、".join(ACTION_LABELS[t.action] for t in TRANSITIONS if t.state_from is state) or "无"
        return Refused(f"案件当前处于“{state.label}”环节，不能“{label}”。此环节可办理：{possible}。")
    roles = set(actor_roles)
    if not roles & transition.roles:
        who = "或".join(ROLE_LABELS[r] for r in sorted(transition.roles))
        return Refused(f"“{label}”须由{who}办理。", http_status=403)
    for name in transition.guards:
        reason = GUARDS[name](facts)
        if reason is not None:
            return Refused(reason, guard=name)
    target = transition.state_to
    if target is None:
        if suspended_from is None:
            return Refused("未记录中止前的环节，无法恢复。")
        target = State(suspended_from)
    return Allowed(transition, target)


def available_actions(
    state: State | str, roles: Iterable[str], facts: CaseFacts, *, suspended_from: State | str | None = None
) -> list[tuple[Transition, Allowed | Refused]]:
    """Every action of ``state`` the roles may attempt, with the answer :func:`check_transition` gives now (so a
    screen can show the action disabled, with the reason)."""
    state, roles = State(state), set(roles)
    return [
        (t, check_transition(state, t.action, roles, facts, suspended_from=suspended_from))
        for t in TRANSITIONS
        if t.state_from is state and roles & t.roles
    ]


def successors(state: State) -> set[State]:
    """States reachable in one step (``resume`` may reach any state a case can be suspended from)."""
    out: set[State] = set()
    for t in TRANSITIONS:
        if t.state_from is state:
            out |= {t.state_to} if t.state_to is not None else set(PRE_DECISION)
    return out
