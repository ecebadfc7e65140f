"""Forms of the carriers' officer pages: text as typed; the services resolve it (every problem at once)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.carriers.choices import Tier
from kechuang.registry.forms import picker


class AllianceForm(forms.Form):
    name = forms.CharField(label=_("联盟名称"), max_length=200)
    lead = forms.CharField(
        label=_("牵头单位"), max_length=200, help_text=_("统一社会信用代码或单位全称（须已在主体库中）。")
    )
    region = forms.CharField(label=_("所在地区"), max_length=60, widget=picker("region"))
    industry = forms.CharField(label=_("所属行业"), max_length=60, required=False, widget=picker("industry"))
    chain = forms.CharField(label=_("产业链"), max_length=200, required=False)
    tier = forms.ChoiceField(label=_("级别"), choices=Tier.choices, initial=Tier.MUNICIPAL)
    established_on = forms.CharField(
        label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_from(alliance: Any) -> dict[str, Any]:
        return {
            "name": alliance.name,
            "lead": alliance.lead.uscc,
            "region": alliance.region_id,
            "industry": alliance.industry.code_with_section if alliance.industry else "",
            "chain": alliance.chain,
            "tier": alliance.tier,
            "established_on": alliance.established_on.isoformat() if alliance.established_on else "",
            "description": alliance.description,
        }
