"""The policy document form: the document as issued and its file (the service checks the rest)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.core.errors import ApplicationError
from kechuang.policies.choices import DocumentLevel
from kechuang.registry.forms import picker
from kechuang.registry.services import resolve_region


def _date() -> forms.DateField:
    return forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("文件标题"), max_length=300)
    number = forms.CharField(label=_("文号"), max_length=120, required=False)
    issuer = forms.CharField(label=_("发文机关"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("层级"), choices=DocumentLevel.choices, initial=DocumentLevel.MUNICIPAL)
    region = forms.CharField(
        label=_("适用地区"),
        max_length=60,
        required=False,
        widget=picker("region"),
        help_text=_("全国适用的留空。"),
    )
    issued_on = _date()
    effective_from = _date()
    effective_to = _date()
    attachment = forms.FileField(label=_("文件（PDF、Word、WPS、OFD或纯文本）"), required=False)
    full_text = forms.CharField(
        label=_("全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "wide": True}),
        help_text=_("上传纯文本文件时可留空，系统自动读取。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].label = _("发布日期")
        self.fields["effective_from"].label = _("施行日期")
        self.fields["effective_to"].label = _("废止日期")
        self.fields["effective_to"].help_text = _("文件失效时填写；已形成的政策事项和兑现记录保留。")

    def clean_region(self) -> Any:
        text = self.cleaned_data.get("region", "")
        if not str(text).strip():
            return None
        try:
            return resolve_region(text)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    @staticmethod
    def initial_from(doc: Any) -> dict[str, Any]:
        return {
            "title": doc.title,
            "number": doc.number,
            "issuer": doc.issuer,
            "level": doc.level,
            "region": doc.region_id or "",
            "issued_on": doc.issued_on,
            "effective_from": doc.effective_from,
            "effective_to": doc.effective_to,
            "full_text": doc.full_text,
        }
