"""Forms of the review pages (input parsing only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ScoreSheetForm(forms.Form):
    """One decimal field per indicator of the panel, plus the comment; ranges are checked by the service."""

    comment = forms.CharField(label=_("评审意见"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, indicators: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for ind in indicators:
            top = f"{Decimal(ind['max_score']).normalize():f}"
            # a number box with its range (the browser refuses 120 of 100 at once); the service checks again
            self.fields[f"score_{ind['code']}"] = forms.CharField(
                label=f"{ind['name']}（0–{top}）",
                required=False,
                help_text=_("满分%(max)s分，可填小数（如8.5）。") % {"max": top},
                widget=forms.NumberInput(attrs={"min": "0", "max": top, "step": "0.1"}),
            )
        self.order_fields([f"score_{i['code']}" for i in indicators] + ["comment"])

    def scores(self) -> dict[str, str]:
        return {i["code"]: self.cleaned_data.get(f"score_{i['code']}", "") for i in self.indicators}


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("回避原因"), max_length=200, required=False)


class AssignForm(forms.Form):
    seed = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ObjectionForm(forms.Form):
    """A real-name objection to a public notice (公示异议)."""

    name = forms.CharField(label=_("异议人（姓名或单位）"), max_length=60)
    contact = forms.CharField(label=_("联系方式"), max_length=100)
    content = forms.CharField(label=_("异议内容（事实与理由）"), widget=forms.Textarea(attrs={"rows": 5}))


class ObjectionAnswerForm(forms.Form):
    """The officer's answer to an objection: upheld or not, and the reasons; the reasons' field is named
    as the app's page posts it (``text_field``)."""

    upheld = forms.TypedChoiceField(
        label=_("处理结论"),
        choices=[("0", _("异议不成立")), ("1", _("异议成立"))],
        coerce=lambda v: v == "1",
    )

    def __init__(self, *args: Any, text_field: str = "answer", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text_field = text_field
        self.fields[text_field] = forms.CharField(
            label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 2})
        )

    def text(self) -> str:
        return str(self.cleaned_data.get(self.text_field, ""))
