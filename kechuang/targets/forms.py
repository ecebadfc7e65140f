"""Forms of the targets pages (input shape only; rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.core.errors import ApplicationError
from kechuang.registry.forms import picker
from kechuang.registry.services import resolve_region
from kechuang.targets.choices import Direction, PlanKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    department = forms.ModelChoiceField(queryset=None, label=_("填报单位"), empty_label=None)  # type: ignore[arg-type]
    as_of = forms.DateField(
        label=_("截至日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("完成值"), required=False, max_digits=20, decimal_places=4)
    narrative = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("证明材料"), required=False)

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("采纳")), ("return", _("退回"))], label=_("审核结论"))
    note = forms.CharField(label=_("审核意见"), required=False, max_length=400)


class IndicatorForm(forms.Form):
    """A new indicator; with a metric definition (YAML or JSON) it is computed, else reported."""

    code = forms.CharField(label=_("编号"), max_length=20)
    name = forms.CharField(label=_("指标名称"), max_length=200)
    unit = forms.CharField(label=_("单位"), max_length=20)
    direction = forms.ChoiceField(label=_("方向"), choices=Direction.choices)
    baseline_value = forms.DecimalField(label=_("基期值"), required=False, max_digits=20, decimal_places=4)
    baseline_date = forms.DateField(
        label=_("基期日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    target_value = forms.DecimalField(label=_("目标值"), max_digits=20, decimal_places=4)
    target_date = forms.DateField(
        label=_("目标日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    lead_unit = forms.ModelChoiceField(queryset=None, label=_("牵头单位"), required=False)  # type: ignore[arg-type]
    metric = forms.CharField(
        label=_("计算定义"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "op: count\nmodel: designation\nwhere: {kind: high_tech}"}
        ),
        help_text=_("YAML 或 JSON;留空表示由责任单位填报。"),
    )

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = departments  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=PlanKind.choices, initial=PlanKind.ANNUAL)
    title = forms.CharField(label=_("名称"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    issuer = forms.CharField(label=_("发文机关"), max_length=120, required=False)
    department = forms.ModelChoiceField(queryset=None, label=_("主管部门"), empty_label=None)  # type: ignore[arg-type]
    region = forms.CharField(label=_("地区"), max_length=60, widget=picker("region"))
    issued_on = forms.DateField(
        label=_("印发日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]

    def clean_region(self) -> Any:
        try:
            return resolve_region(self.cleaned_data.get("region"))
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("截止日期必须晚于起始日期。"))
        return data


class TaskForm(forms.Form):
    code = forms.CharField(label=_("编号"), max_length=20)
    title = forms.CharField(label=_("任务"), max_length=300)
    section = forms.CharField(label=_("所属部分"), max_length=200, required=False)
    text = forms.CharField(label=_("任务内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label=_("完成期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    lead_unit = forms.ModelChoiceField(queryset=None, label=_("牵头单位"), required=False)  # type: ignore[arg-type]
    participating_units = forms.ModelMultipleChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label=_("参与单位"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label=_("关联指标"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, departments: Any, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = departments  # type: ignore[attr-defined]
        self.fields["participating_units"].queryset = departments  # type: ignore[attr-defined]
        self.fields["indicators"].queryset = indicators  # type: ignore[attr-defined]
