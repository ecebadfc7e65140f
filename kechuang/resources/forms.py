"""Page input of shared resources: the booking request, the owner's usage record, the rating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.resources.choices import InstrumentCategory


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)
    category = forms.ChoiceField(
        label=_("仪器类别"), required=False, choices=[("", _("全部")), *InstrumentCategory.choices]
    )


class BookingForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("预约单位"), coerce=int)
    starts_at = forms.DateTimeField(
        label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    sample_description = forms.CharField(label=_("样品说明"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, organizations: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]


class UseForm(forms.Form):
    hours = forms.DecimalField(label=_("使用机时（小时）"), max_digits=8, decimal_places=2)
    samples = forms.IntegerField(label=_("样品数"), min_value=0)
    fee = forms.DecimalField(label=_("服务费（元）"), max_digits=18, decimal_places=2)
    result_delivered = forms.BooleanField(label=_("已交付结果"), required=False)


class RateForm(forms.Form):
    rating = forms.IntegerField(label=_("评分（1-5）"))
    comment = forms.CharField(label=_("评价"), required=False)


class RedeemForm(forms.Form):
    booking = forms.IntegerField(label=_("预约"), required=False)
    order = forms.IntegerField(label=_("服务委托"), required=False)


class ApplyForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("申领单位"), coerce=int)
    amount = forms.DecimalField(label=_("申请金额（元）"), max_digits=18, decimal_places=2)
    purpose = forms.CharField(label=_("用途说明"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, enterprises: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["enterprise"].choices = enterprises  # type: ignore[attr-defined]


class IssueForm(forms.Form):
    amount = forms.DecimalField(label=_("发放金额（元）"), max_digits=18, decimal_places=2)


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("不予发券的理由"))


class SchemeForm(forms.Form):
    department = forms.TypedChoiceField(label=_("主管部门"), coerce=int)
    name = forms.CharField(label=_("名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    budget = forms.DecimalField(label=_("预算（元）"), max_digits=18, decimal_places=2)
    share_percent = forms.DecimalField(label=_("补贴比例（%）"), max_digits=5, decimal_places=2)
    cap_per_enterprise = forms.DecimalField(
        label=_("每家企业每年上限（元）"), max_digits=18, decimal_places=2
    )
    valid_from = forms.DateField(label=_("有效期起"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("有效期止"), widget=forms.DateInput(attrs={"type": "date"}))
    eligibility_rule = forms.CharField(
        label=_("申领条件（规则语言）"),
        required=False,
        # the example is the placeholder: the rule language's English words stay inside the input box
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": 'kind == "enterprise" and size in ["small", "micro"]'}
        ),
        help_text=_("留空表示辖区内已核验的企业均可申领；框中的示例只许小型、微型企业申领。"),
    )
    pays_instrument_use = forms.BooleanField(label=_("可用于大型仪器共享"), required=False, initial=True)
    pays_services = forms.BooleanField(label=_("可用于科技服务"), required=False, initial=True)
    pays_testing = forms.BooleanField(label=_("可用于检验检测"), required=False, initial=True)

    def __init__(self, *args: object, departments: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["department"].choices = departments  # type: ignore[attr-defined]
