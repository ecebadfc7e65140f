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
