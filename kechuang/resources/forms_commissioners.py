"""Page input of the commissioner programme."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.resources.choices import AssessmentGrade, HostKind, WorkKind

DATE = forms.DateInput(attrs={"type": "date"})


class CommissionerForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    home_uscc = forms.CharField(label=_("派出单位统一社会信用代码"), max_length=18)
    expertise = forms.CharField(label=_("专业领域"), max_length=200)


class DispatchForm(forms.Form):
    commissioner = forms.TypedChoiceField(label=_("科技特派员"), coerce=int)
    host_kind = forms.ChoiceField(label=_("派驻对象类型"), choices=HostKind.choices)
    organization_uscc = forms.CharField(label=_("派驻企业统一社会信用代码"), max_length=18, required=False)
    park = forms.TypedChoiceField(label=_("派驻园区"), coerce=int, required=False, empty_value=None)
    village = forms.CharField(label=_("派驻乡村"), max_length=200, required=False)
    village_region = forms.CharField(label=_("乡村所在地区代码"), max_length=6, required=False)
    agreement_no = forms.CharField(label=_("协议编号"), max_length=60)
    agreement_summary = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("派驻开始"), widget=DATE)
    ends_on = forms.DateField(label=_("派驻结束"), widget=DATE)

    def __init__(
        self,
        *args: object,
        commissioners: list[tuple[int, str]],
        parks: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["commissioner"].choices = commissioners  # type: ignore[attr-defined]
        self.fields["park"].choices = [("", "—"), *parks]  # type: ignore[attr-defined]


class WorkLogForm(forms.Form):
    kind = forms.ChoiceField(label=_("工作类型"), choices=WorkKind.choices)
    worked_on = forms.DateField(label=_("日期"), widget=DATE)
    summary = forms.CharField(label=_("工作内容"), widget=forms.Textarea(attrs={"rows": 3}))
    problems_solved = forms.IntegerField(label=_("解决难题（个）"), min_value=0, initial=0)
    trainees = forms.IntegerField(label=_("培训人次"), min_value=0, initial=0)
    technologies = forms.IntegerField(label=_("引进推广技术（项）"), min_value=0, initial=0)


class ConfirmForm(forms.Form):
    rating = forms.IntegerField(label=_("评分（1-5）"), required=False)
    comment = forms.CharField(label=_("意见"), required=False)


class AssessmentForm(forms.Form):
    grade = forms.ChoiceField(label=_("考核等次"), choices=AssessmentGrade.choices)
    note = forms.CharField(label=_("考核意见"), required=False)
