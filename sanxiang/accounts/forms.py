"""Admin forms: they check what the services will check, so that a mistake shows next to its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from sanxiang.accounts import codes, rules
from sanxiang.accounts.models import Agency, Certificate, TrainingRecord


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "credit_code",
            "division_code",
            "level",
            "authority_basis",
            "is_active",
        ]

    def clean_credit_code(self) -> str:
        code = self.cleaned_data["credit_code"].strip().upper()
        problem = codes.credit_code_problem(code)
        if problem:
            raise forms.ValidationError(problem + "。")
        return code

    def clean_division_code(self) -> str:
        code = self.cleaned_data["division_code"].strip()
        problem = codes.division_code_problem(code)
        if problem:
            raise forms.ValidationError(problem + "。")
        return code


class CertificateIssueForm(forms.ModelForm):
    """Issuing a certificate (执法证): dates checked by ``rules.certificate_dates_problem``."""

    class Meta:
        model = Certificate
        fields = ["officer", "number", "fields", "issued_on", "expires_on", "issuing_authority"]

    def clean(self):
        cleaned = super().clean()
        issued_on, expires_on = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued_on and expires_on:
            problem = rules.certificate_dates_problem(issued_on, expires_on, timezone.localdate())
            if problem:
                raise forms.ValidationError(problem + "。")
        return cleaned


class CertificateStatusForm(forms.Form):
    new_status = forms.ChoiceField(
        label="新状态",
        choices=[
            (Certificate.Status.SUSPENDED, "暂扣"),
            (Certificate.Status.REVOKED, "吊销"),
            (Certificate.Status.VALID, "恢复为有效"),
        ],
    )
    reason = forms.CharField(label="原因", max_length=200, help_text="记入状态历史，如暂扣决定的文号和事由。")


class DeactivateForm(forms.Form):
    reason = forms.CharField(label="停用原因", max_length=200)


class OfficerImportForm(forms.Form):
    file = forms.FileField(label=".xlsx 文件", help_text="列名见导入模板（sanxiang officers template）。")
    agency = forms.ModelChoiceField(label="执法主体", queryset=Agency.objects.filter(is_active=True))
    valid_only = forms.BooleanField(
        label="只导入有效行",
        required=False,
        help_text="不勾选时，只要有一行有错误就全部不导入；勾选后导入其余有效行，错误行在报告中列出。",
    )


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["officer", "course", "hours", "completed_on", "exam_score", "passed"]

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and not 0 < hours <= 1000:
            raise forms.ValidationError("学时须大于 0 且不超过 1000。")
        return hours

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("完成日期晚于今天，不能登记。")
        return day

    def clean_exam_score(self):
        score = self.cleaned_data["exam_score"]
        if score is not None and not 0 <= score <= 100:
            raise forms.ValidationError("考试成绩须在 0–100 之间。")
        return score
