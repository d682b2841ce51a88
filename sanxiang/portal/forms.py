"""The search form of the decision list, shared by the page, the JSON API and the CSV export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.portal import search
from sanxiang.portal.models import PublishedDecision
from sanxiang.portal.selectors import DecisionFilters


class DecisionSearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"), required=False, max_length=search.MAX_QUERY_CHARS * 2, strip=True,
        help_text=_("在文号、当事人、违法行为类型、处罚内容和决定书全文中查找，如“消毒”“诊所”。"),
    )  # fmt: skip
    party = forms.CharField(label=_("当事人"), required=False, max_length=100, strip=True)
    number = forms.CharField(label=_("文号"), required=False, max_length=64, strip=True)
    date_from = forms.DateField(
        label=_("决定日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部"))] + list(PublishedDecision.Category.choices)
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("开始日期晚于结束日期，请把较早的日期填在“决定日期自”。"))
        return data

    def filters(self) -> DecisionFilters:
        data = self.cleaned_data
        return DecisionFilters(
            q=data.get("q") or "", party=data.get("party") or "", number=data.get("number") or "",
            date_from=data.get("date_from"), date_to=data.get("date_to"), category=data.get("category") or "",
        )  # fmt: skip

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1
