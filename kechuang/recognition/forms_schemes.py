"""The scheme editor: the scheme's particulars, its application conditions and its indicator system
(指标体系) as rows an officer fills in — no JSON.  The forms only parse; the rules are in
``services.scheme_problems`` (every problem at once)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.recognition.indicators import METRICS
from kechuang.registry.choices import OrganizationKind

METHODS = [("threshold", gettext_lazy("按数据分档计分")), ("expert", gettext_lazy("专家打分"))]
DIRECTIONS = [("higher", gettext_lazy("越高越好")), ("lower", gettext_lazy("越低越好"))]
BAND_SPLIT = re.compile(r"[;；\n,，]+")
MIN_FIELDS = ("revenue_wan", "rd_intensity", "rd_staff", "valid_invention_patents")


def metric_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(m.code, f"{_(m.label)}（{m.unit}）") for m in METRICS.values()]


class SchemeForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("代码"),
        max_length=60,
        help_text=gettext_lazy("字母、数字或连字符，设立后不能修改，如 cc-etc。"),
    )
    name = forms.CharField(label=gettext_lazy("认定类别名称"), max_length=120)
    department = forms.ModelChoiceField(label=gettext_lazy("主管部门"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    tier = forms.ChoiceField(label=gettext_lazy("级别"), choices=Tier.choices, initial=Tier.MUNICIPAL)
    carrier_kind = forms.ChoiceField(
        label=gettext_lazy("认定后形成的创新载体"),
        choices=[("", gettext_lazy("不形成载体（称号、品牌类）")), *list(CarrierKind.choices)],
        required=False,
    )
    recognition_title = forms.CharField(
        label=gettext_lazy("认定称号"), max_length=120, help_text=gettext_lazy("证书上的称号。")
    )
    pass_score = forms.DecimalField(
        label=gettext_lazy("合格分数线"), min_value=0, max_value=100, decimal_places=2, initial=60
    )
    publicity_days = forms.IntegerField(label=gettext_lazy("公示天数"), min_value=1, max_value=60, initial=7)
    validity_years = forms.IntegerField(
        label=gettext_lazy("有效期（年）"), min_value=1, max_value=20, initial=3
    )
    re_evaluation_years = forms.IntegerField(
        label=gettext_lazy("复核周期（年）"), min_value=1, max_value=20, initial=2
    )
    description = forms.CharField(
        label=gettext_lazy("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    organization_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("申报单位类型"),
        choices=OrganizationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[OrganizationKind.ENTERPRISE],
    )
    verified_only = forms.BooleanField(label=gettext_lazy("须已通过主体核验"), required=False, initial=True)
    min_years_established = forms.IntegerField(
        label=gettext_lazy("成立年限不少于（年）"), min_value=0, max_value=50, required=False
    )
    min_revenue_wan = forms.DecimalField(
        label=gettext_lazy("营业收入不低于（万元）"), min_value=0, required=False
    )
    min_rd_intensity = forms.DecimalField(
        label=gettext_lazy("研发投入占营业收入比例不低于（%）"), min_value=0, max_value=100, required=False
    )
    min_rd_staff = forms.IntegerField(
        label=gettext_lazy("研发人员数不少于（人）"), min_value=0, required=False
    )
    min_valid_invention_patents = forms.IntegerField(
        label=gettext_lazy("有效发明专利数不少于（件）"), min_value=0, required=False
    )
    requires_tier = forms.ChoiceField(
        label=gettext_lazy("须已获得的前置认定级别"),
        choices=[("", gettext_lazy("无")), *list(Tier.choices)],
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("修改说明"), max_length=300, required=False)

    def __init__(self, *args: Any, departments: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        if editing:
            # code and department identify the scheme: fixed once set up
            del self.fields["code"]
            del self.fields["department"]
        else:
            del self.fields["note"]

    def eligibility(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        if data.get("organization_kinds"):
            out["organization_kinds"] = list(data["organization_kinds"])
        if data.get("verified_only"):
            out["verified_only"] = True
        if data.get("min_years_established"):
            out["min_years_established"] = data["min_years_established"]
        minimums = {
            code: str(data[f"min_{code}"]) for code in MIN_FIELDS if data.get(f"min_{code}") not in (None, "")
        }
        if minimums:
            out["min"] = minimums
        if data.get("requires_tier"):
            out["requires_tier"] = data["requires_tier"]
        return out

    @staticmethod
    def initial_from(scheme: Any) -> dict[str, Any]:
        cond = scheme.eligibility or {}
        initial = {
            f: getattr(scheme, f)
            for f in (
                "code",
                "name",
                "tier",
                "carrier_kind",
                "recognition_title",
                "pass_score",
                "publicity_days",
                "validity_years",
                "re_evaluation_years",
                "description",
            )
        }
        initial.update(
            organization_kinds=cond.get("organization_kinds", []),
            verified_only=bool(cond.get("verified_only")),
            min_years_established=cond.get("min_years_established"),
            requires_tier=cond.get("requires_tier", ""),
            **{f"min_{code}": (cond.get("min") or {}).get(code) for code in MIN_FIELDS},
        )
        return initial


def parse_bands(text: str, *, direction: str) -> list[dict[str, str]]:
    """``"1.5=8；3=14；5=20"`` (界限=分值, one band after another) → the JSON bands; ValueError if malformed."""
    key = "min" if direction == "higher" else "max"
    bands = []
    for part in BAND_SPLIT.split(text.strip()):
        if not part.strip():
            continue
        bound, sep, score = part.replace("＝", "=").partition("=")
        if not sep:
            raise ValueError(part)
        try:
            bands.append({key: str(Decimal(bound.strip())), "score": str(Decimal(score.strip()))})
        except InvalidOperation as exc:
            raise ValueError(part) from exc
    return bands


def bands_text(bands: list[dict[str, Any]], *, direction: str) -> str:
    key = "min" if direction == "higher" else "max"
    return "；".join(f"{b.get(key)}={b.get('score')}" for b in bands)


class IndicatorRowForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("指标代码"), max_length=40)
    name = forms.CharField(label=gettext_lazy("指标名称"), max_length=120)
    max_score = forms.DecimalField(label=gettext_lazy("满分"), min_value=0, max_value=100, decimal_places=2)
    method = forms.ChoiceField(label=gettext_lazy("计分方式"), choices=METHODS, initial="expert")
    metric = forms.ChoiceField(label=gettext_lazy("数据项"), choices=(), required=False)
    direction = forms.ChoiceField(label=gettext_lazy("方向"), choices=DIRECTIONS, initial="higher")
    bands = forms.CharField(
        label=gettext_lazy("分档（界限=分值）"),
        required=False,
        help_text=gettext_lazy("如“1.5=8；3=14；5=20”：达到1.5得8分，达到3得14分，达到5得20分。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metric_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == "threshold":
            if not data.get("metric"):
                self.add_error("metric", _("按数据分档计分的指标须选择数据项。"))
            try:
                data["band_list"] = parse_bands(
                    data.get("bands", ""), direction=data.get("direction", "higher")
                )
            except ValueError as exc:
                self.add_error("bands", _("分档“%(part)s”应写成“界限=分值”。") % {"part": exc.args[0]})
        return data

    def indicator(self) -> dict[str, Any]:
        data = self.cleaned_data
        item: dict[str, Any] = {
            "code": data["code"],
            "name": data["name"],
            "max_score": str(data["max_score"]),
            "method": data["method"],
        }
        if data["method"] == "threshold":
            item.update(metric=data["metric"], direction=data["direction"], bands=data.get("band_list", []))
        return item


IndicatorFormSet = forms.formset_factory(
    IndicatorRowForm, extra=3, max_num=30, validate_max=True, can_delete=True
)


def indicator_initial(system: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for item in system.get("indicators") or []:
        direction = item.get("direction", "higher")
        rows.append(
            {
                "code": item.get("code", ""),
                "name": item.get("name", ""),
                "max_score": item.get("max_score"),
                "method": item.get("method", "expert"),
                "metric": item.get("metric", ""),
                "direction": direction,
                "bands": bands_text(item.get("bands") or [], direction=direction),
            }
        )
    return rows


def indicator_system_from(formset: Any) -> dict[str, Any]:
    """The JSON indicator system of the filled rows (blank extra rows are skipped)."""
    return {
        "indicators": [
            row.indicator()
            for row in formset.forms
            if (getattr(row, "cleaned_data", None) or {}).get("code") and not row.cleaned_data.get("DELETE")
        ]
    }
