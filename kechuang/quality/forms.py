"""Forms of the quality pages (input parsing only; the services check the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.quality.choices import (
    CreditEventKind,
    PatentKind,
    PatentStatus,
    StandardLevel,
    StandardRole,
    TrademarkFame,
)


class PatentForm(forms.Form):
    application_no = forms.CharField(label=_("申请号"), max_length=20)
    kind = forms.ChoiceField(label=_("专利类型"), choices=PatentKind.choices)
    title = forms.CharField(label=_("专利名称"), max_length=200)
    applied_on = forms.DateField(label=_("申请日"))
    status = forms.ChoiceField(label=_("法律状态"), choices=PatentStatus.choices)
    granted_on = forms.DateField(label=_("授权日"), required=False)
    grant_no = forms.CharField(label=_("授权公告号"), max_length=20, required=False)


class TrademarkForm(forms.Form):
    registration_no = forms.CharField(label=_("注册号"), max_length=20)
    name = forms.CharField(label=_("商标名称"), max_length=100)
    nice_class = forms.IntegerField(label=_("国际分类"))
    fame = forms.ChoiceField(label=_("认定情况"), choices=TrademarkFame.choices)
    fame_valid_until = forms.DateField(label=_("认定有效期至"), required=False)
    valid_until = forms.DateField(label=_("专用权有效期至"), required=False)


class StandardForm(forms.Form):
    number = forms.CharField(label=_("标准编号"), max_length=60)
    title = forms.CharField(label=_("标准名称"), max_length=200)
    level = forms.ChoiceField(label=_("标准层级"), choices=StandardLevel.choices)
    role = forms.ChoiceField(label=_("参与方式"), choices=StandardRole.choices)
    issued_on = forms.DateField(label=_("发布日期"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class CreditEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("事件类型"), choices=CreditEventKind.choices)
    occurred_on = forms.DateField(label=_("发生日期"))
    source = forms.CharField(label=_("信息来源"), max_length=100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintForm(forms.Form):
    subject = forms.CharField(label=_("主题"), max_length=200)
    body = forms.CharField(label=_("投诉内容"), widget=forms.Textarea(attrs={"rows": 5}))
    region = forms.CharField(label=_("所在地区代码"), max_length=12)
    about = forms.CharField(label=_("被投诉单位统一社会信用代码"), max_length=18, required=False)
    on_behalf = forms.BooleanField(label=_("以本单位名义投诉"), required=False)


class AssignForm(forms.Form):
    department = forms.IntegerField(label=_("承办部门"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
