"""Forms of the policies pages (input only; rules and messages live in the services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.policies.choices import BenefitType, MeasureMode
from kechuang.policies.models import PolicyStatistics


class MeasureFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)
    benefit_type = forms.ChoiceField(
        label=_("优惠类型"), required=False, choices=[("", _("全部")), *BenefitType.choices]
    )
    mode = forms.ChoiceField(
        label=_("兑现方式"), required=False, choices=[("", _("全部")), *MeasureMode.choices]
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("通过")), ("return", _("退回补充")), ("reject", _("不予通过"))],
    )
    amount_approved = forms.DecimalField(
        label=_("核定金额（元）"), required=False, min_value=0, decimal_places=2
    )
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BulkReviewForm(forms.Form):
    """One decision for many claims (the checked rows of the review desk; their ids come as ``claims``)."""

    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[
            ("approve", _("通过（按申请金额核定）")),
            ("return", _("退回补充")),
            ("reject", _("不予通过")),
        ],
    )
    note = forms.CharField(label=_("审核意见"), required=False, max_length=2000)


class DisbursementForm(forms.Form):
    amount = forms.DecimalField(label=_("兑现金额（元）"), min_value=0.01, decimal_places=2)
    paid_on = forms.DateField(label=_("兑现日期"), widget=forms.DateInput(attrs={"type": "date"}))
    voucher_no = forms.CharField(label=_("凭证号"), required=False, max_length=80)
    note = forms.CharField(label=_("备注"), required=False, max_length=300)


class SubmitForm(forms.Form):
    note = forms.CharField(label=_("申请说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PolicyFiguresForm(forms.Form):
    """Raw text inputs: the service validates and reports the exact message."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in PolicyStatistics.FIGURES:
            self.fields[name] = forms.CharField(
                label=PolicyStatistics._meta.get_field(name).verbose_name, required=False
            )


class RuleEditForm(forms.Form):
    """The rule text as the officer writes it; the service checks it and says what is wrong."""

    rule_source = forms.CharField(
        label=_("资格规则（YAML）"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "class": "mono rule-source", "spellcheck": "false"}),
    )
    note = forms.CharField(label=_("修改说明"), required=False, max_length=300)
    expected_hash = forms.CharField(required=False, widget=forms.HiddenInput)
