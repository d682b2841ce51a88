"""When a document counts as served (送达日期) — a pure module, no Django.

处罚法 art. 61: the decision is handed over on the spot after it is announced; when the party is absent it is
served within 7 working days "依照《中华人民共和国民事诉讼法》的有关规定"; electronic service (fax, e-mail …)
needs the party's consent and a signed 确认书 (art. 61 para 2).

The 民事诉讼法 (2023 revision) rules applied here, cited from memory (the text is not in /work/shared/laws;
verify before relying on the article numbers):

- art. 87: 受送达人在送达回证上的签收日期为送达日期 (direct service: the date signed);
- art. 89: 留置送达 — leaving the document at the residence (with a witness, or photographed/filmed) 视为送达,
  on the day it was left;
- art. 90: 电子送达 — 以送达信息到达受送达人特定系统的日期为送达日期;
- art. 91: 邮寄送达 — 以回执上注明的收件日期为送达日期;
- art. 95: 公告送达 — 自发出公告之日起，经过三十日，即视为送达. The 2021 revision shortened this from sixty to
  thirty days (sixty days was the rule of the 2017 text, art. 92); the period is a parameter.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sanxiang.core.errors import InvalidInput

ANNOUNCEMENT_PERIOD_DAYS = 30  # 民事诉讼法 (2021/2023) art. 95: 经过三十日，即视为送达.


class ServiceMethod(enum.StrEnum):
    ON_THE_SPOT = "on_the_spot"  # 当场交付 (处罚法 art. 52, 61)
    DIRECT = "direct"  # 直接送达
    LEFT = "left"  # 留置送达
    POSTAL = "postal"  # 邮寄送达
    ELECTRONIC = "electronic"  # 电子送达
    ANNOUNCEMENT = "announcement"  # 公告送达

    @property
    def label(self) -> str:
        return SERVICE_LABELS[self]


SERVICE_LABELS = {
    ServiceMethod.ON_THE_SPOT: "当场交付",
    ServiceMethod.DIRECT: "直接送达",
    ServiceMethod.LEFT: "留置送达",
    ServiceMethod.POSTAL: "邮寄送达",
    ServiceMethod.ELECTRONIC: "电子送达",
    ServiceMethod.ANNOUNCEMENT: "公告送达",
}


@dataclass(frozen=True)
class ServiceRecord:
    """What the officer records about one service (送达回证 and its attachments).

    ``signed_on``: the date the party signed (on the spot, direct); ``left_on``: the date the document was left
    (留置); ``receipt_on``: the date of receipt on the postal return receipt (邮寄回执); ``reached_on``: the date the
    message reached the party's system (电子); ``consent_signed``: the party's 确认书 for electronic service;
    ``announced_on``: the date the announcement was published (公告).
    """

    method: ServiceMethod
    signed_on: dt.date | None = None
    left_on: dt.date | None = None
    receipt_on: dt.date | None = None
    reached_on: dt.date | None = None
    consent_signed: bool = False
    announced_on: dt.date | None = None
    witness_or_recording: bool = False


def served_on(record: ServiceRecord, *, announcement_days: int = ANNOUNCEMENT_PERIOD_DAYS) -> dt.date:
    """The date the document counts as served, or :class:`InvalidInput` naming what is missing."""
    method = record.method
    if method in (ServiceMethod.ON_THE_SPOT, ServiceMethod.DIRECT):
        return _need(record.signed_on, "签收日期（送达回证上的签收日期，民事诉讼法第八十七条）")
    if method is ServiceMethod.LEFT:
        if not record.witness_or_recording:
            raise InvalidInput(
                "留置送达须有见证人签名，或以拍照、录像等方式记录送达过程（民事诉讼法第八十九条）。"
            )
        return _need(record.left_on, "留置日期")
    if method is ServiceMethod.POSTAL:
        return _need(record.receipt_on, "回执上注明的收件日期（民事诉讼法第九十一条）")
    if method is ServiceMethod.ELECTRONIC:
        if not record.consent_signed:
            raise InvalidInput("电子送达须经当事人同意并签订确认书（行政处罚法第六十一条第二款）。")
        return _need(record.reached_on, "送达信息到达当事人特定系统的日期（民事诉讼法第九十条）")
    announced = _need(record.announced_on, "公告发出日期")
    # 经过三十日: the period starts the day after publication; served at the end of the 30th day.
    return announced + dt.timedelta(days=announcement_days)


def _need(value: dt.date | None, what: str) -> dt.date:
    if value is None:
        raise InvalidInput(f"请填写{what}。")
    return value
