"""Page input of the deciding half: recommending units, the review scheme, bulk moves, objections."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RecommenderForm(forms.Form):
    uscc = forms.CharField(label=_("推荐单位统一社会信用代码"), max_length=18)
    region = forms.CharField(
        label=_("归口地区代码"),
        max_length=6,
        required=False,
        help_text=_("县区科技局等按地区归口时填写，如220102；高校、央企可不填。"),
    )
    covered = forms.CharField(
        label=_("归口单位（统一社会信用代码，每行一个）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def covered_codes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("covered", "").splitlines() if line.strip()]


class ReviewSchemeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    indicators = forms.CharField(
        label=_("评审指标（每行“指标名称|满分”，满分合计100）"), widget=forms.Textarea(attrs={"rows": 5})
    )
    experts_per_item = forms.IntegerField(label=_("每项评审专家数"), min_value=1, max_value=15)
    publicity_days = forms.IntegerField(label=_("立项公示天数"), min_value=1, max_value=60)
    panels_by_topic = forms.BooleanField(
        label=_("按指南方向分组评审（每个方向各自组建专家组）"), required=False
    )


class BulkForm(forms.Form):
    to = forms.CharField(max_length=20)
    note = forms.CharField(max_length=500, required=False)
