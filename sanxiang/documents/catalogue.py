"""The standard enforcement documents (执法文书) after 卫生行政执法文书规范, as data. A pure module, no Django.

Each spec names the workflow action that produces the document (``cases.workflow.ACTION_LABELS``), whether it
carries a 文号 and its 执法性质 abbreviation (the ``{nature}`` of the number pattern), whether its numbers are
printed in advance on forms (当场行政处罚决定书), the actions that need it issued first
(:data:`REQUIRED_FOR_ACTION`), and whether a case may hold several 份 of it (``repeatable``: records of
what happened, one per visit, witness, hearing session or service — a decision is never repeatable, its
correction is a new version). ``services.document_types_seed`` copies these rows into ``DocumentType``; an
agency may then edit the names and abbreviations in admin.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentTypeSpec:
    code: str
    name: str
    action: str
    numbered: bool = False
    nature: str = ""
    prenumbered: bool = False
    required_for: tuple[str, ...] = ()
    required_if: str = ""  # a condition of the case (see CONDITIONS) under which required_for applies
    sections: tuple[str, ...] = ()  # which blocks the default template prints (default_templates.py)
    repeatable: bool = False  # a case may hold several 份 (series) of it: two site visits, two witnesses …


SPECS: tuple[DocumentTypeSpec, ...] = (
    DocumentTypeSpec("filing_report", "立案报告", "file", True, "立", sections=("case", "party", "facts", "basis", "approval")),
    DocumentTypeSpec("inspection_record", "现场笔录", "record_inspection", repeatable=True, sections=("activity", "party", "record", "signatures")),
    DocumentTypeSpec("inquiry_record", "询问笔录", "record_inspection", repeatable=True, sections=("activity", "party", "record", "signatures")),
    DocumentTypeSpec("supervision_opinion", "卫生监督意见书", "record_inspection", True, "监", repeatable=True, sections=("party", "opinion", "signatures")),
    DocumentTypeSpec("evidence_preservation", "证据先行登记保存决定书", "preserve_evidence", True, "保", required_for=("preserve_evidence",), sections=("party", "facts", "basis", "items", "signatures")),
    DocumentTypeSpec("seizure_decision", "查封扣押决定书", "seize", True, "封", required_for=("seize",), sections=("party", "facts", "basis", "items", "remedy", "signatures")),
    DocumentTypeSpec("item_list", "物品清单", "seize", required_for=("seize",), repeatable=True, sections=("party", "items", "signatures")),
    DocumentTypeSpec("panel_record", "合议记录", "end_investigation", sections=("case", "party", "facts", "evidence", "basis", "discretion", "penalty", "opinion")),
    DocumentTypeSpec("legal_review_opinion", "法制审核意见书", "review_pass", True, "审", sections=("case", "party", "facts", "basis", "penalty", "opinion")),
    DocumentTypeSpec("collective_discussion", "集体讨论记录", "refer_to_collective", sections=("case", "party", "facts", "penalty", "opinion")),
    DocumentTypeSpec("penalty_notice", "行政处罚事先告知书", "notify", True, "告", required_for=("notify",), sections=("party", "facts", "evidence", "basis", "discretion", "penalty", "rights")),
    DocumentTypeSpec("hearing_notice", "听证告知书", "notify", True, "听", required_for=("notify",), required_if="hearing_right", sections=("party", "facts", "basis", "penalty", "hearing")),
    DocumentTypeSpec("hearing_record", "听证笔录", "hold_hearing", repeatable=True, sections=("activity", "party", "record", "signatures")),
    DocumentTypeSpec("penalty_decision", "行政处罚决定书", "decide", True, "罚", required_for=("decide", "serve"), sections=("party", "facts", "evidence", "basis", "discretion", "penalty", "payment", "remedy")),
    DocumentTypeSpec("on_the_spot_decision", "当场行政处罚决定书", "decide_on_the_spot", True, "当", prenumbered=True, required_for=("decide_on_the_spot",), sections=("party", "facts", "basis", "penalty", "payment", "remedy", "signatures")),
    DocumentTypeSpec("service_receipt", "送达回执", "serve", repeatable=True, sections=("party", "service", "signatures")),
    DocumentTypeSpec("payment_reminder", "催告书", "serve_reminder", True, "催", required_for=("serve_reminder",), sections=("party", "penalty", "reminder")),
    DocumentTypeSpec("closing_report", "结案报告", "close", required_for=("close",), sections=("case", "party", "facts", "penalty", "execution", "approval")),
)  # fmt: skip

BY_CODE: dict[str, DocumentTypeSpec] = {spec.code: spec for spec in SPECS}

# The conditions a ``required_if`` may name, as the workflow guards know them.
CONDITIONS = {"hearing_right": "当事人有权要求听证（行政处罚法第六十三条）"}

# action -> type codes that must be issued before the action. The workflow's guards (cases.rules, "documents")
# read this table, so the transition table and the catalogue cannot disagree:
#   notify             行政处罚事先告知书 (处罚法 art. 44); 听证告知书 when the party has the hearing right (art. 63, 64)
#   decide, serve      行政处罚决定书 (处罚法 art. 59: the decision is made in writing; art. 61: it is what is served)
#   decide_on_the_spot 当场行政处罚决定书, 预定格式、编有号码 (处罚法 art. 52)
#   preserve_evidence  证据先行登记保存决定书 (处罚法 art. 56)
#   seize              查封扣押决定书 and 物品清单, handed over on the spot (行政强制法 art. 24)
#   serve_reminder     催告书 (行政强制法 art. 35, 54)
#   close              结案报告 (卫生行政执法文书规范)
REQUIRED_FOR_ACTION: dict[str, tuple[str, ...]] = {}
for _spec in SPECS:
    for _action in _spec.required_for:
        REQUIRED_FOR_ACTION.setdefault(_action, ())
        REQUIRED_FOR_ACTION[_action] += (_spec.code,)


def is_repeatable(code: str) -> bool:
    """Whether a case may hold more than one 份 (series) of the type (an unknown, agency-made type: no)."""
    spec = BY_CODE.get(code)
    return spec is not None and spec.repeatable


def missing_for_action(
    action: str, issued_codes: set[str] | frozenset[str], conditions: set[str] | frozenset[str] = frozenset()
) -> list[DocumentTypeSpec]:
    """The documents ``action`` needs that are not among ``issued_codes`` (empty: nothing missing).

    ``conditions`` are the :data:`CONDITIONS` that hold for the case; a document ``required_if`` another
    condition is not needed."""
    return [
        BY_CODE[code]
        for code in REQUIRED_FOR_ACTION.get(action, ())
        if code not in issued_codes
        and (not BY_CODE[code].required_if or BY_CODE[code].required_if in conditions)
    ]


def types_for_action(action: str) -> list[DocumentTypeSpec]:
    """The documents the step ``action`` produces or needs (what the case page offers to draft for it)."""
    codes = [spec.code for spec in SPECS if spec.action == action]
    codes += [code for code in REQUIRED_FOR_ACTION.get(action, ()) if code not in codes]
    return [BY_CODE[code] for code in codes]
