"""Page input of the reserve library and of recommendations to higher-level programs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.programs.choices_reserve import HigherLevel


class ReserveFromApplicationForm(forms.Form):
    application = forms.IntegerField(label=_("未立项的项目申报"), min_value=1, max_value=2**63 - 1)
    year = forms.IntegerField(label=_("储备年度"), min_value=2000, max_value=2100)
    reason = forms.CharField(label=_("入库理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReserveRegisterForm(forms.Form):
    organization = forms.IntegerField(label=_("申报单位"), min_value=1, max_value=2**63 - 1)
    department = forms.IntegerField(label=_("入库部门"), min_value=1, max_value=2**63 - 1)
    title = forms.CharField(label=_("项目名称"), max_length=200)
    summary = forms.CharField(label=_("项目简介"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    year = forms.IntegerField(label=_("储备年度"), min_value=2000, max_value=2100)
    reason = forms.CharField(label=_("入库理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReserveRemoveForm(forms.Form):
    reason = forms.CharField(label=_("出库理由"), max_length=300)


class HigherRecommendForm(forms.Form):
    application = forms.IntegerField(label=_("项目申报"), min_value=1, max_value=2**63 - 1)
    level = forms.ChoiceField(label=_("推荐层级"), choices=HigherLevel.choices)
    program_name = forms.CharField(label=_("上级计划名称"), max_length=120)
    year = forms.IntegerField(label=_("推荐年度"), min_value=2000, max_value=2100)


class HigherOutcomeForm(forms.Form):
    funded = forms.TypedChoiceField(
        label=_("上级评审结果"),
        choices=[("1", _("上级已立项")), ("0", _("上级未立项"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("结果说明"), max_length=300, required=False)
