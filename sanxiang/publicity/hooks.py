"""Where the rest of the platform tells publicity that something it must publish or withdraw happened.

Both are called inside the caller's transaction, after the caller's own log event, so that the disclosure record
and the business write commit (or fail) together.
"""

from __future__ import annotations


def document_issued(*, actor, document) -> None:
    """An enforcement document was issued (``documents.services.document_issue``); a decision creates its
    disclosure record (行政处罚法第四十八条; 行政许可法第四十条)."""
    from sanxiang.publicity.services import disclosure_create

    disclosure_create(actor=actor, document=document)


def decision_changed(*, actor, case, change) -> None:
    """A decision was 变更 / 撤销 / 确认违法 / 确认无效 (``cases.services.case_change_decision``); a published
    decision is withdrawn within 3 working days with its reason (行政处罚法第四十八条第二款)."""
    from sanxiang.publicity.services import decision_change_apply

    decision_change_apply(actor=actor, case=case, change=change)
