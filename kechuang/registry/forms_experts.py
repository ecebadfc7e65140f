"""Forms of the expert pool's pages: text as an officer types it; ``services_experts.expert_resolve``
turns it into records and reports every problem at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.registry.forms import picker


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    title = forms.CharField(label=_("职称"), max_length=60, required=False)
    organization = forms.CharField(
        label=_("工作单位"),
        max_length=200,
        required=False,
        widget=picker("organization"),
        help_text=_("填写统一社会信用代码或单位全称（须已在主体库中）。"),
    )
    region = forms.CharField(label=_("所在地区"), max_length=60, required=False, widget=picker("region"))
    fields = forms.CharField(
        label=_("专业领域（国民经济行业代码）"),
        max_length=300,
        required=False,
        help_text=_("多个代码用顿号或逗号分隔，如“C39、I65”。"),
    )
    max_load = forms.IntegerField(label=_("每批最多评审数"), min_value=1, required=False)
    user = forms.CharField(
        label=_("平台账号（用户名或电子邮箱）"),
        max_length=150,
        required=False,
        help_text=_("有账号的专家可在线评审；没有账号的先留空。"),
    )

    @staticmethod
    def initial_from(expert: Any) -> dict[str, Any]:
        return {
            "name": expert.name,
            "title": expert.title,
            "organization": expert.organization.uscc if expert.organization else "",
            "region": expert.region_id or "",
            "fields": "、".join(expert.fields or []),
            "max_load": expert.max_load,
            "user": expert.user.username if expert.user else "",
        }


class ExpertProfileForm(forms.Form):
    """What an expert keeps up to date themself."""

    title = forms.CharField(label=_("职称"), max_length=60, required=False)
    fields = ExpertForm.base_fields["fields"]
    max_load = ExpertForm.base_fields["max_load"]


class ConflictForm(forms.Form):
    organization = forms.CharField(
        label=_("回避单位"), max_length=200, help_text=_("统一社会信用代码或单位全称。")
    )
    reason = forms.CharField(label=_("回避原因"), max_length=200, required=False)
