"""Forms of the recognition pages: they parse input only; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.recognition.choices import ApplicationStatus, ReEvaluationOutcome


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("申报名称"), max_length=200)
    summary = forms.CharField(label=_("基本情况"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # 著名商标 only: one of the applicant's trademarks (the view offers them; other schemes drop the field)
    trademark = forms.IntegerField(label=_("申报商标"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, trademarks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if trademarks is None:
            del self.fields["trademark"]
        else:
            self.fields["trademark"].widget.choices = [("", _("（请选择）"))] + [  # type: ignore[attr-defined]
                (
                    t.pk,
                    _("%(name)s（%(no)s，第%(n)d类）")
                    % {"name": t.name, "no": t.registration_no, "n": t.nice_class},
                )
                for t in trademarks
            ]


class NominationForm(forms.Form):
    """A unit nominates another organization (名牌产品, 知识产权示范企业, 质量奖, 科学技术奖…)."""

    nominator = forms.IntegerField(label=_("推荐单位"), widget=forms.Select)
    uscc = forms.CharField(label=_("被推荐单位统一社会信用代码"), max_length=18)
    title = forms.CharField(label=_("申报名称"), max_length=200)
    summary = forms.CharField(label=_("推荐理由"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the view checks that the unit posted is one the user administers
        self.fields["nominator"].widget.choices = [(o.pk, o.name) for o in units]  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=120)
    file = forms.FileField(label=_("文件"))


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("操作"), choices=ApplicationStatus.choices)
    note = forms.CharField(label=_("意见或理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReEvaluationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("复核结论"), choices=ReEvaluationOutcome.choices)
    note = forms.CharField(label=_("复核意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class BulkForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("申请"))
    to = forms.ChoiceField(label=_("批量操作"), choices=ApplicationStatus.choices)
    note = forms.CharField(label=_("意见或理由"), required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # ids are validated by the service (scoped per officer); accept any integer here
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()  # type: ignore[attr-defined]


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("证书验证码"), max_length=40)


class CallForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("认定类别"), queryset=None)  # type: ignore[arg-type]
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("标题"), max_length=200)
    opens_at = forms.DateTimeField(
        label=_("申报开始"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("申报截止"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    quota = forms.IntegerField(label=_("认定名额"), min_value=0, required=False)
    notice = forms.CharField(label=_("通知正文"), widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args, schemes=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
