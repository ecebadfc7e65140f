"""Page input of service agencies: the catalogue search, registration, a catalogue entry, a park check,
an order, its delivery and rating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.resources.choices import AgencyKind, ServiceKind


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)
    kind = forms.ChoiceField(
        label=_("服务类别"), required=False, choices=[("", _("全部")), *ServiceKind.choices]
    )
    region = forms.CharField(label=_("所在地区代码"), required=False, max_length=6)


class AgencyRegisterForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("机构"), coerce=int)
    kind = forms.ChoiceField(label=_("机构类型"), choices=AgencyKind.choices)
    description = forms.CharField(
        label=_("机构简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(label=_("联系方式"), required=False, max_length=120)

    def __init__(self, *args: object, organizations: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("服务名称"), max_length=200)
    kind = forms.ChoiceField(label=_("服务类别"), choices=ServiceKind.choices)
    price = forms.DecimalField(label=_("参考价格（元）"), max_digits=18, decimal_places=2)
    unit = forms.CharField(label=_("计价单位"), max_length=20, initial="次")
    region_served = forms.CharField(
        label=_("服务地区代码"), max_length=6, help_text=_("例如 220100（长春市）")
    )
    description = forms.CharField(
        label=_("服务内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PresenceForm(forms.Form):
    park = forms.TypedChoiceField(label=_("园区"), coerce=int)
    has_sign = forms.BooleanField(label=_("有牌子"), required=False)
    staff = forms.IntegerField(label=_("驻园人员（人）"), min_value=0)
    has_office = forms.BooleanField(label=_("有办公场所"), required=False)
    service_records = forms.IntegerField(label=_("服务记录（条）"), min_value=0)
    note = forms.CharField(label=_("备注"), required=False)

    def __init__(self, *args: object, parks: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["park"].choices = parks  # type: ignore[attr-defined]


class OrderForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("委托单位"), coerce=int)
    description = forms.CharField(label=_("需求说明"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, organizations: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["enterprise"].choices = organizations  # type: ignore[attr-defined]


class DeliverForm(forms.Form):
    fee = forms.DecimalField(label=_("服务费（元）"), max_digits=18, decimal_places=2)
    delivery_note = forms.CharField(label=_("交付说明"), widget=forms.Textarea(attrs={"rows": 2}))


class OrderRateForm(forms.Form):
    rating = forms.IntegerField(label=_("评分（1-5）"))
    comment = forms.CharField(label=_("评价"), required=False)
