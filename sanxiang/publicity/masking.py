"""From a served text and its masks to the redacted text and the review page's segments (pure, no Django).

Masks may overlap (the engine's span and one the admin added over it): they are merged first, so that every
character is masked at most once and the redacted text equals the served text outside the merged spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sanxiang.publicity import redaction


@dataclass(frozen=True)
class Segment:
    text: str  # what the public copy shows (the masked form for a masked span)
    kind: str = ""  # empty: plain text
    original: str = ""  # the served text of a masked span (staff only)


def merged(text: str, spans: Iterable[tuple[int, int, str]]) -> list[redaction.Span]:
    """Sorted, non-overlapping spans within ``text``; an overlap keeps the kind of the span that starts first."""
    result: list[list] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, 0), min(end, len(text))
        if end <= start:
            continue
        if result and start < result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
            continue
        result.append([start, end, kind])
    return [redaction.Span(start, end, kind, text[start:end]) for start, end, kind in result]


def mask_of(kind: str, text: str) -> str:
    """The engine's mask for its kinds (张**, 110105********002X, 138****5678); a star per character for the
    kinds only a person marks (商业秘密, 健康信息, 其他)."""
    if kind in redaction.KINDS:
        return redaction.mask(kind, text)
    return "*" * len(text)


def redacted_text(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with every merged span replaced by its mask; the rest unchanged, character for character."""
    out, position = [], 0
    for span in merged(text, spans):
        out.append(text[position : span.start])
        out.append(mask_of(span.kind, span.text))
        position = span.end
    out.append(text[position:])
    return "".join(out)


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """The text cut into plain and masked pieces, in order (for highlighting on the review page)."""
    pieces: list[Segment] = []
    position = 0
    for span in merged(text, spans):
        if span.start > position:
            pieces.append(Segment(text[position : span.start]))
        pieces.append(Segment(mask_of(span.kind, span.text), span.kind, span.text))
        position = span.end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``text``, non-overlapping, left to right."""
    found, position = [], 0
    while needle and (index := text.find(needle, position)) >= 0:
        found.append((index, index + len(needle)))
        position = index + len(needle)
    return found


KIND_LABELS = {
    "id_number": "身份证号码",
    "phone": "电话号码",
    "bank_account": "银行账号",
    "person_name": "姓名",
    "address": "住址",
    "email": "电子邮箱",
    "plate": "车牌号",
    "trade_secret": "商业秘密",
    "health": "健康信息",
    "other": "其他",
}
ADDABLE_KINDS = (
    "trade_secret",
    "person_name",
    "address",
    "phone",
    "id_number",
    "bank_account",
    "health",
    "other",
)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
