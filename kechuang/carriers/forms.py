"""Forms of the carriers' officer pages: text as typed; the services resolve it (every problem at once)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.carriers.choices import EVALUATION_CRITERIA, CarrierKind, HostRole, Tier
from kechuang.core.pages import checked_by_service
from kechuang.registry.forms import picker


class AllianceForm(forms.Form):
    name = forms.CharField(label=_("联盟名称"), max_length=200)
    lead = forms.CharField(
        label=_("牵头单位"),
        max_length=200,
        widget=picker("organization"),
        help_text=_("统一社会信用代码或单位全称（须已在主体库中）。"),
    )
    region = forms.CharField(label=_("所在地区"), max_length=60, widget=picker("region"))
    industry = forms.CharField(label=_("所属行业"), max_length=60, required=False, widget=picker("industry"))
    chain = forms.CharField(label=_("产业链"), max_length=200, required=False)
    tier = forms.ChoiceField(label=_("级别"), choices=Tier.choices, initial=Tier.MUNICIPAL)
    established_on = forms.CharField(
        label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_from(alliance: Any) -> dict[str, Any]:
        return {
            "name": alliance.name,
            "lead": alliance.lead.uscc,
            "region": alliance.region_id,
            "industry": alliance.industry.code_with_section if alliance.industry else "",
            "chain": alliance.chain,
            "tier": alliance.tier,
            "established_on": alliance.established_on.isoformat() if alliance.established_on else "",
            "description": alliance.description,
        }


class CarrierForm(forms.Form):
    """An existing carrier as an officer enters it; the hosts by 统一社会信用代码 or full name."""

    name = forms.CharField(label=_("载体名称"), max_length=200)
    kind = forms.ChoiceField(label=_("载体类型"), choices=CarrierKind.choices)
    tier = forms.ChoiceField(label=_("级别"), choices=Tier.choices)
    region = forms.CharField(label=_("所在地区"), max_length=60, widget=picker("region"))
    lead = forms.CharField(
        label=_("主建单位"),
        max_length=200,
        widget=picker("organization"),
        help_text=_("统一社会信用代码或单位全称（须已在主体库中）。"),
    )
    joint = forms.CharField(
        label=_("联建单位"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个，统一社会信用代码或单位全称。"),
    )
    co_built = forms.CharField(
        label=_("共建单位"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个，统一社会信用代码或单位全称。"),
    )
    responsible_department = forms.CharField(
        label=_("主管部门"),
        max_length=120,
        required=False,
        widget=picker("department"),
        help_text=_("认定或管理该载体的政府部门；只能填写本部门，或留空。"),
    )
    industry = forms.CharField(label=_("所属领域"), max_length=60, required=False, widget=picker("industry"))
    certificate_no = forms.CharField(label=_("证书编号"), max_length=60, required=False)
    recognised_on = forms.CharField(
        label=_("认定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.CharField(
        label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_from(carrier: Any) -> dict[str, Any]:
        hosts = list(carrier.host_links.select_related("organization"))

        def of(role: str) -> str:
            return "\n".join(h.organization.uscc for h in hosts if h.role == role)

        return {
            "name": carrier.name,
            "kind": carrier.kind,
            "tier": carrier.tier,
            "region": carrier.region_id,
            "lead": of(HostRole.LEAD),
            "joint": of(HostRole.JOINT),
            "co_built": of(HostRole.CO_BUILT),
            "responsible_department": carrier.responsible_department.name
            if carrier.responsible_department
            else "",
            "industry": carrier.industry.code_with_section if carrier.industry else "",
            "certificate_no": carrier.certificate_no,
            "recognised_on": carrier.recognised_on.isoformat() if carrier.recognised_on else "",
            "valid_until": carrier.valid_until.isoformat() if carrier.valid_until else "",
            "description": carrier.description,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        checked_by_service(self, "name", "region", "lead")


class CarrierCorrectionForm(CarrierForm):
    reason = forms.CharField(
        label=_("更正原因"),
        max_length=200,
        error_messages={"required": _("请填写更正原因。")},
        help_text=_("写入载体的历史沿革和审计记录，例如“证书编号录入有误，依据2019年认定文件更正”。"),
    )


class AllianceEvaluationForm(forms.Form):
    """A yearly evaluation: one score per criterion (``choices.EVALUATION_CRITERIA``), checked by the service."""

    year = forms.CharField(label=_("评价年度"), max_length=4)
    comment = forms.CharField(label=_("评价意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, most in EVALUATION_CRITERIA:
            self.fields[f"score_{key}"] = forms.CharField(
                label=_("%(label)s（满分%(most)d分）") % {"label": label, "most": most},
                max_length=6,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        self.order_fields(["year", *[f"score_{key}" for key, _l, _m in EVALUATION_CRITERIA], "comment"])
        checked_by_service(self, "year", *[f"score_{key}" for key, _l, _m in EVALUATION_CRITERIA])


class ResidentForm(forms.Form):
    """A researcher entering a workstation (进站)."""

    name = forms.CharField(label=_("姓名"), max_length=60)
    identifier = forms.CharField(
        label=_("人员编号"), max_length=40, help_text=_("博士后编号、学号或其他编号，用于区分同名人员。")
    )
    title = forms.CharField(
        label=_("职称或身份"), max_length=60, help_text=_("如：博士后研究人员、硕士研究生、中国工程院院士。")
    )
    home_institution = forms.CharField(
        label=_("所在单位"), max_length=200, help_text=_("统一社会信用代码或单位全称。")
    )
    field = forms.CharField(label=_("研究领域"), max_length=120)
    project = forms.CharField(label=_("在站课题"), max_length=200)
    started_on = forms.DateField(label=_("进站日期"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(
        label=_("计划出站日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ResidentExitForm(forms.Form):
    """A researcher leaving (出站)."""

    ended_on = forms.DateField(label=_("出站日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("出站说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
