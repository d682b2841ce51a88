"""The 文号 pattern (文书编号). A pure module, no Django.

Default (domain.md): 地区简称 + 卫 + 执法类别 + 执法性质 + 〔年份〕 + 序号 + 号, e.g. ``X卫医罚〔2026〕12号``, written
``{region}卫{field}{nature}〔{year}〕{seq}号``. Placeholders: ``{region}`` (Agency.short_name), ``{field}``
(EnforcementField.abbreviation), ``{nature}`` (DocumentType.nature), ``{year}``, ``{seq}`` (may carry a width:
``{seq:03d}`` → 012). ``{seq}`` and ``{year}`` are required.

A *series* is the pattern with everything but the sequence filled in (``X卫医罚〔2026〕{seq}号``): each series of each
agency and year has its own gap-free sequence, so whatever the pattern leaves out shares a sequence.
"""

from __future__ import annotations

import string

DEFAULT_PATTERN = "{region}卫{field}{nature}〔{year}〕{seq}号"
FIELDS = ("region", "field", "nature", "year", "seq")
REQUIRED = ("year", "seq")


class PatternError(ValueError):
    """The pattern is not usable; the message is a Chinese sentence naming the problem."""


def check_pattern(pattern: str) -> None:
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise PatternError(f"文号格式“{pattern}”有误：{exc}（花括号须成对）。") from None
    names = [name for _text, name, _spec, _conv in parsed if name is not None]
    for name in names:
        if name not in FIELDS:
            raise PatternError(
                f"文号格式中的“{{{name}}}”不是可用的占位符；可用：{'、'.join('{' + f + '}' for f in FIELDS)}。"
            )
    for name in REQUIRED:
        if name not in names:
            raise PatternError(f"文号格式必须包含“{{{name}}}”。")
    if names.count("seq") != 1:
        raise PatternError("文号格式中“{seq}”只能出现一次。")
    try:
        number(pattern, region="X", field="医", nature="罚", year=2026, seq=1)
    except (ValueError, TypeError) as exc:
        raise PatternError(f"文号格式“{pattern}”有误：{exc}。") from None


def series(pattern: str, *, region: str, field: str, nature: str, year: int) -> str:
    """The pattern with all but ``{seq}`` filled in; the key of one sequence."""
    parts = []
    for text, name, spec, conversion in string.Formatter().parse(pattern):
        parts.append(text.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name == "seq":
            parts.append(
                "{seq" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            )
            continue
        value = {"region": region, "field": field, "nature": nature, "year": year}[name]
        parts.append(format(value, spec or "").replace("{", "{{").replace("}", "}}"))
    return "".join(parts)


def number_in_series(series_text: str, seq: int) -> str:
    return series_text.format(seq=seq)


def number(pattern: str, *, region: str, field: str, nature: str, year: int, seq: int) -> str:
    return number_in_series(series(pattern, region=region, field=field, nature=nature, year=year), seq)
