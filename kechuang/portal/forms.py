"""Page input of the portal: an announcement's wording (the service checks it and names every problem)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.portal.choices import AnnouncementKind
from kechuang.portal.services import BODY_MAX, TITLE_MAX


class AnnouncementForm(forms.Form):
    department = forms.TypedChoiceField(label=_("发布部门"), coerce=int)
    kind = forms.ChoiceField(
        label=_("栏目"), choices=AnnouncementKind.choices, initial=AnnouncementKind.NOTICE
    )
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("正文"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("空一行另起一段。发布后所有访问者都能看到。"),
    )
    pinned = forms.BooleanField(label=_("置顶"), required=False)

    def __init__(self, *args: object, departments: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["department"].choices = departments
        if len(departments) == 1:
            self.fields["department"].initial = departments[0][0]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), max_length=100, required=False)
