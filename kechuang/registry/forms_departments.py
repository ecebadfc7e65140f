"""Forms of the department and appointment pages: text as typed; the services resolve it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.core.pages import checked_by_service
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.forms import picker


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("部门名称"), max_length=120, help_text=_("全称，如“长春市科学技术局”。"))
    kind = forms.ChoiceField(label=_("部门类型"), choices=DepartmentKind.choices)
    region = forms.CharField(label=_("所属地区"), max_length=60, widget=picker("region"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        checked_by_service(self, "name", "region")


class AppointmentForm(forms.Form):
    user = forms.CharField(label=_("账号"), max_length=150, help_text=_("已注册账号的用户名或电子邮箱。"))
    region = forms.CharField(
        label=_("管辖地区"),
        max_length=60,
        required=False,
        widget=picker("region"),
        help_text=_("留空为部门所在地区；可缩小到下级地区。"),
    )
    is_department_admin = forms.BooleanField(
        label=_("部门管理员"), required=False, help_text=_("可任免本部门的工作人员（仅平台管理员可指定）。")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        checked_by_service(self, "user")


class AppointmentChangeForm(AppointmentForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["user"]
