"""Input serializers of the case API: they parse and check the *form* of the input (types, required fields);
every rule of the law is checked by the services. One serializer per action with inputs."""

from __future__ import annotations

from rest_framework import serializers

from sanxiang.accounts.models import User
from sanxiang.cases.models import Activity, CaseOfficer, PostDecisionChange
from sanxiang.cases.rules import NO_PENALTY_GROUNDS
from sanxiang.cases.service import ServiceMethod
from sanxiang.catalog.penalties import PartyKind, PenaltyKind, Procedure

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class PartyIn(serializers.Serializer):
    kind = serializers.ChoiceField([k.value for k in PartyKind], help_text="person 公民 / organisation 单位")
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="公民身份号码"
    )
    credit_code = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="统一社会信用代码"
    )
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_minor = serializers.BooleanField(required=False, default=False)


class OfficerIn(serializers.Serializer):
    officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    role = serializers.ChoiceField(CaseOfficer.Role.values)


class CaseIn(serializers.Serializer):
    """案源登记."""

    item = serializers.CharField(help_text="执法事项代码，如 public_places.unlicensed")
    procedure = serializers.ChoiceField([p.value for p in Procedure])
    source = serializers.CharField(max_length=200)
    facts = serializers.CharField(required=False, allow_blank=True, default="")
    facts_certain = serializers.BooleanField(required=False, default=True)
    violation_occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    violation_ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    discovered_on = serializers.DateField(required=False, allow_null=True, default=None)
    harm_caused = serializers.BooleanField(required=False, default=False)
    penalty_kinds = serializers.ListField(child=serializers.ChoiceField([k.value for k in PenaltyKind]), required=False,
                                          default=list)  # fmt: skip
    fine = serializers.DecimalField(**MONEY, required=False, default=0)
    confiscation = serializers.DecimalField(**MONEY, required=False, default=0)
    party = PartyIn()
    officers = OfficerIn(many=True)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PenaltyIn(serializers.Serializer):
    penalty_kinds = serializers.ListField(child=serializers.ChoiceField([k.value for k in PenaltyKind]))
    fine = serializers.DecimalField(**MONEY, required=False, default=0)
    confiscation = serializers.DecimalField(**MONEY, required=False, default=0)
    facts = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    other_serious_penalty = serializers.BooleanField(required=False, allow_null=True, default=None)
    collective_discussion_required = serializers.BooleanField(required=False, allow_null=True, default=None)


class OnTheSpotIn(serializers.Serializer):
    decision_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="",
        help_text="可不填：采用已签发的当场行政处罚决定书的编号；填写的须与之一致",
    )  # fmt: skip
    credentials_shown = serializers.BooleanField()


class ExcludedStartIn(ReasonIn):
    start_on = serializers.DateField(required=False, allow_null=True, default=None)


class ExcludedEndIn(serializers.Serializer):
    end_on = serializers.DateField(required=False, allow_null=True, default=None)


class ExtensionIn(ReasonIn):
    days = serializers.IntegerField(min_value=1, max_value=365)


class NotifyIn(serializers.Serializer):
    served_on = serializers.DateField(required=False, allow_null=True, default=None)


class StatementIn(serializers.Serializer):
    statement = serializers.CharField(required=False, allow_blank=True, default="")
    waived = serializers.BooleanField(required=False, default=False)
    hearing_waived = serializers.BooleanField(required=False, default=False)


class RequestHearingIn(serializers.Serializer):
    requested_on = serializers.DateField(required=False, allow_null=True, default=None)


class ScheduleHearingIn(serializers.Serializer):
    hearing_on = serializers.DateField()
    notice_served_on = serializers.DateField()
    host = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))


class HoldHearingIn(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    record = serializers.CharField(required=False, allow_blank=True, default="")


class DecideIn(serializers.Serializer):
    decision_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="",
        help_text="可不填：采用已签发的行政处罚决定书的文号；填写的须与之一致",
    )  # fmt: skip


class NoPenaltyIn(ReasonIn):
    ground = serializers.ChoiceField(list(NO_PENALTY_GROUNDS))


class ServeIn(serializers.Serializer):
    method = serializers.ChoiceField([m.value for m in ServiceMethod])
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    left_on = serializers.DateField(required=False, allow_null=True, default=None)
    receipt_on = serializers.DateField(required=False, allow_null=True, default=None)
    reached_on = serializers.DateField(required=False, allow_null=True, default=None)
    consent_signed = serializers.BooleanField(required=False, default=False)
    announced_on = serializers.DateField(required=False, allow_null=True, default=None)
    witness_or_recording = serializers.BooleanField(required=False, default=False)


class ChangeIn(serializers.Serializer):
    deciding_body = serializers.CharField(max_length=100, allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class TransferIn(ReasonIn):
    receiving_body = serializers.CharField(max_length=100)


class InstalmentIn(serializers.Serializer):
    due_on = serializers.DateField()
    amount = serializers.DecimalField(**MONEY)


class DeferralIn(ReasonIn):
    instalments = InstalmentIn(many=True)


class RemedyIn(ReasonIn):
    kind = serializers.ChoiceField(["reconsideration", "litigation"])
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReminderIn(serializers.Serializer):
    served_on = serializers.DateField(required=False, allow_null=True, default=None)


class CourtIn(ReasonIn):
    court = serializers.CharField(max_length=100)


class SubmitReviewIn(serializers.Serializer):
    report = serializers.CharField(allow_blank=True, help_text="调查终结报告")
    proposed_decision = serializers.CharField(allow_blank=True)
    reasons = serializers.CharField(allow_blank=True)
    evidence_list = serializers.CharField(allow_blank=True)
    hearing_record = serializers.CharField(required=False, allow_blank=True, default="")


class ActivityIn(serializers.Serializer):
    kind = serializers.ChoiceField(Activity.Kind.values)
    officers = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), many=True)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=300)
    record = serializers.CharField(required=False, allow_blank=True, default="")
    other_participants = serializers.CharField(required=False, allow_blank=True, default="")
    credentials_shown = serializers.BooleanField(required=False, default=False)
    av_recorded = serializers.BooleanField(required=False, allow_null=True, default=None,
                                           help_text="按需音像记录的活动：是否进行了音像记录")  # fmt: skip
    av_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                    help_text="未进行音像记录的原因")  # fmt: skip


class SignatureIn(serializers.Serializer):
    signer = serializers.ChoiceField(["officer", "party", "witness"])
    image_png = serializers.CharField(required=False, allow_blank=True, default="", help_text="PNG 的 base64")
    officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True,
                                                 default=None)  # fmt: skip
    signer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    refused = serializers.BooleanField(required=False, default=False)
    refusal_witness = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    refusal_recording = serializers.IntegerField(required=False, allow_null=True, default=None)


class EvidenceLinkIn(serializers.Serializer):
    item = serializers.IntegerField(help_text="证据编号（/api/evidence/ 上传后得到）")


class PaymentIn(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField(required=False, allow_null=True, default=None)
    receipt_number = serializers.CharField(max_length=60)


class OpinionIn(serializers.Serializer):
    findings = serializers.DictField(help_text='按审核项目代码：{"subject": {"ok": true, "note": ""}, …}')


class CoordinationIn(serializers.Serializer):
    handler_view = serializers.CharField()
    reviewer_view = serializers.CharField()
    outcome = serializers.CharField()
    escalate = serializers.BooleanField(required=False, default=False)


class CollectiveIn(serializers.Serializer):
    held_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    attendees = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), many=True)
    views = serializers.DictField(child=serializers.CharField(), help_text="出席人员编号 → 意见")
    decision = serializers.CharField()
    minutes = serializers.CharField()


class RecusalIn(serializers.Serializer):
    officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField()
    self_declared = serializers.BooleanField(required=False, default=False)


class RecusalDecideIn(serializers.Serializer):
    granted = serializers.BooleanField()


CHANGE_KINDS = PostDecisionChange.Kind.values
