"""Names of natural persons the record does not know, and names of organisations (docs/redaction.md).

Pure, stdlib only; runs on the normalised text of ``redaction_patterns.normalise``. A name is a common surname
(``redaction_data/surnames.json``) and one or two more characters, found where the context says a person is
named: after a cue (患者, 证人, 护士, 法定代表人, 经办人 …, and what follows in an enumeration 、), before a cue
(…的询问笔录, …（男, …的证言, …女士). Where a third character is uncertain, a table of characters and
two-character words that follow names rather than end them decides (``王芳在诊所``, ``陈晨曦证实``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

CJK = "\u4e00-\u9fff"

# Roles a cue gives the name after it. A cue at the start of a header line ("负责人：") names the party's
# legal representative / person in charge; in the body "车间负责人" is a third person.
PARTY_CUES = ("当事人", "被处罚人", "经营者", "投资人")
REPRESENTATIVE_CUES = ("法定代表人", "主要负责人")
HEADER_REPRESENTATIVE_CUES = (
    "负责人",
    "院长",
    "园长",
    "校长",
    "厂长",
    "店长",
    "站长",
    "所长",
    "经理",
    "主任",
)
THIRD_CUES = (
    "患者", "病人", "患儿", "产妇", "孕妇", "证人", "护士长", "护士", "医生", "医师", "大夫", "顾客", "消费者",
    "投诉人", "举报人", "经办人", "联系人", "员工", "职工", "从业人员", "工作人员", "劳动者", "技术人员",
    "操作人员", "驾驶员", "司机", "村民", "家属", "受害人", "委托代理人", "代理人", "被询问人", "陈述人",
    "监护人", "检验员", "店员", "服务员", "收银员", "厨师", "保洁员", "技师", "美容师", "学生", "教师", "老师",
    "负责人", "见证人", "记录人", "翻译人员", "配偶", "丈夫", "妻子", "儿子", "女儿", "父亲", "母亲", "租户",
    "房东", "承租人", "出租人", "业主", "人员", "员", "主任", "院长", "科长", "所长", "站长", "店长", "经理",
    "会计", "出纳", "住户", "其妻", "其夫", "之妻", "之夫", "之子", "之女", "之父", "之母", "其子", "其女",
    "家长", "园长", "校长", "厂长", "组长", "班长", "队长", "厨工", "杂工", "工人", "就诊者", "求诊者", "受检者",
    "体检者", "接种者", "死者", "伤者", "购买者", "乘客", "住客", "旅客", "游客", "同事", "邻居", "亲属", "朋友",
)  # fmt: skip
# Characters after which a name can start in running text (安排X, 其中X, 转入X, 由X…).
BEFORE_NAME = "（，：；对与和及、向由排中将让给称经据即系为是员人长任把被交转入户妻夫子女查见请派找叫至"
# Characters that do not continue a name right after the surname (function words).
STOP_SECOND = "的在于等是系为到至与和及未已从经因所均也都将把被对给曾又即不没说之某先女男士其该本称"
# Characters that end a name before them when they would be its third character.
STOP_THIRD = (
    STOP_SECOND
    + "就向进接提签陈表承确介反投举驾操负书代患出购使离拒交入工诊注持电身联询具以一二三四五六七八九十等作担医护家同现住岁共手自"
)
# Two-character words that start right after a name: when the third character starts one, the name has two.
WORDS_AFTER = frozenset(
    "证实 证明 证言 进行 就诊 接受 提供 签字 签名 陈述 表示 承认 确认 介绍 反映 投诉 举报 驾驶 操作 负责 书写 "
    "代为 称其 患有 出现 购买 使用 离开 拒绝 交代 入住 工作 经营 诊断 注射 从事 持有 未经 电话 身份 联系 询问 "
    "具有 以及 作为 担任 医师 护士 医生 女士 先生 同志 住院 办理 领取 死亡 自述 自称 说明 到场 在场 本人 签收 "
    "手写 口述 个人 门诊 病历 家属 现场".split()
)
# Two-character strings after a cue that are words, not names.
NOT_NAMES = frozenset(
    "安排 和设 和其 向患 向其 向当 向本 向我 向该 向社 向顾 向消 花名 名单 陈述 申辩 安全 常规 明确 金额 文件 方面 时间 任何 全部 高度 应当 由于 成为 相关 信息 原因 国家 平时 来自 "
    "初次 计划 利用 强制 海量 花费 明显 华丽 向其 于当 于次 于同 于本 于该 于事 于某 于是 于年 于月 于日 于上 "
    "于下 于前 于后 于现 姚某 关于 祝福 余额 时候 江湖 石材 单位 房屋 车辆 车间 包括 宁可 齐全 易于 乔迁 伍佰 "
    "庞大 颜色 章程 鲁莽 岳父 曲线 简单 管理 游泳 路段 辛苦 景区 党员 费用 宫颈 冷藏 席位 卫生 米粉 柏油 宗旨 "
    "桂花 全面 应急 师傅 和解 商户 沙发 荣誉 郎中 甄别 仲裁 明知 查看 查验 查明 查封 麻醉 池水 官方 封存 谈话 "
    "惠民 乐器 楚楚 劳动 皮肤 楼层 满意 闻讯 位于 海报 花园 权利 强迫 豆浆 盖章 练习 廉洁 井水 祖父 巴士 丰富 "
    "支付 国产 计算 宣传 相应 初步 云南 容器 敬请 普通 戈壁 伏天 鹿茸 薄膜 雍正 羊肉 母亲 修改 宿舍 鲜花 印章 "
    "隆重 诸如 战略 慕名 危害 银行 尉迟 束缚 展示 智能 幸福 奉献 植物 衡量 富有 尧舜 闭店 万元 钱款 金钱 方式 "
    "曾经 曾于 何时 高于 高新 林业 周边 周末 周岁 吴某 孙子 马上 朱红 胡乱 郭某 黄色 白色 田间 石膏 毛发 龙头 "
    "史料 文明 温度 康复 施工 牛奶 安装 齐备 易燃 严重 武汉 邢台 欧洲 关闭 兰州 焦虑 左侧 甘肃 包装 宁波 尚未 "
    "符合 舒适 童年 毕业 单独 季度 成立 苗木 谷物 盛放 路边 游离 靳某 华夏 房间 屈服 解释 解除 艾滋 阳性 时间 "
    "司法 古代 吉林 车间 项目 连续 卜某 冷链 米饭 全体 应该 边缘 师生 商场 商品 沙龙 荣获 寇某 桑拿 甄选 巩固 "
    "明确 池塘 查询 查处 查获 封闭 谈及 惠州 荆州 乐意 冀州 郁闷 南方 班组 储存 燕窝 楚雄 劳务 楼梯 满足 伊始 "
    "海南 海口 花卉 权限 强化 帅气 屠宰 朴实 盖印 祖国 漆器 巴中 丰台 支出 国外 国内 计生 索取 宣布 晋升 相同 "
    "初中 云端 容量 敬告 普查 浦东 鹿角 薄弱 辜负 修正 赫然 杭州 况且 宿迁 鲜活 印刷 逯某 隆回 茹素 诸城 战士 "
    "慕课 危险 银川 湛江 宾馆 戎装 茅台 揭阳 冶炼 束河 檀香 衣物 展览 昝某 智慧 幸运 奉化 植入 衡阳 富裕 闭合".split()
)
# Role nouns are not names either (顾客投诉, 家属称), nor the cues themselves.
NOT_NAMES |= frozenset(
    "顾客 家属 医生 护士 司机 学生 老师 同事 邻居 朋友 工人 村民 职工 员工 业主 房东 住户 乘客 游客 旅客 店员 厨师 "
    "技师 会计 出纳 经理 主任 院长 科长 所长 站长 店长 园长 校长 厂长 组长 班长 队长 家长 病人 患者 群众 记者 律师 "
    "法官 民警 警察 城管 执法 监督 疾控 社区 街道 居委 村委 本人 他人 对方 双方 有关 相关 全体 部分 多名 多人 "
    "何时 何处 何人 经查 经询 严加 权要 向用 向他 向社 向有 向上 向下 向行 符号 申请 利害".split()
) | frozenset(cue[:2] for cue in PARTY_CUES + REPRESENTATIVE_CUES + THIRD_CUES if len(cue) >= 2)
ORGANISATION_SUFFIX = (
    "有限责任公司|股份有限公司|有限公司|公司|分公司|诊所|医院|门诊部|卫生院|卫生室|卫生所|医务室|中心|药房|药店|"
    "大药房|宾馆|酒店|饭店|旅馆|旅社|招待所|浴室|浴池|会所|美容院|美容店|理发店|美发店|发廊|足浴店|游泳馆|健身房|"
    "工作室|店|厂|学校|幼儿园|托儿所|合作社|委员会|事务所|研究所|检测站|水厂|网吧|商行|经营部|超市|门市部"
)


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(
        (Path(__file__).parent / "redaction_data" / "surnames.json").read_text(encoding="utf-8")
    )
    return frozenset(data["single"]), frozenset(data["compound"])


def surname_of(name: str) -> str:
    _, compound = surnames()
    return name[:2] if name[:2] in compound and len(name) > 2 else name[:1]


@cache
def _patterns() -> dict[str, re.Pattern]:
    single, compound = surnames()
    surname = "(?:" + "|".join(sorted(compound)) + "|[" + "".join(sorted(single)) + "])"
    name = (
        rf"{surname}(?![{STOP_SECOND}*])[{CJK}]"  # surname + first character of the given name
        rf"(?:(?![{STOP_THIRD}])[{CJK}])?"  # an optional third character, decided afterwards
    )
    cues = sorted(PARTY_CUES + REPRESENTATIVE_CUES + THIRD_CUES, key=len, reverse=True)
    return {
        "after_cue": re.compile(rf"(?P<cue>{'|'.join(cues)})(?:[:：\s]|为|是|系|包括)?\s*(?P<name>{name})"),
        "enumeration": re.compile(rf"\s*[、和及与]\s*(?P<name>{name})"),
        "before_cue": re.compile(
            rf"(?:(?<![{CJK}])|(?<=[{BEFORE_NAME}]))(?P<name>{name})"
            r"(?=\s*(?:[,，(（]\s*(?:男|女|性别|身份证|公民身份|出生|电话|联系电话|手机|住|工号)|的询问笔录|询问笔录|的证言|证言"
            r"|的陈述|的病历|病历|的情况说明|签字|签名|电话|联系电话|驾驶|个人银行|个人账户|的身份证|身份证|的银行"
            r"|等\d+[名人]|等[一二三四五六七八九十两]+[名人]|等人"
            r"|称|证实|反映|承认|表示|介绍|提供|投诉|举报|陈述|确认|签收|代表))"
        ),
        # a list row: "1. 刘小军  电焊工"
        "list_row": re.compile(
            rf"(?m)^[ \t]*(?:\d+[.、)）]|[(（]\d+[)）])[ \t]*(?P<name>{name})(?=[ \t]{{2,}}|\t|[ \t]*[,，、]|[ \t]*$)"
        ),
        "before_of": re.compile(rf"(?<![{CJK}*])(?P<name>{name})(?=的)"),
        "title": re.compile("先生|女士"),
        "organisation_after": re.compile(
            rf"(?:(?![在于到至的为是与和及向对从去往给被将把由自系任担,，。;；:：\s])[{CJK}]){{0,8}}?(?:{ORGANISATION_SUFFIX})"
        ),
        "organisation_header": re.compile(
            rf"(?m)^[ \t]*(?:当事人|被处罚单位|被处罚人|单位名称|名称|被检查单位)[:：][ \t]*(?P<org>[{CJK}()（）]{{2,40}}?(?:{ORGANISATION_SUFFIX}))(?=[\s,，。;；(（]|$)"
        ),
    }


def _trim(norm: str, start: int, end: int) -> int:
    """The end of a name found at ``start..end``: drop an uncertain third character."""
    if end - start == 3 or (end - start == 4 and norm[start : start + 2] in surnames()[1]):
        if norm[end - 1 : end + 1] in WORDS_AFTER:
            return end - 1
    return end


def role_of_cue(norm: str, cue: str, at: int) -> str:
    if cue in PARTY_CUES:
        return "party"
    if cue in REPRESENTATIVE_CUES:
        return "legal_representative"
    line_start = norm.rfind("\n", 0, at) + 1
    if cue in HEADER_REPRESENTATIVE_CUES and not norm[line_start:at].strip():
        return "legal_representative"
    return "other"


def find_unknown_names(norm: str) -> dict[str, str]:
    """Names the context marks as names, each with the role its cue suggests (``party`` wins over others)."""
    pats = _patterns()
    found: dict[str, str] = {}

    def add(start: int, end: int, role: str) -> int:
        end = _trim(norm, start, end)
        name = norm[start:end]
        if name[:2] in NOT_NAMES or "某" in name or name[-1] in "人者们方员":
            return end
        if found.get(name) not in ("party", "legal_representative"):
            found[name] = role
        return end

    for match in pats["after_cue"].finditer(norm):
        role = role_of_cue(norm, match.group("cue"), match.start())
        end = add(*match.span("name"), role)
        while (more := pats["enumeration"].match(norm, end)) is not None:
            end = add(*more.span("name"), role)
    for match in (
        *pats["before_cue"].finditer(norm),
        *pats["before_of"].finditer(norm),
        *pats["list_row"].finditer(norm),
    ):
        line_start = norm.rfind("\n", 0, match.start()) + 1
        prefix = norm[line_start : match.start()]
        add(*match.span("name"), "party" if prefix.rstrip(":： ").endswith("当事人") else "other")
    return found


def find_titles(norm: str) -> list[tuple[int, int]]:
    """张先生, 李女士."""
    single, compound = surnames()
    found = []
    for match in _patterns()["title"].finditer(norm):
        at = match.start()
        if norm[at - 2 : at] in compound:
            found.append((at - 2, match.end()))
        elif at > 0 and norm[at - 1] in single:
            found.append((at - 1, match.end()))
    return found


def inside_organisation_name(norm: str, end: int) -> bool:
    """Whether the name ending at ``end`` is the start of an organisation's name (张三口腔诊所)."""
    return _patterns()["organisation_after"].match(norm, end) is not None


def find_organisations(norm: str) -> list[tuple[int, int]]:
    """Organisation names the header states (当事人：XX有限公司)."""
    return [match.span("org") for match in _patterns()["organisation_header"].finditer(norm)]
