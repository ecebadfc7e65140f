"""Forms of the registry pages. They collect input; the rules and their messages live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import add_service_error, region_code_param
from kechuang.registry.choices import (
    DesignationKind,
    OrganizationKind,
    ParkKind,
    ParkLevel,
    SizeClass,
    VerificationStatus,
)
from kechuang.registry.models import YearlyStatistics
from kechuang.registry.services import resolve_region

PICKER_URLS = {
    "region": "registry:region_search",
    "industry": "registry:industry_search",
    "organization": "registry:organization_search",
    "department": "registry:department_search",
}
PICKER_PLACEHOLDERS = {
    "organization": _("单位名称或统一社会信用代码"),
    "department": _("部门名称或拼音首字母"),
}


def picker(kind: str, *, placeholder: str = "") -> forms.TextInput:
    """A text input with an htmx autocomplete: regions or industries (code, name or pinyin initials; the
    options show where each sits in the tree), organizations (name, 统一社会信用代码 or pinyin initials) or
    government departments (name or pinyin initials)."""
    url = reverse_lazy(PICKER_URLS[kind])
    return forms.TextInput(
        attrs={
            "data_picker": kind,
            "autocomplete": "off",
            "hx-get": url,
            "hx-trigger": "input changed delay:250ms, focus",
            "hx-target": "next .suggestions",
            "hx-swap": "innerHTML",
            "hx-push-url": "false",
            "hx-indicator": "this",
            "placeholder": placeholder or PICKER_PLACEHOLDERS.get(kind, _("代码、名称或拼音首字母")),
        }
    )


def picker_field(kind: str, label: Any, *, placeholder: Any = "", required: bool = False) -> forms.CharField:
    """A form field with the :func:`picker` widget (a list filter's region or industry, say)."""
    return forms.CharField(
        label=label, required=required, max_length=60, widget=picker(kind, placeholder=placeholder)
    )


class RegionFilterForm(forms.Form):
    """A list's region filter: the region picker (name, pinyin initials or code; the page shows the name)."""

    region = picker_field("region", _("地区"), placeholder=_("地区名称或拼音首字母，如“南关”“ng”"))

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.attrs["aria-label"] = str(self.fields["region"].label)


def region_filter(request: HttpRequest) -> tuple[RegionFilterForm, str]:
    """A list's ``?region=``: a code chosen from the picker, or a name typed without choosing (resolved here; a
    name that names no region, or several, is said beside the box). Returns the form — showing the region's
    name — and the code to filter by: "" for none, "-" when the text names no region (no rows, not every row)."""
    typed = request.GET.get("region", "").strip()[:60]
    form = RegionFilterForm({"region": typed})
    form.is_valid()
    if not typed:
        return form, ""
    try:
        region = resolve_region(region_code_param(request) or typed)
    except ApplicationError as exc:
        add_service_error(form, exc)
        return form, "-"
    form = RegionFilterForm({"region": region.full_name or region.name})
    form.is_valid()
    return form, region.code


def _blank(choices: Any, label: Any = None) -> list[tuple[str, Any]]:
    return [("", label or _("全部")), *choices]


class OrganizationFilterForm(forms.Form):
    """The organization list's search box and filters (all optional, all GET)."""

    q = forms.CharField(
        label=_("名称或信用代码"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("支持繁体输入")}),
    )
    kind = forms.ChoiceField(label=_("主体类型"), required=False, choices=_blank(OrganizationKind.choices))
    region = forms.CharField(label=_("所在地区（含下级）"), required=False, widget=picker("region"))
    industry = forms.CharField(label=_("所属行业（含下级）"), required=False, widget=picker("industry"))
    size = forms.ChoiceField(label=_("企业规模"), required=False, choices=_blank(SizeClass.choices))
    verification_status = forms.ChoiceField(
        label=_("核验状态"), required=False, choices=_blank(VerificationStatus.choices)
    )
    designation = forms.ChoiceField(label=_("资质"), required=False, choices=_blank(DesignationKind.choices))
    park = forms.TypedChoiceField(label=_("园区"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, parks: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["park"].choices = _blank(parks or [])


class OrganizationForm(forms.Form):
    """Profile fields an organization admin or an officer may edit."""

    name = forms.CharField(label=_("名称"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    kind = forms.ChoiceField(label=_("主体类型"), choices=OrganizationKind.choices)
    region = forms.CharField(label=_("所在地区"), max_length=60, widget=picker("region"))
    industry = forms.CharField(label=_("所属行业"), max_length=60, required=False, widget=picker("industry"))
    size = forms.ChoiceField(label=_("企业规模"), required=False, choices=_blank(SizeClass.choices, "—"))
    founded_on = forms.CharField(
        label=_("成立日期"), required=False, widget=forms.TextInput(attrs={"placeholder": "2015-06-01"})
    )
    registered_capital = forms.CharField(label=_("注册资本（元）"), required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=60, required=False)
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    contact_person = forms.CharField(label=_("联系人"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class StatisticsForm(forms.Form):
    """One year's figures; money in 元 (as the statistics reports are filed), counts as integers."""

    year = forms.CharField(label=_("年度"), max_length=4)
    # what only an enterprise reports (a university or institute is not asked for 工业总产值 or 出口额;
    # the organization page leaves the same columns out)
    ENTERPRISE_ONLY = ("total_output", "new_product_output", "exports", "profit", "tax_paid")

    def __init__(self, *args: Any, enterprise: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in YearlyStatistics.FIGURES:
            if not enterprise and name in self.ENTERPRISE_ONLY:
                continue
            field = YearlyStatistics._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=field.verbose_name,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )


class VerificationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("核验结论"), choices=[("approve", _("通过")), ("reject", _("不予通过"))]
    )
    note = forms.CharField(
        label=_("核验意见"), required=False, max_length=255, widget=forms.Textarea(attrs={"rows": 2})
    )


class DesignationForm(forms.Form):
    kind = forms.ChoiceField(label=_("资质类型"), choices=DesignationKind.choices)
    certificate_no = forms.CharField(label=_("证书编号"), max_length=60, required=False)
    issuer = forms.CharField(label=_("认定机关"), max_length=120, required=False)
    valid_from = forms.DateField(label=_("有效期起"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(
        label=_("有效期止"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ParkForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    level = forms.ChoiceField(label=_("级别"), choices=ParkLevel.choices)
    kind = forms.ChoiceField(label=_("类型"), choices=ParkKind.choices)
    region = forms.CharField(label=_("所在地区"), max_length=60, widget=picker("region"))
    established_on = forms.CharField(label=_("设立日期"), required=False)
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ParkMemberForm(forms.Form):
    uscc = forms.CharField(label=_("入园主体的统一社会信用代码"), max_length=30)
    entered_on = forms.CharField(label=_("入园日期"), required=False)
