"""Page input of the programs app; service errors land on the forms (``add_service_error``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.programs.choices import BudgetCategory, PartnerRole


class ApplyForm(forms.Form):
    organization = forms.IntegerField(label=_("牵头单位"))
    title = forms.CharField(label=_("项目名称"), max_length=200)
    leader_name = forms.CharField(label=_("项目负责人"), max_length=60)
    leader_identifier = forms.CharField(label=_("负责人证件号"), max_length=40)


class ApplicationForm(forms.Form):
    """The draft: its fields, one special/self pair per budget category, indicator lines as text."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("项目名称"), max_length=200)
    summary = forms.CharField(label=_("项目摘要"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    leader_name = forms.CharField(label=_("项目负责人"), max_length=60)
    leader_identifier = forms.CharField(label=_("负责人证件号"), max_length=40)
    requested_funds = forms.DecimalField(label=_("申请专项经费（万元）"), min_value=0, decimal_places=2)
    self_funds = forms.DecimalField(label=_("自筹经费（万元）"), min_value=0, decimal_places=2)
    indicators = forms.CharField(
        label=_("考核指标"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("每行一项：指标内容|数量|单位，如“申请发明专利|3|项”。"),
    )

    partners = forms.CharField(
        label=_("合作单位"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("联合申报时每行一家：统一社会信用代码|联合申报单位或参与单位|承担专项经费（万元）。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in BudgetCategory.choices:
            for kind, kind_label in (("special", _("专项")), ("self", _("自筹"))):
                self.fields[f"{kind}_{value}"] = forms.DecimalField(
                    label=f"{label}（{kind_label}）", min_value=0, decimal_places=2, required=False
                )

    def budget(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {"category": value, "special_funds": data.get(f"special_{value}") or 0,
             "self_funds": data.get(f"self_{value}") or 0}
            for value in BudgetCategory.values
            if data.get(f"special_{value}") or data.get(f"self_{value}")
        ]  # fmt: skip

    def indicator_lines(self) -> list[dict[str, Any]]:
        rows = []
        for line in (self.cleaned_data.get("indicators") or "").splitlines():
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if not any(parts):
                continue
            text, quantity, unit = [*parts, "", "", ""][:3]
            rows.append({"text": text, "quantity": quantity or "0", "unit": unit})
        return rows

    def partner_lines(self) -> list[dict[str, Any]]:
        """``uscc|role|share`` lines; the role by its label (联合申报单位, 参与单位) or code."""
        roles = {str(label): value for value, label in PartnerRole.choices}
        rows = []
        for line in (self.cleaned_data.get("partners") or "").splitlines():
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if not any(parts):
                continue
            uscc, role, share = [*parts, "", "", ""][:3]
            rows.append({"uscc": uscc, "role": roles.get(role, role) or None, "budget_share": share or "0"})
        return rows


class TransitionForm(forms.Form):
    to = forms.CharField(max_length=20)
    note = forms.CharField(required=False, max_length=2000)
    version = forms.IntegerField()
