"""The legal rules a case transition must satisfy (guards) and the deadlines it starts — a pure module.

No Django: everything a rule needs is in :class:`CaseFacts` (plain data the case service assembles), including
``today`` and the working-day ``calendar``. A guard takes the facts and returns ``None`` when the rule holds,
or a complete Chinese sentence saying why the action is refused (the adapter turns it into HTTP 409).

Periods: 行政处罚法 art. 85 makes its 2, 3, 5 and 7 day periods working days; 行政强制法 art. 69 makes its
periods of ten days or less working days; every other period is in calendar days, and a calendar period that
ends on a non-working day ends on the next working day (``WorkCalendar.add_calendar_days``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sanxiang.catalog.penalties import PartyKind, PenaltyKind, Procedure, ProposedPenalty
from sanxiang.core.workdays import WorkCalendar, WorkdayResult
from sanxiang.documents import catalogue

# -- periods and thresholds (each with its source) ---------------------------------------------------------

# 处罚法 art. 62 forbids deciding before the party was heard, but no article fixes how long the party has to
# state its case after the 事先告知书. 3 working days is common local practice (e.g. provincial procedure
# rules and the health commission's document templates); a parameter, not law.
STATEMENT_PERIOD_WORKING_DAYS = 3
HEARING_REQUEST_WORKING_DAYS = 5  # 处罚法 art. 64(一): 告知后五日内提出; art. 85: working days.
HEARING_NOTICE_WORKING_DAYS = 7  # 处罚法 art. 64(二): 举行听证的七日前通知; art. 85: working days.
DECISION_PERIOD_CALENDAR_DAYS = 90  # 处罚法 art. 60: 自立案之日起九十日内作出决定.
SERVICE_PERIOD_WORKING_DAYS = 7  # 处罚法 art. 61: 当事人不在场的，七日内送达; art. 85: working days.
EVIDENCE_PRESERVATION_WORKING_DAYS = 7  # 处罚法 art. 56: 先行登记保存，七日内作出处理决定.
SEIZURE_CALENDAR_DAYS = 30  # 行政强制法 art. 25: 查封、扣押的期限不得超过三十日.
SEIZURE_EXTENSION_CALENDAR_DAYS = 30  # 行政强制法 art. 25: 经负责人批准可以延长，延长不得超过三十日.
# 《行政执法机关移送涉嫌犯罪案件的规定》(国务院令第310号, 2020 修订) art. 5: the agency head decides within 3
# days of the report; an approved transfer goes to the police within 24 hours. That regulation does not make
# its days working days, so they are calendar days (text cited from memory: not in /work/shared/laws).
TRANSFER_DECISION_CALENDAR_DAYS = 3
TRANSFER_HOURS = 24
LIMITATION_YEARS = 2  # 处罚法 art. 36: 二年内未被发现的，不再给予行政处罚.
LIMITATION_YEARS_LIFE_HEALTH = 5  # art. 36: 涉及公民生命健康安全、金融安全且有危害后果的，延长至五年.

# 处罚法 art. 51: 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告.
SIMPLIFIED_FINE_LIMIT = {PartyKind.PERSON: Decimal("200"), PartyKind.ORGANISATION: Decimal("3000")}
SIMPLIFIED_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})


@dataclass(frozen=True)
class HearingThresholds:
    """What counts as 较大数额 for the hearing right (处罚法 art. 63(一)(二)).

    The law leaves the amounts to provinces and ministries. The defaults are deliberately low, so that the
    system offers a hearing rather than silently withholds one (offering a hearing that was not required is
    lawful; withholding a required one is not). Each agency must set its province's numbers.
    """

    fine_person: Decimal = Decimal("2000")
    fine_organisation: Decimal = Decimal("20000")
    confiscation_person: Decimal = Decimal("2000")
    confiscation_organisation: Decimal = Decimal("20000")


# 处罚法 art. 63(三)(四): these kinds always carry the hearing right, whatever the amount.
HEARING_KINDS = frozenset(
    {
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_LICENCE,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.ORDER_CLOSURE,
        PenaltyKind.RESTRICT_PRACTICE,
    }
)


# -- the facts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerCredential:
    """One officer acting on the case and the certificate (执法证) they act under."""

    officer_id: int
    certificate_number: str
    field_codes: frozenset[str]
    expires_on: dt.date
    status: str = "valid"  # accounts.Certificate.Status: valid / suspended / revoked / expired


@dataclass(frozen=True)
class RecusalClaim:
    """A reason an officer may have to step aside (回避, 处罚法 art. 43).

    ``self_declared``: the officer declared the conflict; otherwise the party applied. ``decided``: the agency
    head has decided (art. 43 para 3); ``granted``: the decision was that the officer must step aside.
    """

    officer_id: int
    self_declared: bool = False
    decided: bool = False
    granted: bool = False


@dataclass(frozen=True)
class Period:
    """A period of days, ``start`` to ``end`` (``end`` None: still running). Used for suspensions (中止), time
    not counted towards a deadline (听证、检测、检验、鉴定、公告), and 复议/诉讼 for the late fee."""

    start: dt.date
    end: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Extension:
    """An approved and recorded extension of the decision period (延长办案期限): ``days`` more calendar days."""

    approved_on: dt.date
    days: int
    approved_by: str = ""


@dataclass(frozen=True)
class CaseFacts:
    """What the guards know about a case when an action is attempted. The case service fills it in.

    Dates are local (Asia/Shanghai) dates. Amounts are ``Decimal`` yuan.
    """

    today: dt.date
    calendar: WorkCalendar | None = None
    procedure: Procedure = Procedure.GENERAL
    party_kind: PartyKind = PartyKind.ORGANISATION
    field_code: str = ""  # the enforcement item's field (执法类别) code
    officers: tuple[OfficerCredential, ...] = ()  # the officers doing this action
    credentials_shown: bool = False  # 出示执法证件 (处罚法 art. 52, 55; 强制法 art. 18(三))
    handler_ids: frozenset[int] = frozenset()  # officers who handled (承办) the case
    recusals: tuple[RecusalClaim, ...] = ()
    # limitation (art. 36)
    violation_occurred_on: dt.date | None = None
    violation_ended_on: dt.date | None = None  # for a continuing violation (连续或者继续状态)
    discovered_on: dt.date | None = None
    life_health_involved: bool = False  # the item involves life and health (catalog flag)
    harm_caused: bool = False  # 有危害后果
    # the penalty
    proposed_penalty: ProposedPenalty = field(default_factory=ProposedPenalty)
    facts_certain: bool = True  # 违法事实确凿 (art. 51)
    other_serious_penalty: bool = False  # 其他较重的行政处罚 (art. 63(五)), decided by a person
    hearing_thresholds: HearingThresholds = field(default_factory=HearingThresholds)
    # notice, statement, hearing
    notice_served_on: dt.date | None = None  # 事先告知书送达日期
    statement_waived: bool = False  # 当事人明确放弃陈述、申辩 (art. 62)
    statement_period_working_days: int = STATEMENT_PERIOD_WORKING_DAYS
    hearing_requested_on: dt.date | None = None
    hearing_waived: bool = False  # 放弃听证 (in writing, or art. 64(六))
    hearing_notice_served_on: dt.date | None = None
    hearing_on: dt.date | None = None
    hearing_host_id: int | None = None
    hearing_held_on: dt.date | None = None
    # legal review
    review_required_reasons: tuple[str, ...] = ()  # from catalog.selectors.review_required
    review_passed_on: dt.date | None = None
    reviewer_id: int | None = None
    collective_discussion_required: bool = False  # art. 57 para 2: 情节复杂或者重大违法行为
    collective_discussion_held: bool = False
    # the decision period
    filed_on: dt.date | None = None  # 立案日期
    suspensions: tuple[Period, ...] = ()
    excluded_periods: tuple[Period, ...] = ()
    extensions: tuple[Extension, ...] = ()
    # branches and post-decision
    reason: str = ""  # the reason given for this action (中止、撤案、不予立案、不予处罚 …)
    no_penalty_ground: str = ""  # see NO_PENALTY_GROUNDS
    education_recorded: bool = False  # art. 33 para 3: 对当事人进行教育
    deciding_body: str = ""  # 作出变更/撤销/确认的机关 (复议机关、人民法院、本机关)
    service_method: str = ""  # sanxiang.cases.service.ServiceMethod value
    electronic_consent: bool = False  # 确认书 (处罚法 art. 61 para 2)
    paid_in_full: bool = False
    payment_due_on: dt.date | None = None
    reminder_served_on: dt.date | None = None  # 催告书送达日期
    court_window_opens_on: dt.date | None = None
    court_window_closes_on: dt.date | None = None
    deferral_applied: bool = False  # 当事人申请暂缓或者分期 (art. 66)
    # documents (执法文书): codes of the document types issued for the case (documents.catalogue.SPECS)
    issued_documents: frozenset[str] = frozenset()


Guard = Callable[[CaseFacts], str | None]


def _calendar(facts: CaseFacts) -> WorkCalendar:
    if facts.calendar is None:
        raise ValueError("CaseFacts.calendar is required for this rule")
    return facts.calendar


# -- officers (art. 42, 43, 52, 55; 强制法 art. 18) -----------------------------------------------------------


def qualified_officers(facts: CaseFacts) -> list[OfficerCredential]:
    """The acting officers whose certificate is valid today and covers the item's field."""
    return [
        o
        for o in facts.officers
        if o.status == "valid" and o.expires_on >= facts.today and facts.field_code in o.field_codes
    ]


def two_qualified_officers(facts: CaseFacts) -> str | None:
    """处罚法 art. 42 (不得少于两人), 强制法 art. 18(二): at least two officers with a valid certificate in the
    item's field."""
    good = {o.officer_id for o in qualified_officers(facts)}
    if len(good) >= 2:
        return None
    bad = [o for o in facts.officers if o.officer_id not in good]
    detail = "；".join(f"证号 {o.certificate_number}：{_why_unqualified(o, facts)}" for o in bad)
    return (
        f"执法人员不得少于两人且须持有本领域（{facts.field_code or '未指定'}）有效执法证（行政处罚法第四十二条），"
        f"现仅 {len(good)} 人符合。" + (f"不符合：{detail}。" if detail else "")
    )


def _why_unqualified(o: OfficerCredential, facts: CaseFacts) -> str:
    if o.status != "valid":
        return {"suspended": "已暂扣", "revoked": "已吊销"}.get(o.status, "无效")
    if o.expires_on < facts.today:
        return f"已于 {o.expires_on.isoformat()} 过期"
    return "执法类别不含本领域"


def credentials_shown(facts: CaseFacts) -> str | None:
    """处罚法 art. 52, 55; 强制法 art. 18(三): officers show their certificates (亮证)."""
    if facts.credentials_shown:
        return None
    return "未记录执法人员出示执法证件（行政处罚法第五十五条、第五十二条），请先记录亮证情况。"


def no_recused_officer(facts: CaseFacts) -> str | None:
    """处罚法 art. 43: an officer with a conflict steps aside; a granted recusal excludes the officer."""
    acting = {o.officer_id for o in facts.officers} | set(facts.handler_ids)
    for claim in facts.recusals:
        if claim.officer_id not in acting:
            continue
        if claim.self_declared or claim.granted:
            return f"执法人员（编号 {claim.officer_id}）应当回避（行政处罚法第四十三条），请更换执法人员后再办理。"
    return None


def recusal_applications_decided(facts: CaseFacts) -> str | None:
    """处罚法 art. 43 para 3: the head decides a party's recusal application; the investigation goes on
    meanwhile, but the case does not move past investigation until it is decided."""
    for claim in facts.recusals:
        if not claim.self_declared and not claim.decided:
            return (
                f"当事人对执法人员（编号 {claim.officer_id}）的回避申请尚未由机关负责人决定"
                "（行政处罚法第四十三条第三款），决定前只能继续调查。"
            )
    return None


def reviewer_did_not_handle_case(facts: CaseFacts) -> str | None:
    """domain.md section 3: a reviewer never reviews a case they handled."""
    if facts.reviewer_id is not None and facts.reviewer_id in facts.handler_ids:
        return "法制审核人员不得审核本人承办的案件，请由其他法制审核人员审核。"
    return None


# -- limitation (art. 36) ----------------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def limitation_ends_on(facts: CaseFacts) -> dt.date | None:
    """The last day on which the violation may be discovered and still punished (处罚法 art. 36).

    2 years; 5 years where the item involves life and health (生命健康安全) and harm resulted. Counted from the
    day the violation occurred, or, for a continuing violation, the day it ended. None if no date is known.
    """
    start = facts.violation_ended_on or facts.violation_occurred_on
    if start is None:
        return None
    years = (
        LIMITATION_YEARS_LIFE_HEALTH if facts.life_health_involved and facts.harm_caused else LIMITATION_YEARS
    )
    return add_years(start, years)


def limitation_not_expired(facts: CaseFacts) -> str | None:
    """处罚法 art. 36: 违法行为在二年内未被发现的，不再给予行政处罚 (5 years for life/health with harm)."""
    ends = limitation_ends_on(facts)
    if ends is None:
        return "未登记违法行为发生（或终了）日期，无法核查处罚时效（行政处罚法第三十六条）。"
    discovered = facts.discovered_on or facts.today
    if discovered <= ends:
        return None
    years = (
        LIMITATION_YEARS_LIFE_HEALTH if facts.life_health_involved and facts.harm_caused else LIMITATION_YEARS
    )
    return (
        f"违法行为发现于 {discovered.isoformat()}，已超过 {years} 年处罚时效（截至 {ends.isoformat()}），"
        "依行政处罚法第三十六条不再给予行政处罚，应不予立案。"
    )


# -- simplified procedure (art. 51) ------------------------------------------------------------------------


def simplified_procedure_thresholds(facts: CaseFacts) -> str | None:
    """处罚法 art. 51: facts certain, and a warning or a fine ≤ ¥200 (person) / ≤ ¥3,000 (organisation)."""
    penalty = facts.proposed_penalty
    limit = SIMPLIFIED_FINE_LIMIT[facts.party_kind]
    if not facts.facts_certain:
        return "违法事实不确凿，不能适用简易程序（行政处罚法第五十一条），请按一般程序立案调查。"
    if not penalty.kinds:
        return "未填写拟作出的处罚，不能当场作出处罚决定。"
    others = penalty.kinds - SIMPLIFIED_KINDS
    if others:
        names = "、".join(sorted(k.label for k in others))
        return f"简易程序只能给予警告或者罚款，{names}须按一般程序办理（行政处罚法第五十一条）。"
    if PenaltyKind.FINE in penalty.kinds and penalty.fine > limit:
        return (
            f"对{facts.party_kind.label}当场罚款不得超过 {limit} 元，拟罚款 {penalty.fine} 元"
            "须按一般程序办理（行政处罚法第五十一条）。"
        )
    return None


def general_procedure(facts: CaseFacts) -> str | None:
    if facts.procedure is Procedure.GENERAL:
        return None
    return "本案适用简易程序，此操作只用于一般程序案件。"


# -- notice, statement, hearing (art. 44, 45, 62, 63, 64) -----------------------------------------------------


def statement_period_ends_on(facts: CaseFacts) -> WorkdayResult | None:
    """The last day for 陈述、申辩 after the notice was served (local practice: 3 working days)."""
    if facts.notice_served_on is None:
        return None
    return _calendar(facts).working_days_result(facts.notice_served_on, facts.statement_period_working_days)


def hearing_request_ends_on(facts: CaseFacts) -> WorkdayResult | None:
    """处罚法 art. 64(一): a hearing is requested within 5 working days after the notice."""
    if facts.notice_served_on is None:
        return None
    return _calendar(facts).working_days_result(facts.notice_served_on, HEARING_REQUEST_WORKING_DAYS)


def earliest_hearing_on(notice_served_on: dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """处罚法 art. 64(二): the hearing notice is served 七日前 — the hearing is on the 7th working day after the
    notice at the earliest."""
    return calendar.working_days_result(notice_served_on, HEARING_NOTICE_WORKING_DAYS)


def hearing_eligible(
    penalty: ProposedPenalty,
    party_kind: PartyKind,
    thresholds: HearingThresholds,
    *,
    other_serious: bool = False,
) -> list[str]:
    """The reasons the party has the right to a hearing (处罚法 art. 63), empty when it has none."""
    reasons = []
    fine_limit = thresholds.fine_person if party_kind is PartyKind.PERSON else thresholds.fine_organisation
    if PenaltyKind.FINE in penalty.kinds and penalty.fine >= fine_limit:
        reasons.append(f"较大数额罚款（{penalty.fine} 元，标准 {fine_limit} 元以上）")
    confiscation_limit = (
        thresholds.confiscation_person
        if party_kind is PartyKind.PERSON
        else thresholds.confiscation_organisation
    )
    confiscating = penalty.kinds & {PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY}
    if confiscating and penalty.confiscation >= confiscation_limit:
        reasons.append(f"没收较大数额违法所得或较大价值非法财物（{penalty.confiscation} 元）")
    for kind in sorted(penalty.kinds & HEARING_KINDS, key=list(PenaltyKind).index):
        reasons.append(kind.label)
    if other_serious:
        reasons.append("其他较重的行政处罚")
    return reasons


def _hearing_reasons(facts: CaseFacts) -> list[str]:
    return hearing_eligible(
        facts.proposed_penalty,
        facts.party_kind,
        facts.hearing_thresholds,
        other_serious=facts.other_serious_penalty,
    )


def notice_served(facts: CaseFacts) -> str | None:
    """处罚法 art. 44, 62: no decision before the party was told the proposed penalty and its rights."""
    if facts.notice_served_on is not None:
        return None
    return "尚未向当事人送达行政处罚事先告知书，不得作出处罚决定（行政处罚法第四十四条、第六十二条）。"


def statement_period_over_or_waived(facts: CaseFacts) -> str | None:
    """处罚法 art. 45, 62: the party is heard; the decision waits for the statement period unless waived."""
    if facts.notice_served_on is None:
        return notice_served(facts)
    if facts.statement_waived:
        return None
    ends = statement_period_ends_on(facts)
    assert ends is not None
    if facts.today > ends.date:
        return None
    return (
        f"陈述、申辩期限至 {ends.date.isoformat()} 届满，当事人未明确放弃，期满前不得作出决定"
        "（行政处罚法第六十二条；期限为本机关告知书载明的 "
        f"{facts.statement_period_working_days} 个工作日）。"
    )


def hearing_window_closed(facts: CaseFacts) -> str | None:
    """Where the party has the hearing right, wait until the 5 working days to request it have passed, unless
    it waived the hearing (art. 63, 64(一))."""
    if not _hearing_reasons(facts) or facts.hearing_waived or facts.hearing_requested_on is not None:
        return None
    ends = hearing_request_ends_on(facts)
    if ends is None:
        return notice_served(facts)
    if facts.today > ends.date:
        return None
    return (
        f"当事人有权要求听证（{'、'.join(_hearing_reasons(facts))}），申请期限至 {ends.date.isoformat()}，"
        "期满或当事人书面放弃前不得作出决定（行政处罚法第六十三条、第六十四条）。"
    )


def hearing_right_applies(facts: CaseFacts) -> str | None:
    """处罚法 art. 63: only the listed penalties carry the hearing right."""
    if _hearing_reasons(facts):
        return None
    return (
        f"拟作出的处罚（{facts.proposed_penalty}）不属于行政处罚法第六十三条规定的听证范围；"
        "如属其他较重的行政处罚，请先作出认定。"
    )


def hearing_request_in_time(facts: CaseFacts) -> str | None:
    """处罚法 art. 64(一): 当事人要求听证的，应当在行政机关告知后五日内提出."""
    ends = hearing_request_ends_on(facts)
    if ends is None:
        return notice_served(facts)
    requested = facts.hearing_requested_on or facts.today
    if requested <= ends.date:
        return None
    return (
        f"听证申请应在告知后五个工作日内（至 {ends.date.isoformat()}）提出，{requested.isoformat()} 提出已逾期"
        "（行政处罚法第六十四条第一项）。"
    )


def hearing_notice_in_time(facts: CaseFacts) -> str | None:
    """处罚法 art. 64(二): 行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点."""
    if facts.hearing_on is None or facts.hearing_notice_served_on is None:
        return "请填写听证日期和听证通知书送达日期。"
    earliest = earliest_hearing_on(facts.hearing_notice_served_on, _calendar(facts))
    if facts.hearing_on >= earliest.date:
        return None
    return (
        f"听证通知书于 {facts.hearing_notice_served_on.isoformat()} 送达，听证最早可于 {earliest.date.isoformat()} "
        f"举行（须提前七个工作日通知，行政处罚法第六十四条第二项），{facts.hearing_on.isoformat()} 过早。"
    )


def hearing_host_not_investigator(facts: CaseFacts) -> str | None:
    """处罚法 art. 64(四): 听证由行政机关指定的非本案调查人员主持."""
    if facts.hearing_host_id is None:
        return "请指定听证主持人。"
    if facts.hearing_host_id in facts.handler_ids:
        return "听证主持人不得是本案调查人员（行政处罚法第六十四条第四项），请另行指定。"
    return None


def hearing_concluded_if_requested(facts: CaseFacts) -> str | None:
    """处罚法 art. 65: after a requested hearing the decision follows the hearing record."""
    if facts.hearing_requested_on is None or facts.hearing_waived or facts.hearing_held_on is not None:
        return None
    return "当事人已要求听证，听证结束（或依法视为放弃）前不得作出决定（行政处罚法第六十三条、第六十五条）。"


# -- legal review and collective discussion (art. 57, 58) -----------------------------------------------------


def review_passed_if_required(facts: CaseFacts) -> str | None:
    """处罚法 art. 58: 未经法制审核或者审核未通过的，不得作出决定 — where the review list requires a review.

    After a hearing (art. 58(二)) the passed review must be on or after the hearing day.
    """
    if not facts.review_required_reasons:
        return None
    why = "；".join(facts.review_required_reasons)
    if facts.review_passed_on is None:
        return f"本案须经法制审核（{why}），审核通过前不得作出决定（行政处罚法第五十八条）。"
    if facts.hearing_held_on is not None and facts.review_passed_on < facts.hearing_held_on:
        return (
            "本案经过听证，须在听证后重新进行法制审核（行政处罚法第五十八条第一款第二项），"
            f"现有审核通过日期 {facts.review_passed_on.isoformat()} 早于听证日期。"
        )
    return None


def review_not_required_after_hearing(facts: CaseFacts) -> str | None:
    """Leaving a hearing without a second review is allowed only when no review is required."""
    if not facts.review_required_reasons:
        return None
    return "本案须经法制审核，听证后应提交法制审核（行政处罚法第五十八条）。"


def collective_discussion_not_required(facts: CaseFacts) -> str | None:
    """处罚法 art. 57 para 2: 情节复杂或者重大违法行为 are decided collectively by the agency's leaders."""
    if not facts.collective_discussion_required or facts.collective_discussion_held:
        return None
    return "本案属情节复杂或者重大违法行为，应当由机关负责人集体讨论决定（行政处罚法第五十七条第二款）。"


def collective_discussion_recorded(facts: CaseFacts) -> str | None:
    """A case referred to 集体讨论 is decided only after a discussion with a quorum was recorded (art. 57 para 2)."""
    if facts.collective_discussion_held:
        return None
    return "尚未记录达到法定人数的集体讨论，不能作出决定（行政处罚法第五十七条第二款）。"


# -- the decision period (art. 60) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionDeadline:
    """When the decision is due (处罚法 art. 60). ``due`` is None while a suspension or excluded period runs
    (the clock is stopped); ``not_counted_days`` are the days not counted so far; ``extension_days`` approved."""

    due: WorkdayResult | None
    not_counted_days: int
    extension_days: int
    stopped: bool


def days_not_counted(periods: Iterable[Period], *, until: dt.date) -> tuple[int, bool]:
    """Calendar days covered by ``periods`` (overlaps counted once); a period runs from its start day up to,
    not including, its end day (the day work resumes counts). A running period counts up to ``until`` and
    makes the second value True."""
    spans: list[tuple[dt.date, dt.date]] = []
    running = False
    for p in periods:
        end = p.end
        if end is None:
            running = True
            end = max(until, p.start)
        if end > p.start:
            spans.append((p.start, end))
    total, cursor = 0, dt.date.min
    for start, end in sorted(spans):
        start = max(start, cursor)
        if end > start:
            total += (end - start).days
            cursor = end
    return total, running


def decision_deadline(facts: CaseFacts) -> DecisionDeadline | None:
    """处罚法 art. 60: 90 calendar days from 立案, not counting recorded suspensions (中止) and excluded periods
    (听证、检测、检验、鉴定、公告 — the pattern of sectoral procedure rules, which art. 60 defers to), plus every
    approved and recorded extension."""
    if facts.filed_on is None:
        return None
    not_counted, stopped = days_not_counted((*facts.suspensions, *facts.excluded_periods), until=facts.today)
    extension = sum(e.days for e in facts.extensions)
    if stopped:
        return DecisionDeadline(None, not_counted, extension, True)
    due = _calendar(facts).calendar_days_result(
        facts.filed_on, DECISION_PERIOD_CALENDAR_DAYS + not_counted + extension
    )
    return DecisionDeadline(due, not_counted, extension, False)


def decision_within_time_limit(facts: CaseFacts) -> str | None:
    """处罚法 art. 60: the decision is made within 90 days of 立案, unless an extension was approved."""
    deadline = decision_deadline(facts)
    if deadline is None or deadline.due is None or facts.today <= deadline.due.date:
        return None
    return (
        f"办案期限已于 {deadline.due.date.isoformat()} 届满（立案之日起九十日，已扣除中止及不计入期间 "
        f"{deadline.not_counted_days} 日，延长 {deadline.extension_days} 日；行政处罚法第六十条），"
        "须先经批准延长办案期限并记录。"
    )


def service_due_on(decided_on: dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """处罚法 art. 61: when the party was absent, the decision is served within 7 working days."""
    return calendar.working_days_result(decided_on, SERVICE_PERIOD_WORKING_DAYS)


def evidence_decision_due_on(preserved_on: dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """处罚法 art. 56: 先行登记保存 — decide what to do with the evidence within 7 working days."""
    return calendar.working_days_result(preserved_on, EVIDENCE_PRESERVATION_WORKING_DAYS)


def seizure_ends_on(seized_on: dt.date, calendar: WorkCalendar, *, extended: bool = False) -> WorkdayResult:
    """行政强制法 art. 25: 查封、扣押 ≤ 30 days, + ≤ 30 days with the head's approval (calendar days: > 10)."""
    days = SEIZURE_CALENDAR_DAYS + (SEIZURE_EXTENSION_CALENDAR_DAYS if extended else 0)
    return calendar.calendar_days_result(seized_on, days)


def transfer_decision_due_on(reported_on: dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """移送涉嫌犯罪案件的规定 art. 5: the head decides within 3 days of receiving the transfer report."""
    return calendar.calendar_days_result(reported_on, TRANSFER_DECISION_CALENDAR_DAYS)


def transfer_due_at(approved_at: dt.datetime) -> dt.datetime:
    """移送涉嫌犯罪案件的规定 art. 5: an approved transfer reaches the police within 24 hours."""
    return approved_at + dt.timedelta(hours=TRANSFER_HOURS)


# -- branches --------------------------------------------------------------------------------------------------

# 不予处罚的情形 (处罚法 art. 30, 31, 33, 57).
NO_PENALTY_GROUNDS = {
    "minor": "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）",
    "first_violation": "初次违法且危害后果轻微并及时改正（首违不罚，第三十三条第一款）",
    "no_fault": "有证据足以证明没有主观过错（第三十三条第二款）",
    "facts_not_established": "违法事实不能成立（第五十七条第一款第三项）",
    "minor_under_14": "不满十四周岁（第三十条）",
    "mental_incapacity": "不能辨认或者控制自己行为（第三十一条）",
}


def no_penalty_ground_valid(facts: CaseFacts) -> str | None:
    """处罚法 art. 33 para 3: a 不予处罚 for a violation is accompanied by education (教育), recorded."""
    if facts.no_penalty_ground not in NO_PENALTY_GROUNDS:
        return "请选择不予处罚的法定情形（行政处罚法第三十条、第三十一条、第三十三条、第五十七条）。"
    if facts.no_penalty_ground != "facts_not_established" and not facts.education_recorded:
        return "依法不予处罚的，应当对当事人进行教育并记录（行政处罚法第三十三条第三款），请先登记教育记录。"
    return None


def reason_given(facts: CaseFacts) -> str | None:
    if facts.reason.strip():
        return None
    return "请填写理由。"


def deciding_body_and_reason_given(facts: CaseFacts) -> str | None:
    """A changed, revoked, illegal or void decision is recorded with who decided it and why (art. 48)."""
    if facts.deciding_body.strip() and facts.reason.strip():
        return None
    return "请填写作出变更、撤销或确认决定的机关（如复议机关、人民法院、本机关）及理由。"


# -- service and execution --------------------------------------------------------------------------------------


def service_method_allowed(facts: CaseFacts) -> str | None:
    """处罚法 art. 61 para 2: electronic service only with the party's consent and signed 确认书."""
    from sanxiang.cases.service import ServiceMethod

    try:
        method = ServiceMethod(facts.service_method)
    except ValueError:
        return "请选择送达方式（直接送达、留置送达、邮寄送达、电子送达、公告送达等）。"
    if method is ServiceMethod.ELECTRONIC and not facts.electronic_consent:
        return "电子送达须经当事人同意并签订确认书（行政处罚法第六十一条第二款）。"
    return None


def paid_in_full(facts: CaseFacts) -> str | None:
    if facts.paid_in_full:
        return None
    return "罚款（含加处罚款）尚未缴清。"


def payment_overdue(facts: CaseFacts) -> str | None:
    """行政强制法 art. 35, 54: a 催告 is for a party that did not pay by the deadline."""
    if facts.payment_due_on is not None and facts.today > facts.payment_due_on and not facts.paid_in_full:
        return None
    due = facts.payment_due_on.isoformat() if facts.payment_due_on else "未确定"
    return f"缴款期限（{due}）尚未届满或已缴清，不需催告。"


def court_application_allowed(facts: CaseFacts) -> str | None:
    """行政强制法 art. 53, 54: apply to the court 10 working days after the 催告书 was served, and within 3 months
    after the period for 复议/诉讼 expired (see ``sanxiang.cases.execution.court_application_window``)."""
    if facts.court_window_opens_on is None or facts.court_window_closes_on is None:
        return "尚未计算申请法院强制执行的期间（须先送达催告书）。"
    if facts.today < facts.court_window_opens_on:
        return (
            f"最早可于 {facts.court_window_opens_on.isoformat()} 申请人民法院强制执行"
            "（催告书送达十个工作日后，且复议、诉讼期限届满后；行政强制法第五十三条、第五十四条）。"
        )
    if facts.today > facts.court_window_closes_on:
        return (
            f"申请人民法院强制执行的期限已于 {facts.court_window_closes_on.isoformat()} 届满"
            "（期限届满之日起三个月内；行政强制法第五十三条）。"
        )
    return None


def deferral_applied(facts: CaseFacts) -> str | None:
    """处罚法 art. 66 para 2: deferral or instalments on the party's application (and the agency's approval)."""
    if facts.deferral_applied:
        return None
    return "暂缓或者分期缴纳罚款须由当事人申请（行政处罚法第六十六条第二款），请先登记当事人的申请。"


# -- documents (执法文书) ---------------------------------------------------------------------------------------


def _documents_missing(facts: CaseFacts, action: str, step: str, basis: str) -> str | None:
    """The refusal when a document ``action`` needs (``documents.catalogue.REQUIRED_FOR_ACTION``) is not issued."""
    conditions = {"hearing_right"} if _hearing_reasons(facts) else set()
    missing = catalogue.missing_for_action(action, facts.issued_documents, conditions)
    if not missing:
        return None
    names = "、".join(f"《{spec.name}》" for spec in missing)
    return f"尚未签发{names}，不能{step}（{basis}）。请先在案件的“文书”中起草并签发{names}。"


def notice_documents_issued(facts: CaseFacts) -> str | None:
    """处罚法 art. 44: the 行政处罚事先告知书 is issued before it is served; where the party has the hearing right
    (art. 63, 64), the 听证告知书 too."""
    return _documents_missing(
        facts, "notify", "送达事先告知书", "行政处罚法第四十四条；有听证权的，第六十三条、第六十四条"
    )


def decision_document_issued(facts: CaseFacts) -> str | None:
    """处罚法 art. 59: a penalty is decided in a 行政处罚决定书 — the decision takes the 文号 of the issued one."""
    return _documents_missing(facts, "decide", "作出处罚决定", "行政处罚法第五十九条")


def decision_document_issued_for_service(facts: CaseFacts) -> str | None:
    """处罚法 art. 61: what is served is the issued 行政处罚决定书 — no 送达 without it."""
    return _documents_missing(facts, "serve", "送达处罚决定书", "行政处罚法第六十一条")


def on_the_spot_document_issued(facts: CaseFacts) -> str | None:
    """处罚法 art. 52: on the spot, the officers hand over a pre-printed, numbered 当场行政处罚决定书."""
    return _documents_missing(
        facts, "decide_on_the_spot", "当场作出处罚决定", "行政处罚法第五十二条：预定格式、编有号码的决定书"
    )


def preservation_document_issued(facts: CaseFacts) -> str | None:
    """处罚法 art. 56: 先行登记保存 is decided in writing (证据先行登记保存决定书)."""
    return _documents_missing(facts, "preserve_evidence", "先行登记保存证据", "行政处罚法第五十六条")


def seizure_documents_issued(facts: CaseFacts) -> str | None:
    """行政强制法 art. 24: 查封、扣押 hands over the 查封扣押决定书 and the 物品清单 on the spot."""
    return _documents_missing(facts, "seize", "查封、扣押", "行政强制法第二十四条：当场交付决定书和清单")


def reminder_document_issued(facts: CaseFacts) -> str | None:
    """行政强制法 art. 35, 54: the 催告书 is issued in writing before it is served."""
    return _documents_missing(facts, "serve_reminder", "送达催告书", "行政强制法第三十五条")


def closing_report_issued(facts: CaseFacts) -> str | None:
    """卫生行政执法文书规范: a case is closed on an approved 结案报告."""
    return _documents_missing(facts, "close", "结案", "卫生行政执法文书规范：结案报告")


# action -> the guard that checks its documents; the transition table adds it to every row of the action.
DOCUMENT_GUARDS: dict[str, Guard] = {
    "notify": notice_documents_issued,
    "decide": decision_document_issued,
    "serve": decision_document_issued_for_service,
    "decide_on_the_spot": on_the_spot_document_issued,
    "preserve_evidence": preservation_document_issued,
    "seize": seizure_documents_issued,
    "serve_reminder": reminder_document_issued,
    "close": closing_report_issued,
}


GUARDS: dict[str, Guard] = {
    g.__name__: g
    for g in (
        two_qualified_officers,
        credentials_shown,
        no_recused_officer,
        recusal_applications_decided,
        reviewer_did_not_handle_case,
        limitation_not_expired,
        simplified_procedure_thresholds,
        general_procedure,
        notice_served,
        statement_period_over_or_waived,
        hearing_window_closed,
        hearing_right_applies,
        hearing_request_in_time,
        hearing_notice_in_time,
        hearing_host_not_investigator,
        hearing_concluded_if_requested,
        review_passed_if_required,
        review_not_required_after_hearing,
        collective_discussion_not_required,
        collective_discussion_recorded,
        decision_within_time_limit,
        no_penalty_ground_valid,
        reason_given,
        deciding_body_and_reason_given,
        service_method_allowed,
        paid_in_full,
        payment_overdue,
        court_application_allowed,
        deferral_applied,
        *DOCUMENT_GUARDS.values(),
    )
}
