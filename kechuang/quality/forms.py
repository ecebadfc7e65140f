"""Forms of the quality pages (input parsing only; the services check the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.quality.choices import (
    ComplaintCategory,
    CreditEventKind,
    EventKind,
    LicenceScope,
    PatentDealKind,
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
    category = forms.ChoiceField(
        label=_("投诉类别"),
        choices=ComplaintCategory.choices,
        required=False,
        initial=ComplaintCategory.OTHER,
    )
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


class PatentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("法律状态"), choices=PatentStatus.choices)
    granted_on = forms.DateField(label=_("授权日"), required=False)
    grant_no = forms.CharField(label=_("授权公告号"), max_length=20, required=False)
    lapsed_on = forms.DateField(label=_("失效日期"), required=False)


class PatentDealForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=PatentDealKind.choices)
    counterparty = forms.CharField(label=_("受让人/被许可人"), max_length=200, required=False)
    counterparty_uscc = forms.CharField(
        label=_("受让/被许可单位统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("已在主体库登记的单位：填写后，转让的专利转入该单位名下。"),
    )
    licence_scope = forms.ChoiceField(
        label=_("许可方式"), choices=[("", "—"), *LicenceScope.choices], required=False
    )
    signed_on = forms.DateField(label=_("合同日期"))
    ends_on = forms.DateField(label=_("许可期限至"), required=False)
    contract_no = forms.CharField(label=_("合同编号"), max_length=60, required=False)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=18, decimal_places=2, required=False)


class TrademarkFameForm(forms.Form):
    fame = forms.ChoiceField(label=_("认定情况"), choices=TrademarkFame.choices)
    since = forms.DateField(label=_("认定日期"), required=False)
    valid_until = forms.DateField(label=_("认定有效期至"), required=False)


class ProductForm(forms.Form):
    name = forms.CharField(label=_("产品名称"), max_length=200)
    model_spec = forms.CharField(label=_("型号规格"), max_length=100, required=False)
    standards = forms.CharField(
        label=_("执行标准编号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个，如 GB/T 1234-2020、Q/22QM 001-2024；层级按编号前缀识别。"),
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    organiser = forms.TypedChoiceField(label=_("主办单位"), coerce=int, choices=())
    held_on = forms.DateField(label=_("举办日期"))
    place = forms.CharField(label=_("地点"), max_length=200)
    participants = forms.IntegerField(label=_("参加人数"), min_value=0)
    outcome = forms.CharField(label=_("活动成效"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, organisers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organiser"].choices = organisers  # type: ignore[attr-defined]
