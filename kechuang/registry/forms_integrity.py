"""Forms of the integrity list (失信名单) pages: fields in the officer's words; the service decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.registry.choices import IntegrityKind

DATE = forms.DateInput(attrs={"type": "date"})


class IntegrityRecordForm(forms.Form):
    uscc = forms.CharField(
        label=_("主体的统一社会信用代码"),
        max_length=30,
        help_text=_("18位代码，大小写均可；须为您辖区内的主体。"),
    )
    kind = forms.ChoiceField(label=_("失信类别"), choices=IntegrityKind.choices)
    reason = forms.CharField(
        label=_("失信事实"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明认定的失信行为，如“在项目申报中提供虚假材料”；申报单位会看到这段文字。"),
    )
    document = forms.CharField(label=_("处理决定文号"), max_length=120, required=False)
    authority = forms.CharField(label=_("作出决定的部门"), max_length=120, required=False)
    starts_on = forms.DateField(label=_("限制申报起始日"), widget=DATE)
    ends_on = forms.DateField(
        label=_("限制申报截止日"),
        required=False,
        widget=DATE,
        help_text=_("留空表示另行通知前一直限制。"),
    )


class IntegrityLiftForm(forms.Form):
    reason = forms.CharField(label=_("移出原因"), max_length=255)
