"""Forms of the case screens. They check the *form* of the input only; every rule of the law is checked by the
services (a refusal comes back as a Chinese message on the same page).

Workflow actions reuse the API's per-action serializers (``cases.api.ACTIONS``): :func:`action_fields`
describes a serializer's fields for the template and :func:`action_data` turns a POST into its input.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from rest_framework import serializers as drf

from sanxiang.accounts.models import User
from sanxiang.cases.models import Activity, CaseOfficer
from sanxiang.cases.rules import NO_PENALTY_GROUNDS
from sanxiang.cases.service import ServiceMethod
from sanxiang.catalog.penalties import PENALTY_CHOICES, PartyKind, Procedure
from sanxiang.review import checklist

# Chinese labels of the serializer fields the action forms show.
FIELD_LABELS = {
    "reason": "理由或说明",
    "served_on": "送达日期",
    "statement": "陈述、申辩内容",
    "waived": "当事人放弃陈述、申辩",
    "hearing_waived": "当事人放弃听证",
    "requested_on": "申请日期",
    "hearing_on": "听证日期",
    "notice_served_on": "听证通知送达日期",
    "host": "听证主持人",
    "held_on": "举行日期",
    "record": "笔录",
    "decision_number": "决定书文号（不填则采用已签发决定书的文号）",
    "ground": "不予处罚的理由",
    "method": "送达方式",
    "signed_on": "签收日期",
    "left_on": "留置日期",
    "receipt_on": "回执日期",
    "reached_on": "到达日期",
    "consent_signed": "当事人已签署电子送达确认书",
    "announced_on": "公告日期",
    "witness_or_recording": "有见证人或录像",
    "deciding_body": "作出机关",
    "decided_on": "决定日期",
    "document_number": "文书编号",
    "receiving_body": "接收机关",
    "kind": "类别",
    "start_on": "开始日期",
    "end_on": "结束日期",
    "days": "延长天数",
    "court": "人民法院",
    "report": "调查终结报告",
    "proposed_decision": "拟作出的处理决定",
    "reasons": "理由和依据",
    "evidence_list": "证据清单",
    "hearing_record": "听证笔录（举行过听证的）",
    "penalty_kinds": "处罚种类",
    "fine": "罚款金额（元）",
    "confiscation": "没收金额（元）",
    "facts": "违法事实",
    "credentials_shown": "已出示执法证件",
}
CHOICE_LABELS = {
    "method": {m.value: m.label for m in ServiceMethod},
    "ground": dict(NO_PENALTY_GROUNDS),
    "penalty_kinds": dict(PENALTY_CHOICES),
    "kind": {"reconsideration": "行政复议", "litigation": "行政诉讼"},
}
LONG_TEXT = {"reason", "statement", "record", "report", "proposed_decision", "reasons", "evidence_list",
             "hearing_record", "facts"}  # fmt: skip


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    widget: str  # text, textarea, date, datetime, number, checkbox, select, multi
    required: bool
    choices: tuple[tuple[str, str], ...] = ()


def _users(agency_id: int | None) -> tuple[tuple[str, str], ...]:
    rows = User.objects.filter(is_active=True, department__agency_id=agency_id).order_by("id")
    return tuple((str(u.pk), str(u)) for u in rows)


def action_fields(serializer_class, *, agency_id: int | None) -> list[Field] | None:
    """The fields of an action's input, or None when the input cannot be given on a plain form."""
    out = []
    for name, f in serializer_class().fields.items():
        label = FIELD_LABELS.get(name, f.help_text or name)
        required = bool(f.required)
        if isinstance(f, drf.BooleanField):
            out.append(Field(name, label, "checkbox", False))
        elif isinstance(f, drf.ListField) and isinstance(f.child, drf.ChoiceField):
            labels = CHOICE_LABELS.get(name, {})
            out.append(Field(name, label, "multi", required,
                             tuple((k, labels.get(k, k)) for k in f.child.choices)))  # fmt: skip
        elif isinstance(f, drf.ChoiceField):
            labels = CHOICE_LABELS.get(name, {})
            out.append(
                Field(name, label, "select", required, tuple((k, labels.get(k, k)) for k in f.choices))
            )
        elif isinstance(f, drf.DateTimeField):
            out.append(Field(name, label, "datetime", required))
        elif isinstance(f, drf.DateField):
            out.append(Field(name, label, "date", required))
        elif isinstance(f, drf.IntegerField | drf.DecimalField):
            out.append(Field(name, label, "number", required))
        elif isinstance(f, drf.PrimaryKeyRelatedField):
            out.append(Field(name, label, "select", required, _users(agency_id)))
        elif isinstance(f, drf.CharField):
            out.append(Field(name, label, "textarea" if name in LONG_TEXT else "text", required))
        else:  # nested lists and dicts (分期缴纳, 集体讨论意见): through the API
            return None
    return out


def action_data(serializer_class, post) -> dict:
    """A POST of an action form as the serializer's input: unchecked boxes are false, empty optional
    values are left out so the serializer's defaults apply."""
    data: dict = {}
    for name, f in serializer_class().fields.items():
        if isinstance(f, drf.BooleanField):
            data[name] = name in post
        elif isinstance(f, drf.ListField):
            data[name] = post.getlist(name)
        elif name in post and (post[name] != "" or isinstance(f, drf.CharField)):
            data[name] = post[name]
    return data


# -- 案源登记 ----------------------------------------------------------------------------------------------------


class RegisterForm(forms.Form):
    """案源登记: item, procedure, party, facts and the handling officers."""

    item = forms.ChoiceField(label="执法事项")
    procedure = forms.ChoiceField(label="程序", choices=[(p.value, p.label) for p in Procedure],
                                  initial=Procedure.GENERAL.value)  # fmt: skip
    source = forms.CharField(label="案件来源", max_length=200, initial="日常监督检查")
    party_kind = forms.ChoiceField(label="当事人类别", choices=[(k.value, k.label) for k in PartyKind],
                                   widget=forms.RadioSelect, initial=PartyKind.ORGANISATION.value)  # fmt: skip
    party_name = forms.CharField(label="当事人名称或姓名", max_length=200)
    id_number = forms.CharField(label="公民身份号码", max_length=30, required=False,
                                help_text="当事人为公民时填写")  # fmt: skip
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30, required=False,
                                  help_text="当事人为单位时填写")  # fmt: skip
    legal_representative = forms.CharField(label="法定代表人", max_length=50, required=False)
    contact = forms.CharField(label="联系电话", max_length=40, required=False)
    address = forms.CharField(label="住所或地址", max_length=300, required=False)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 4}))
    violation_occurred_on = forms.DateField(label="违法行为发生日期", required=False,
                                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    penalty_kinds = forms.MultipleChoiceField(label="拟处罚种类", choices=PENALTY_CHOICES[:4], required=False,
                                              widget=forms.CheckboxSelectMultiple)  # fmt: skip
    fine = forms.DecimalField(
        label="拟罚款金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    lead = forms.ChoiceField(label="主办人员")
    assistant = forms.ChoiceField(label="协办人员")

    def __init__(self, *args, items, officers, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.code, f"{i.name}（{i.code}）") for i in items]
        people = [(str(u.pk), str(u)) for u in officers]
        self.fields["lead"].choices = people
        self.fields["assistant"].choices = people
        self.fields["lead"].initial = str(user.pk)

    def clean(self):
        data = super().clean()
        if data.get("lead") and data.get("lead") == data.get("assistant"):
            self.add_error("assistant", "主办人员和协办人员不能是同一人。")
        return data

    def service_input(self) -> dict:
        d = self.cleaned_data
        party = {"kind": d["party_kind"], "name": d["party_name"], "id_number": d["id_number"].strip(),
                 "credit_code": d["credit_code"].strip(), "legal_representative": d["legal_representative"],
                 "contact": d["contact"], "address": d["address"]}  # fmt: skip
        officers = [(User.objects.get(pk=d["lead"]), CaseOfficer.Role.LEAD),
                    (User.objects.get(pk=d["assistant"]), CaseOfficer.Role.ASSISTANT)]  # fmt: skip
        return {"procedure": d["procedure"], "source": d["source"], "facts": d["facts"], "party": party,
                "officers": officers, "violation_occurred_on": d["violation_occurred_on"],
                "penalty_kinds": d["penalty_kinds"], "fine": d["fine"] or 0}  # fmt: skip


# -- 执法活动 ----------------------------------------------------------------------------------------------------


class ActivityForm(forms.Form):
    """One activity with its record, each officer's and the party's signature (or the party's refusal with a
    witness) and linked evidence."""

    kind = forms.ChoiceField(
        label="活动类别", choices=Activity.Kind.choices, initial=Activity.Kind.INSPECTION
    )
    officers = forms.MultipleChoiceField(label="执法人员（至少两名）", widget=forms.CheckboxSelectMultiple)
    started_at = forms.DateTimeField(label="时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                             format="%Y-%m-%dT%H:%M"))  # fmt: skip
    place = forms.CharField(label="地点", max_length=300)
    other_participants = forms.CharField(label="其他在场人员", max_length=300, required=False)
    credentials_shown = forms.BooleanField(label="已向当事人出示执法证件", required=False)
    record = forms.CharField(label="笔录内容", widget=forms.Textarea(attrs={"rows": 6}))
    av_recorded = forms.TypedChoiceField(
        label="本次活动是否进行了音像记录",
        choices=[("", "（不适用）"), ("yes", "是，已进行音像记录"), ("no", "否，未进行音像记录")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        help_text="现场检查、询问、抽样、听证、送达按需音像记录；查封扣押等须全程音像记录并关联录像。",
    )
    av_note = forms.CharField(label="未进行音像记录的原因", max_length=200, required=False)
    signer_name = forms.CharField(label="当事人（签名人）姓名", max_length=100, required=False)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    refused = forms.BooleanField(label="当事人拒绝签名", required=False)
    refusal_witness = forms.CharField(label="见证人", max_length=100, required=False,
                                      help_text="当事人拒绝签名时，写明见证人姓名")  # fmt: skip
    evidence = forms.CharField(label="关联证据编号", max_length=200, required=False,
                               help_text="多个编号用逗号分隔；证据先在“上传证据”中上传")  # fmt: skip
    complete = forms.BooleanField(label="记录完毕，完成本次活动", required=False, initial=True)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = list(officers)
        self.fields["officers"].choices = [(str(u.pk), str(u)) for u in self.offered]
        self.fields["started_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        for u in self.offered:  # one signature pad per officer; only the ticked officers' are used
            self.fields[f"officer_signature_{u.pk}"] = forms.CharField(
                label=f"执法人员签名：{u}", required=False, widget=forms.HiddenInput
            )

    def officer_pads(self):
        """(officer id, bound hidden field) for each offered officer's signature pad."""
        return [(u.pk, self[f"officer_signature_{u.pk}"]) for u in self.offered]

    def officer_signatures(self) -> dict[int, str]:
        """The drawn signatures of the ticked officers (the services refuse completion without them)."""
        d = self.cleaned_data
        return {
            int(pk): d[f"officer_signature_{pk}"] for pk in d["officers"] if d.get(f"officer_signature_{pk}")
        }

    def clean_evidence(self) -> list[int]:
        raw = self.cleaned_data["evidence"].replace("，", ",")
        try:
            return [int(x) for x in raw.split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError("证据编号应为数字，多个用逗号分隔。") from None

    def clean(self):
        data = super().clean()
        if not data.get("refused") and not data.get("signature") and data.get("kind") in ON_SITE_KINDS:
            self.add_error(None, "请当事人在签名板上签名，或勾选“当事人拒绝签名”并写明见证人。")
        return data


ON_SITE_KINDS = {"inspection", "inquiry", "sampling", "preservation", "seizure", "closure", "demolition",
                 "disposal"}  # fmt: skip


# -- 法制审核 ----------------------------------------------------------------------------------------------------


class OpinionForm(forms.Form):
    """The ten checklist items, each 符合 / 存在问题 with a note."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in checklist.ITEMS:
            no, yes = (
                ("否，无涉嫌犯罪", "是，涉嫌犯罪") if item.code == checklist.CRIME else ("符合", "存在问题")
            )
            self.fields[f"{item.code}_ok"] = forms.ChoiceField(
                label=item.question, choices=[("1", no), ("0", yes)], initial="1", widget=forms.RadioSelect
            )
            self.fields[f"{item.code}_note"] = forms.CharField(label="意见", required=False,
                                                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def rows(self):
        return [(item, self[f"{item.code}_ok"], self[f"{item.code}_note"]) for item in checklist.ITEMS]

    def findings(self) -> dict:
        d = self.cleaned_data
        return {
            i.code: {"ok": d[f"{i.code}_ok"] == "1", "note": d[f"{i.code}_note"]} for i in checklist.ITEMS
        }


class CollectiveForm(forms.Form):
    """集体讨论记录: when and where, which leaders attended and each one's view, the decision and minutes."""

    held_at = forms.DateTimeField(
        label="讨论时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label="地点", max_length=200)
    decision = forms.CharField(label="讨论决定", widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label="会议纪要", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaders = list(leaders)
        self.fields["held_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        for u in self.leaders:
            self.fields[f"attended_{u.pk}"] = forms.BooleanField(label=f"{u} 出席", required=False)
            self.fields[f"view_{u.pk}"] = forms.CharField(
                label=f"{u} 的意见", required=False, max_length=1000
            )

    def rows(self):
        return [(self[f"attended_{u.pk}"], self[f"view_{u.pk}"]) for u in self.leaders]

    def service_input(self) -> dict:
        d = self.cleaned_data
        present = [u for u in self.leaders if d[f"attended_{u.pk}"]]
        return {"held_at": d["held_at"], "place": d["place"], "attendees": present,
                "views": {u.pk: d[f"view_{u.pk}"] for u in present}, "decision": d["decision"],
                "minutes": d["minutes"]}  # fmt: skip
