"""Forms of the officers' setup pages: program types, yearly calls (申报指南) and their topics (指南方向)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProgramTypeForm(forms.Form):
    department = forms.TypedChoiceField(label=_("主管部门"), coerce=int)
    code = forms.CharField(label=_("类别代码"), max_length=20, help_text=_("本部门内唯一的简称，如“ZDYF”。"))
    name = forms.CharField(
        label=_("计划类别名称"), max_length=120, help_text=_("如“重点研发计划”“科技成果转化专项”。")
    )
    description = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = departments


class CallForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("指南标题"), max_length=200, help_text=_("如“2027年度吉林省重点研发计划项目申报指南”。")
    )
    opens_at = forms.DateTimeField(label=_("申报开始"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("申报截止"), widget=DATETIME)
    total_budget = forms.CharField(
        label=_("资助总额（万元）"), max_length=20, help_text=_("各方向的单项上限×项目数合计不能超过此数。")
    )
    leader_limit = forms.IntegerField(
        label=_("限项（每位负责人）"),
        min_value=1,
        max_value=9,
        initial=1,
        help_text=_("一位项目负责人同时在研和在申报的项目不超过几项。"),
    )
    eligibility_rule = forms.CharField(
        label=_("申报条件（规则）"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "mono"}),
        help_text=_(
            '用规则语言书写，如 kind == "enterprise" 表示只限企业申报（见规则语言说明）；留空表示不限。保存时检查，错误会指出位置。'
        ),
    )
    notice = forms.CharField(
        label=_("指南正文"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("申报截止须晚于申报开始。"))
        return data


class TopicForm(forms.Form):
    title = forms.CharField(label=_("方向名称"), max_length=200)
    funding_cap = forms.CharField(label=_("单项资助上限（万元）"), max_length=20)
    project_count = forms.IntegerField(label=_("拟支持项目数"), min_value=1, max_value=1000)
    duration_months = forms.IntegerField(label=_("实施周期（月）"), min_value=1, max_value=120)
    co_funding_ratio = forms.CharField(
        label=_("自筹比例"),
        max_length=10,
        required=False,
        help_text=_("自筹经费与专项经费之比：填 1 表示 1:1，填 0 或留空表示不要求。"),
    )
    description = forms.CharField(
        label=_("研究内容与考核指标"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
