"""The redaction engine: personal data in Chinese decision texts, found and masked (docs/redaction.md).

A pure module (stdlib only, no Django). ``find`` returns the spans to mask, ``apply`` masks them, ``redact`` does
both. What is found:

- numbers by pattern: 公民身份号码 (GB 11643-1999 check digit; old 15-digit and partly masked ones), mobile and
  landline numbers, bank card and account numbers; e-mail addresses; licence plates;
- home addresses of natural persons (after 住址/家庭住址…, or 住所/地址 on a line describing a natural person);
- every personal value the case record knows (``Known``), in any spelling: spaces or hyphens inside numbers,
  full-width digits, a name with spaces between its characters, 张先生/李女士;
- names the record does not know, from context (``redaction_names``), when ``Policy.detect_unknown_names``.

Never masked: organisation names (a clinic named after a person included), unified social credit codes
(GB 32100-2015), 文号, articles, amounts, dates. By default the name of a natural-person party and of a legal
representative stay as in the served decision: the decision published under 《行政处罚法》第四十八条 is about
them; everything else personal is kept confidential (《行政处罚法》第五十条, 《政府信息公开条例》第十五条) by
masking it in the published copy (区分处理, 《政府信息公开条例》第三十七条). An agency may mask the names too
(``Policy``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sanxiang.publicity import redaction_names as names
from sanxiang.publicity import redaction_patterns as patterns

KINDS = ("id_number", "phone", "bank_account", "person_name", "address", "email", "plate")
ROLES = ("party", "legal_representative", "witness", "other")
_LIST_FIELDS = ("id_numbers", "phones", "addresses", "emails", "accounts", "plates")
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NP-RTUWXY]{18}(?![0-9A-Z])")


@dataclass(frozen=True)
class Span:
    start: int  # offset in characters (code points), end exclusive
    end: int
    kind: str  # one of KINDS
    text: str  # the original text of the span


@dataclass
class KnownPerson:
    name: str = ""
    role: str = "other"  # "party" | "legal_representative" | "witness" | "other"
    id_numbers: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    plates: list[str] = field(default_factory=list)


@dataclass
class Known:
    """What the case record knows: its persons' values, and organisation names never to be masked."""

    persons: list[KnownPerson] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict) -> Known:
        """From the KNOWN.json shape (docs/cli.md); ``ValueError`` with a Chinese sentence on a bad shape."""
        if not isinstance(data, dict):
            raise ValueError('已知信息应为 JSON 对象，形如 {"persons": [...], "organisations": [...]}。')
        unknown = set(data) - {"persons", "organisations"}
        if unknown:
            raise ValueError(
                f"已知信息含有不认识的键“{sorted(unknown)[0]}”：只能有 persons 和 organisations。"
            )
        persons_data = data.get("persons", [])
        if not isinstance(persons_data, list):
            raise ValueError("已知信息的 persons 应为列表。")
        persons = [_person_from_json(index, item) for index, item in enumerate(persons_data, start=1)]
        organisations = data.get("organisations", [])
        if not isinstance(organisations, list) or not all(isinstance(o, str) for o in organisations):
            raise ValueError("已知信息的 organisations 应为字符串列表（机构名称）。")
        return cls(persons=persons, organisations=list(organisations))

    def to_json(self) -> dict:
        return {
            "persons": [
                {"name": p.name, "role": p.role} | {key: list(getattr(p, key)) for key in _LIST_FIELDS}
                for p in self.persons
            ],
            "organisations": list(self.organisations),
        }


def _person_from_json(index: int, item) -> KnownPerson:
    if not isinstance(item, dict):
        raise ValueError(f"已知信息 persons 第 {index} 项应为 JSON 对象。")
    unknown = set(item) - {"name", "role", *_LIST_FIELDS}
    if unknown:
        raise ValueError(
            f"已知信息 persons 第 {index} 项含有不认识的键“{sorted(unknown)[0]}”：可用 name、role、"
            + "、".join(_LIST_FIELDS)
            + "。"
        )
    name = item.get("name", "")
    if not isinstance(name, str):
        raise ValueError(f"已知信息 persons 第 {index} 项的 name 应为字符串。")
    role = item.get("role", "other")
    if role not in ROLES:
        raise ValueError(f"已知信息 persons 第 {index} 项的 role“{role}”无效：应为 {'、'.join(ROLES)} 之一。")
    values = {}
    for key in _LIST_FIELDS:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"已知信息 persons 第 {index} 项的 {key} 应为字符串列表。")
        values[key] = list(value)
    return KnownPerson(name=name, role=role, **values)


@dataclass(frozen=True)
class Policy:
    mask_party_name: bool = False  # default: a natural-person party's own name stays as served
    mask_legal_representative_name: bool = False
    detect_unknown_names: bool = True  # find names the record does not know (patients, witnesses…)

    def masks_name_of(self, role: str) -> bool:
        if role == "party":
            return self.mask_party_name
        if role == "legal_representative":
            return self.mask_legal_representative_name
        return True


# --- known values -------------------------------------------------------------------------------------------

PLATE_SEPARATORS = ("", "·", " ", "-", "•", ".", "・")
SPACED_CJK = re.compile(r"[\u4e00-\u9fff][ \t]+[\u4e00-\u9fff]")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class _KnownIndex:
    """The known values in the forms ``find`` looks them up: no regex to compile per document."""

    numbers: dict[str, str]  # compact number (digits, X) -> kind; matched against every run of digits
    literals: tuple[tuple[str, str], ...]  # (normalised text, kind): names, 张先生, addresses, plates
    emails: tuple[str, ...]  # lower case
    spaced_names: tuple[str, ...]  # names also looked for with spaces between the characters


def compact_number(value: str) -> str:
    compact = patterns.SEPARATORS.sub("", patterns.normalise(value)).upper()
    if len(compact) == 13 and compact.startswith("861"):
        return compact[2:]
    return compact


def _index(known: Known, policy: Policy) -> _KnownIndex:
    numbers: dict[str, str] = {}
    literals: dict[str, str] = {}
    emails: set[str] = set()
    spaced: set[str] = set()
    for person in known.persons:
        for kind, values in (
            ("id_number", person.id_numbers),
            ("phone", person.phones),
            ("bank_account", person.accounts),
        ):
            for value in values:
                if len(compact := compact_number(value)) >= 7:
                    numbers[compact] = kind
        emails.update(v.strip().translate(ASCII_LOWER) for v in person.emails if "@" in v)
        for plate in person.plates:
            compact = re.sub(r"[·•・. -]", "", patterns.normalise(plate)).upper()
            if len(compact) >= 6:
                literals.update((compact[:2] + sep + compact[2:], "plate") for sep in PLATE_SEPARATORS)
        for address in person.addresses:
            address = re.sub(r"\s+", "", patterns.normalise(address))
            literals.update((v, "address") for v in patterns.address_variants(address) if len(v) >= 6)
        name = re.sub(r"\s+", "", patterns.normalise(person.name))
        if len(name) >= 2 and policy.masks_name_of(person.role):
            surname = names.surname_of(name)
            literals.update(
                {name: "person_name", surname + "先生": "person_name", surname + "女士": "person_name"}
            )
            spaced.add(name)
    return _KnownIndex(
        numbers=numbers,
        literals=tuple(sorted(literals.items(), key=lambda item: -len(item[0]))),
        emails=tuple(sorted(emails)),
        spaced_names=tuple(sorted(spaced)),
    )


def _occurrences(haystack: str, needle: str):
    at = haystack.find(needle)
    while at >= 0:
        yield at
        at = haystack.find(needle, at + 1)


@lru_cache(maxsize=1024)
def _spaced_pattern(spaced_names: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(r"[ \t]*".join(map(re.escape, name)) for name in spaced_names))


def _known_spans(norm: str, index: _KnownIndex) -> list[tuple[int, int, str]]:
    found = []
    for literal, kind in index.literals:
        found.extend((at, at + len(literal), kind) for at in _occurrences(norm, literal))
    if index.emails:
        lower = norm.translate(ASCII_LOWER)
        for email in index.emails:
            found.extend((at, at + len(email), "email") for at in _occurrences(lower, email))
    if index.spaced_names and SPACED_CJK.search(norm):
        found.extend(
            (m.start(), m.end(), "person_name") for m in _spaced_pattern(index.spaced_names).finditer(norm)
        )
    return found


# --- find ---------------------------------------------------------------------------------------------------


def find(text: str, known: Known | None = None, policy: Policy = Policy()) -> list[Span]:
    """The spans to mask in ``text``: sorted, non-overlapping, offsets in code points."""
    norm = patterns.normalise(text)
    known = known or Known()
    found: list[tuple[int, int, str]] = []

    index = _index(known, policy)
    for match in patterns.DIGIT_RUN.finditer(norm):
        raw = match.group()
        kind = index.numbers.get(compact_number(raw)) if index.numbers else None
        if kind := kind or patterns.classify_number(norm, match.start(), raw):
            found.append((match.start(), match.end(), kind))
    for match in patterns.MASKED_NUMBER.finditer(norm):
        if kind := patterns.classify_masked(match.group()):
            found.append((match.start(), match.end(), kind))
    found.extend((m.start(), m.end(), "email") for m in patterns.EMAIL.finditer(norm))
    found.extend((m.start(), m.end(), "plate") for m in patterns.PLATE.finditer(norm))
    found.extend((start, end, "address") for start, end in patterns.find_addresses(norm))

    found.extend(_known_spans(norm, index))

    protected = [m.span() for m in CREDIT_CODE.finditer(norm) if patterns.is_valid_credit_code(m.group())]
    organisations = {re.sub(r"\s+", "", o) for o in known.organisations if len(o.strip()) >= 2}
    for organisation in organisations:
        start = norm.find(organisation)
        while start >= 0:
            protected.append((start, start + len(organisation)))
            start = norm.find(organisation, start + 1)
    protected.extend(names.find_organisations(norm))

    if policy.detect_unknown_names:
        found.extend(_unknown_names(norm, known, policy))

    kept = _resolve(found, protected, norm)
    return [Span(start, end, kind, text[start:end]) for start, end, kind in kept]


def _unknown_names(norm: str, known: Known, policy: Policy) -> list[tuple[int, int, str]]:
    roles = {p.name.strip(): p.role for p in known.persons if p.name.strip()}
    detected = names.find_unknown_names(norm)
    kept_surnames = {
        names.surname_of(name)
        for name, role in [*roles.items(), *detected.items()]
        if not policy.masks_name_of(role)
    }
    to_mask = {
        name
        for name, role in detected.items()
        if policy.masks_name_of(roles.get(name, role)) and name not in roles
    }
    spans = []
    if to_mask:
        literal = re.compile("|".join(map(re.escape, sorted(to_mask, key=len, reverse=True))))
        spans.extend((m.start(), m.end(), "person_name") for m in literal.finditer(norm))
    for start, end in names.find_titles(norm):
        if names.surname_of(norm[start:end]) not in kept_surnames:
            spans.append((start, end, "person_name"))
    return spans


def _resolve(found, protected, norm: str) -> list[tuple[int, int, str]]:
    """Longest first, no overlaps; names never inside an organisation's name or a credit code."""
    accepted: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
        if kind == "person_name":
            if any(a < end and start < b for a, b in protected):
                continue
            if names.inside_organisation_name(norm, end):
                continue
        elif kind in ("id_number", "bank_account", "phone") and any(
            a <= start and end <= b for a, b in protected
        ):
            continue
        if any(a < end and start < b for a, b, _ in accepted):
            continue
        accepted.append((start, end, kind))
    accepted.sort()
    return accepted


# --- masks --------------------------------------------------------------------------------------------------


def mask(kind: str, text: str) -> str:
    """The mask of ``text`` as national practice writes it: 张**, 110105********002X, 138****5678, …"""
    if kind == "person_name":
        name = re.sub(r"\s+", "", text)
        for title in ("先生", "女士"):
            name = name.removesuffix(title) if len(name) > len(title) else name
        return names.surname_of(name) + "**"
    if kind == "id_number":
        return patterns.mask_id(text)
    if kind == "phone":
        return patterns.mask_phone(text)
    if kind == "bank_account":
        return patterns.mask_account(text)
    if kind == "address":
        return patterns.mask_address(text)
    if kind == "email":
        return patterns.mask_email(text)
    if kind == "plate":
        return patterns.mask_plate(text)
    raise ValueError(f"未知的遮蔽类型“{kind}”：应为 {'、'.join(KINDS)} 之一。")


def apply(text: str, spans: Sequence[Span]) -> str:
    """``text`` with each span replaced by its mask (the length may change)."""
    out, pos = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos:
            continue
        out.append(text[pos : span.start])
        out.append(mask(span.kind, text[span.start : span.end]))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str, known: Known | None = None, policy: Policy = Policy()) -> tuple[str, list[Span]]:
    spans = find(text, known, policy)
    return apply(text, spans), spans
