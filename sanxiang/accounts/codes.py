"""Unified social credit codes (统一社会信用代码) and administrative division codes (行政区划代码).

Pure functions, no Django. Source: GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》:

    position 1      登记管理部门码 (registration authority)
    position 2      机构类别码 (kind of organisation, meaning depends on position 1)
    positions 3–8   登记管理机关行政区划码 (GB/T 2260, six digits)
    positions 9–17  主体标识码 (组织机构代码, GB 11714)
    position 18     校验码, computed over positions 1–17 (section 5 and annex A of the standard)

The alphabet has 31 characters: the ten digits and the capital letters without I, O, Z, S and V.
The organisation-code part (9–17) is not checked on its own: codes of 个体工商户 legitimately do not follow
GB 11714, and the check character over the whole code catches typing mistakes anyway.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
CENTRAL_DIVISION = "100000"

# GB 32100-2015 table 1 (登记管理部门码) and table 2 (机构类别码), with the later 农业 (N) code.
ORGANISATION_KINDS: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"},
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}


def check_character(first17: str) -> str:
    """The 18th character for the first 17: C18 = 31 − (Σ Ci·Wi mod 31), where 31 becomes 0.

    Raises ``ValueError`` when the input is not 17 characters of the alphabet.
    """
    if len(first17) != LENGTH - 1 or any(char not in VALUES for char in first17):
        raise ValueError(f"需要 17 位代码字符，收到“{first17}”")
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def division_code_problem(code: str) -> str | None:
    """Why ``code`` is not a six-digit administrative division code (GB/T 2260), or ``None`` when it is.

    Only the form is checked (six digits, a province part 11–82); the list of divisions changes yearly.
    ``100000`` stands for the central level (中央) in credit codes of central bodies.
    """
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return f"行政区划代码应为 6 位数字，实为“{code}”"
    if code == CENTRAL_DIVISION:
        return None
    if not 11 <= int(code[:2]) <= 82:
        return f"行政区划代码“{code}”的省级部分“{code[:2]}”不存在（应在 11–82 之间）"
    return None


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code, or ``None`` when it is valid.

    The reason is one Chinese sentence naming the first problem found, e.g.
    "统一社会信用代码校验位错误：应为 X，实为 Y".
    """
    if len(code) != LENGTH:
        return f"统一社会信用代码应为 18 位，实为 {len(code)} 位"
    bad = [char for char in code if char not in VALUES]
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”（只能是数字和除 I、O、Z、S、V 以外的大写字母）"
    kinds = ORGANISATION_KINDS.get(code[0])
    if kinds is None:
        return f"统一社会信用代码第 1 位（登记管理部门码）“{code[0]}”不存在"
    if code[1] not in kinds:
        return f"统一社会信用代码第 2 位（机构类别码）“{code[1]}”与登记管理部门码“{code[0]}”不匹配"
    division_problem = division_code_problem(code[2:8])
    if division_problem:
        return f"统一社会信用代码第 3–8 位：{division_problem}"
    expected = check_character(code[:17])
    if expected != code[17]:
        return f"统一社会信用代码校验位错误：应为 {expected}，实为 {code[17]}"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None


def make_credit_code(*, registration: str = "1", kind: str = "1", division: str, body: str) -> str:
    """A valid code from its parts (``body`` is the 9-character 主体标识码); used for demo and test data."""
    first17 = f"{registration}{kind}{division}{body}"
    return first17 + check_character(first17)
