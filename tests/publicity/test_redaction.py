"""The redaction engine, rule by rule (docs/redaction.md). Pure: no database."""

from __future__ import annotations

import pytest

from sanxiang.accounts.codes import make_credit_code
from sanxiang.publicity.redaction import Known, KnownPerson, Policy, Span, apply, find, mask, redact

CREDIT_CODE = make_credit_code(registration="9", kind="1", division="430104", body="MA4L0QJ28")


def kinds(text: str, known: Known | None = None, policy: Policy | None = None) -> list[tuple[str, str]]:
    return [(span.kind, span.text) for span in find(text, known, policy or Policy())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 18-digit ID numbers: the GB 11643 check digit, X included; partly masked; old 15-digit ones.
        ("身份证号码：11010519491231002X，", [("id_number", "11010519491231002X")]),
        ("公民身份号码430104199003075331。", [("id_number", "430104199003075331")]),
        ("身份证号：430408 19690413 4411，", [("id_number", "430408 19690413 4411")]),
        (
            "身份证号码１１０１０５１９４９１２３１００２Ｘ",
            [("id_number", "１１０１０５１９４９１２３１００２Ｘ")],
        ),
        ("（身份证号码110105********002X）", [("id_number", "110105********002X")]),
        ("身份证4401**********1234，", [("id_number", "4401**********1234")]),
        ("身份证号码431002880305551）", [("id_number", "431002880305551")]),
        # Mobile and landline numbers, in every usual spelling.
        ("联系电话：13812345678。", [("phone", "13812345678")]),
        ("手机 138 1234 5678，", [("phone", "138 1234 5678")]),
        ("电话138-1234-5678", [("phone", "138-1234-5678")]),
        ("电话+86 13812345678", [("phone", "+86 13812345678")]),
        ("电话１３８１２３４５６７８", [("phone", "１３８１２３４５６７８")]),
        ("电话138****5678", [("phone", "138****5678")]),
        ("联系电话0731-88886666", [("phone", "0731-88886666")]),
        ("联系方式：(0734)8126655。", [("phone", "(0734)8126655")]),
        ("电话010-65123456", [("phone", "010-65123456")]),
        ("电话：8812345。", [("phone", "8812345")]),
        # Bank cards and accounts.
        ("账号：6222 0219 0100 1234 567）", [("bank_account", "6222 0219 0100 1234 567")]),
        ("银行卡（卡号6217002920013456789）", [("bank_account", "6217002920013456789")]),
        # E-mail, plates.
        ("电子邮箱wangqiang1978@163.com，", [("email", "wangqiang1978@163.com")]),
        ("驾驶的湘A·12345号车辆", [("plate", "湘A·12345")]),
        ("车牌号为粤B D12345的车辆", [("plate", "粤B D12345")]),
        # Home addresses of natural persons.
        (
            "当事人：李四，男，住址：长沙市岳麓区麓山路12号3栋201室，电话",
            [("person_name", "李四"), ("address", "长沙市岳麓区麓山路12号3栋201室")],
        ),
        ("家庭住址湘潭市雨湖区金星北路192号5栋1701室，", [("address", "湘潭市雨湖区金星北路192号5栋1701室")]),
    ],
)
def test_patterns_find_each_kind(text, expected):
    found = kinds(text, policy=Policy(mask_party_name=True))
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        f"统一社会信用代码：{CREDIT_CODE}",
        "文号：岳卫医罚〔2026〕12号，依据《医疗机构管理条例》第四十七条第一款",
        "罚款人民币50000.00元（伍万元整），2026年3月5日送达",
        "检验报告编号SY2026012345，住院号123456",
        "当事人：长沙市岳麓区卫生健康局；地址：长沙市岳麓区麓山路88号",
        "当事人：湘潭市雨湖区王府井大酒店有限公司\n住所：湘潭市雨湖区高新路8号",
        "（本机关联系电话：0731-88881234）",
        "身份证号码：110105********",
    ],
)
def test_what_is_never_masked(text):
    assert find(text) == []


def test_an_all_digit_credit_code_is_not_an_id_number():
    # positions 7-14 read as a birth date (19850101), the check character is a digit
    codes = [
        make_credit_code(registration="1", kind="2", division="431019", body=f"850101{n:03d}")
        for n in range(200)
    ]
    code = next(c for c in codes if c.isdigit())
    assert find(f"统一社会信用代码：{code}") == []


def test_a_wrong_check_digit_with_a_real_birth_date_is_still_an_id_number():
    assert kinds("身份证号430104199003075332") == [("id_number", "430104199003075332")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("患者李四于2026年3月就诊", ["李四"]),
        ("护士王芳在诊所工作", ["王芳"]),
        ("证人陈晨曦证实此事", ["陈晨曦"]),
        ("证人陈晨曦、欧阳秀兰、刘伟均在场", ["陈晨曦", "欧阳秀兰", "刘伟"]),
        ("3.对廖俊杰的询问笔录；", ["廖俊杰"]),
        ("未安排郑国平等12名劳动者体检", ["郑国平"]),
        ("其妻欧阳秀兰出租房屋", ["欧阳秀兰"]),
        ("顾客投诉，陶女士称当日由当事人操作", ["陶女士"]),
        ("救生员符小龙未持证。符小龙称不知情。", ["符小龙", "符小龙"]),
    ],
)
def test_unknown_names_are_found_from_context(text, names):
    assert [s.text for s in find(text) if s.kind == "person_name"] == names


@pytest.mark.parametrize(
    "text",
    [
        "当事人：长沙市岳麓区闫超口腔诊所\n主要负责人：闫超\n当事人闫超口腔诊所使用非卫生技术人员",
        "当事人陈述申辩期间，当事人未提出异议",
        "湘潭市雨湖区王府井大酒店的从业人员安排不当",
        "卫生健康局工作人员于2026年到场",
        "患者王某、王某某的病历",
        "从业人员花名册",
    ],
)
def test_organisations_and_words_are_not_names(text):
    assert [s for s in find(text) if s.kind == "person_name"] == []


def test_party_and_representative_names_stay_by_default_and_are_masked_on_request():
    text = "当事人：张伟，男，住址：长沙市岳麓区麓山路1号。法定代表人：李强。证人王芳。"
    assert [s.text for s in find(text) if s.kind == "person_name"] == ["王芳"]
    policy = Policy(mask_party_name=True, mask_legal_representative_name=True)
    assert [s.text for s in find(text, policy=policy) if s.kind == "person_name"] == ["张伟", "李强", "王芳"]


def test_known_values_are_masked_in_every_variant():
    known = Known(
        persons=[
            KnownPerson(
                name="欧阳明辉",
                role="witness",
                id_numbers=["430104199003075331"],
                phones=["13812345678", "0731-85512034"],
                accounts=["6217002920013456789"],
                emails=["Ouyang@Example.com"],
                plates=["湘A7B2C9"],
                addresses=["湖南省长沙市岳麓区麓山路12号3栋201室"],
            ),
            KnownPerson(name="张伟", role="party"),
        ],
        organisations=["长沙市张伟口腔诊所"],
    )
    text = (
        "欧 阳 明 辉称，其身份证号 4301 0419 9003 0753 31，手机１３８-１２３４-５６７８，座机073185512034，"
        "卡号6217-0029-2001-3456-789，邮箱ouyang@example.com，车辆湘A·7B2C9，住岳麓区麓山路12号3栋201室。"
        "欧阳先生另称张伟系长沙市张伟口腔诊所负责人。"
    )
    found = kinds(text, known, Policy(detect_unknown_names=False))
    assert [k for k, _ in found] == [
        "person_name", "id_number", "phone", "phone", "bank_account", "email", "plate", "address", "person_name",
    ]  # fmt: skip
    assert found[-1] == ("person_name", "欧阳先生")
    # with the party's name masked too, the name inside the clinic's name still stays
    found = kinds(text, known, Policy(mask_party_name=True, detect_unknown_names=False))
    assert ("person_name", "张伟") in found
    assert sum(1 for k, t in found if t == "张伟") == 1


def test_known_names_win_over_the_roles_context_suggests():
    known = Known(persons=[KnownPerson(name="王芳", role="party")])
    assert find("证人王芳证实", known) == []


@pytest.mark.parametrize(
    ("kind", "text", "masked"),
    [
        ("person_name", "张三", "张**"),
        ("person_name", "张三丰", "张**"),
        ("person_name", "欧阳秀兰", "欧阳**"),
        ("person_name", "陶女士", "陶**"),
        ("person_name", "欧 阳 明 辉", "欧阳**"),
        ("id_number", "11010519491231002X", "110105********002X"),
        ("id_number", "110105********002X", "110105********002X"),
        ("id_number", "430408 19690413 4411", "430408********4411"),
        ("id_number", "431002880305551", "431002*****5551"),
        ("phone", "13812345678", "138****5678"),
        ("phone", "１３８-１２３４-５６７８", "138****5678"),
        ("phone", "+86 13812345678", "+86 138****5678"),
        ("phone", "0731-88886666", "0731-****6666"),
        ("phone", "010-65123456", "010-****3456"),
        ("bank_account", "6222 0219 0100 1234 567", "6222***********4567"),
        ("address", "长沙市岳麓区麓山路12号3栋201室", "长沙市岳麓区***"),
        ("address", "湖南省长沙市岳麓区麓山路12号", "湖南省长沙市岳麓区***"),
        ("email", "wangqiang1978@163.com", "w***@163.com"),
        ("plate", "湘A·12345", "湘A***45"),
    ],
)
def test_masks_follow_national_practice(kind, text, masked):
    assert mask(kind, text) == masked


def test_mask_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="未知的遮蔽类型"):
        mask("salary", "1000")


def test_apply_replaces_spans_and_offsets_are_code_points():
    text = "证人王芳（电话13812345678）"
    redacted, spans = redact(text)
    assert spans == [Span(2, 4, "person_name", "王芳"), Span(7, 18, "phone", "13812345678")]
    assert redacted == "证人王**（电话138****5678）"
    assert apply(text, []) == text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "应为 JSON 对象"),
        ({"people": []}, "不认识的键“people”"),
        ({"persons": {}}, "persons 应为列表"),
        ({"persons": ["张三"]}, "第 1 项应为 JSON 对象"),
        ({"persons": [{"name": 1}]}, "name 应为字符串"),
        ({"persons": [{"name": "张三", "role": "boss"}]}, "role“boss”无效"),
        ({"persons": [{"name": "张三", "phones": "13812345678"}]}, "phones 应为字符串列表"),
        ({"persons": [{"name": "张三", "phone": ["1"]}]}, "不认识的键“phone”"),
        ({"organisations": "某公司"}, "organisations 应为字符串列表"),
    ],
)
def test_known_from_json_rejects_a_bad_shape_in_chinese(data, problem):
    with pytest.raises(ValueError, match=problem):
        Known.from_json(data)


def test_known_round_trips_through_json():
    data = {
        "persons": [
            {"name": "张三", "role": "party", "id_numbers": ["11010519491231002X"], "phones": [], "addresses": [],
             "emails": [], "accounts": [], "plates": ["湘A12345"]},
        ],
        "organisations": ["某某诊所"],
    }  # fmt: skip
    assert Known.from_json(data).to_json() == data
