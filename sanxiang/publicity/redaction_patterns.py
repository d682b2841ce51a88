"""Patterns of the redaction engine: numbers, e-mail, plates, home addresses, and the masks (docs/redaction.md).

Pure, stdlib only. Every pattern runs on the *normalised* text (``normalise``): full-width digits, letters and
punctuation mapped one-to-one to ASCII, so offsets into it are offsets into the original text.
"""

from __future__ import annotations

import re

from sanxiang.accounts.codes import is_valid_credit_code

# One code point for one code point: offsets survive.
# Chinese punctuation (，：；（）) is left alone (the patterns accept both forms): most texts then have nothing
# to map, and normalising is one regex search.
_KEEP = {ord(c) for c in "，：；（）"}
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if code not in _KEEP}
_FULLWIDTH.update({0x3000: ord(" "), 0x2014: ord("-"), 0x2013: ord("-"), 0x2212: ord("-")})
NORMALISE = str.maketrans(_FULLWIDTH)
_TO_NORMALISE = re.compile("[" + "".join(re.escape(chr(code)) for code in _FULLWIDTH) + "]")


def normalise(text: str) -> str:
    return text.translate(NORMALISE) if _TO_NORMALISE.search(text) else text


# --- numbers: one scan for every run of digits, classified afterwards -------------------------------------

DIGIT_RUN = re.compile(
    r"(?<![0-9A-Za-z*])(?:\+86[ \t-]?|[(（]0\d{2,3}[)）][ \t-]?)?\d(?:[ \t-]?\d){6,22}[Xx]?(?![0-9A-Za-z*])"
)
# Partly masked ID numbers (110105********002X, 4401**********1234) and mobile numbers (138****5678).
MASKED_NUMBER = re.compile(r"(?<![0-9A-Za-z*])\d{2,6}\*{4,12}\d{1,4}[\dXx]?(?![0-9A-Za-z*])")
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = re.compile(
    rf"[{PLATE_PROVINCES}][A-HJ-NP-Z][·•・. -]?[A-HJ-NP-Z0-9]{{4}}[A-HJ-NP-Z0-9挂学警港澳](?:[A-HJ-NP-Z0-9])?(?![A-Za-z0-9])"
)
SEPARATORS = re.compile(r"[ \t\-()（）+·•・.]")
ACCOUNT_CUES = ("账号", "帐号", "账户", "帐户", "卡号", "银行卡", "开户", "银行")
PHONE_CUES = ("电话", "手机", "联系方式", "Tel", "TEL", "tel")
# The agency's own numbers are public (本机关联系电话, 举报电话).
PUBLIC_PHONE_CUES = ("本机关", "本局", "本委", "举报电话", "咨询电话", "监督电话", "服务热线")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 公民身份号码 校验码 (ISO 7064 MOD 11-2)."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def _date_ok(year: int, month: int, day: int) -> bool:
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def id_kind(digits: str) -> bool:
    """Whether an 18- or 15-character string is (very likely) a 公民身份号码.

    18 characters: the check digit holds, or the birth date is a date and the region a province (a mistyped
    ID is still personal). 15 characters: the old format, 6-digit region + YYMMDD + 3 digits.
    """
    if not 11 <= int(digits[:2]) <= 82:
        return False
    if len(digits) == 18:
        if not digits[:17].isdigit() or is_valid_credit_code(digits):
            return False
        if id_check_digit(digits[:17]) == digits[17].upper():
            return True
        return _date_ok(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    if len(digits) == 15 and digits.isdigit():
        return _date_ok(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    return False


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _before(text: str, start: int, cues: tuple[str, ...], width: int = 24) -> bool:
    window = text[max(0, start - width) : start]
    return any(cue in window for cue in cues)


def classify_number(text: str, start: int, raw: str) -> str | None:
    """The kind of a run of digits found by ``DIGIT_RUN`` at ``start`` in the normalised text, or None."""
    groups = re.split(r"[ \t-]+", raw.removeprefix("+86").strip(" \t-"))
    if len(groups) > 1 and min(len(g) for g in groups) < 3:
        return None  # 03 07 12 19 25 31: several small numbers, not one
    digits = SEPARATORS.sub("", raw)
    if digits.startswith("86") and raw.startswith("+"):
        digits = digits[2:]
    n = len(digits)
    if n in (15, 18) and id_kind(digits):
        return "id_number"
    if not digits.isdigit():
        return None
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return "phone"
    if digits[0] == "0" and 10 <= n <= 12 and digits[1] != "0":
        return None if _before(text, start, PUBLIC_PHONE_CUES, 12) else "phone"
    if 16 <= n <= 19 and (_before(text, start, ACCOUNT_CUES) or (digits[0] in "3456" and _luhn(digits))):
        return "bank_account"
    if 12 <= n <= 30 and _before(text, start, ACCOUNT_CUES, 12):
        return "bank_account"
    if (
        7 <= n <= 8
        and _before(text, start, PHONE_CUES, 8)
        and not _before(text, start, PUBLIC_PHONE_CUES, 12)
    ):
        return "phone"
    return None


def classify_masked(raw: str) -> str | None:
    if len(raw) in (15, 18) and 11 <= int(raw[:2]) <= 82:
        return "id_number"
    if len(raw) == 11 and raw[0] == "1":
        return "phone"
    return None


# --- home addresses of natural persons ----------------------------------------------------------------------

_ADDRESS_BODY = r"([\u4e00-\u9fff][^,，。;；\n:：()（）、]{3,60}?)(?=[,，。;；\n(（]|$)"
ADDRESS_STRONG = re.compile(
    r"(?:家庭住址|家庭地址|现住址|现住|家住|户籍地址|户籍所在地|户籍地|居住地址|居住地|住址)[:：\s]*"
    + _ADDRESS_BODY
)
# 住所 / 地址 / 住 are also used for organisations: they count only on a line that describes a natural person.
ADDRESS_WEAK = re.compile(r"(?:住所地|住所|地址|(?<=[,，:：\n])住)[:：\s]*" + _ADDRESS_BODY)
PERSON_LINE = re.compile(r"性别|[,，:：(（]\s*[男女]\s*[,，)）]|身份证|身份号码|出生")
ADDRESS_LOOK = re.compile(r"[省市县区镇乡村路街道巷弄组号栋室楼]")


def find_addresses(norm: str) -> list[tuple[int, int]]:
    found = []
    for match in ADDRESS_STRONG.finditer(norm):
        body = match.group(1)
        if "*" not in body and ADDRESS_LOOK.search(body):
            found.append(match.span(1))
    for match in ADDRESS_WEAK.finditer(norm):
        body = match.group(1)
        if "*" in body or not ADDRESS_LOOK.search(body):
            continue
        line_start = norm.rfind("\n", 0, match.start()) + 1
        line_end = norm.find("\n", match.end())
        line = norm[line_start : line_end if line_end >= 0 else len(norm)]
        if PERSON_LINE.search(line):
            found.append(match.span(1))
    return found


# --- masks (national practice: keep the surname, ID first 6 + last 4, phone 3 + **** + 4) --------------------

ADMIN_PREFIX = re.compile(
    r"^(?P<province>[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?P<city>[\u4e00-\u9fff]{2,7}?(?:市|自治州|州|盟))?"
    r"(?P<county>[\u4e00-\u9fff]{1,7}?(?:区|县|旗|市))?"
)


def address_variants(address: str) -> list[str]:
    """The address, and the same without its province, city, county in turn (texts often start lower)."""
    prefix = ADMIN_PREFIX.match(address)
    variants, cut = [address], 0
    for part in ("province", "city", "county"):
        if prefix.group(part):
            cut = prefix.end(part)
            variants.append(address[cut:])
    return variants


def _compact(text: str) -> str:
    return SEPARATORS.sub("", normalise(text))


def mask_id(text: str) -> str:
    value = _compact(text)
    if len(value) < 11:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(text: str) -> str:
    value = _compact(text)
    prefix = ""
    if normalise(text).lstrip().startswith("+86") and value.startswith("86"):
        prefix, value = "+86 ", value[2:]
    if len(value) == 11 and value[0] == "1":
        return prefix + value[:3] + "****" + value[-4:]
    if value.startswith("0") and len(value) >= 10:
        area = 3 if value[1] in "12" else 4
        return value[:area] + "-" + "*" * (len(value) - area - 4) + value[-4:]
    return "*" * max(0, len(value) - 4) + value[-4:]


def mask_account(text: str) -> str:
    value = _compact(text)
    return value[:4] + "*" * max(0, len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)


def mask_address(text: str) -> str:
    prefix = ADMIN_PREFIX.match(text.strip())
    keep = prefix.group(0) if prefix else ""
    return keep + "***"


def mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"


def mask_plate(text: str) -> str:
    value = re.sub(r"[·•・. -]", "", normalise(text))
    return value[:2] + "***" + value[-2:] if len(value) >= 6 else "*" * len(value)
