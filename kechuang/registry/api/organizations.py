"""Organizations over the API: list (the list page's filters, keyset pages), register, read, update,
verify and reject.

Input is passed raw to the services' ``clean_*`` functions, so the API, the pages and the Excel import
share one set of rules and messages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KEYSET_PARAMETERS, InputSerializer, RawValueField, paginated
from kechuang.registry import selectors, services
from kechuang.registry.api.common import (
    IndustryRefOutput,
    RegionRefOutput,
    choices_help,
    keyset_page,
    region_code_field,
)
from kechuang.registry.api.designations import DesignationOutput
from kechuang.registry.choices import DesignationKind, OrganizationKind, SizeClass, VerificationStatus
from kechuang.registry.models import Organization

# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/organizations/


class OrganizationFilterInput(serializers.Serializer):
    """Same filters as the organization list page (``selectors.OrganizationFilters``)."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="名称（简繁体均可）或统一社会信用代码"
    )
    kind = serializers.ChoiceField(choices=OrganizationKind.choices, required=False, allow_blank=True)
    region = region_code_field()
    industry = serializers.RegexField(
        r"^[A-Za-z]?\d{0,4}$",
        required=False,
        allow_blank=True,
        help_text="国民经济行业代码（如 C、C33、3311），含下级分类",
        error_messages={"invalid": _("应为国民经济行业代码，例如 C33。")},
    )
    size = serializers.ChoiceField(choices=SizeClass.choices, required=False, allow_blank=True)
    verification_status = serializers.ChoiceField(
        choices=VerificationStatus.choices, required=False, allow_blank=True
    )
    designation = serializers.ChoiceField(choices=DesignationKind.choices, required=False, allow_blank=True)
    park = serializers.IntegerField(required=False, min_value=1, max_value=2**62)

    def filters(self) -> selectors.OrganizationFilters:
        data = dict(self.validated_data)
        if data.get("industry"):
            data["industry"] = data["industry"].upper()
        return selectors.OrganizationFilters(**data)


_KIND_LABELS = dict(OrganizationKind.choices)
_STATUS_LABELS = dict(VerificationStatus.choices)


class OrganizationListOutput(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    region = RegionRefOutput()
    industry = IndustryRefOutput(allow_null=True)
    verification_status_display = serializers.CharField(source="get_verification_status_display")

    class Meta:
        model = Organization
        fields = [
            "id",
            "uscc",
            "name",
            "kind",
            "kind_display",
            "region",
            "industry",
            "size",
            "founded_on",
            "verification_status",
            "verification_status_display",
        ]

    def to_representation(self, org: Organization) -> dict[str, Any]:
        # The declared fields document the shape; rows are built directly because DRF's generic field
        # machinery (a signature inspection per callable source, per row) was most of the list's CPU time.
        if type(self) is not OrganizationListOutput:
            return super().to_representation(org)
        region, industry = org.region, org.industry
        return {
            "id": org.id,
            "uscc": org.uscc,
            "name": org.name,
            "kind": org.kind,
            "kind_display": str(_KIND_LABELS.get(org.kind, org.kind)),
            "region": {"code": region.code, "name": region.name, "full_name": region.full_name},
            "industry": None
            if industry is None
            else {
                "code": industry.code,
                "code_with_section": industry.code_with_section,
                "name": industry.name,
            },
            "size": org.size,
            "founded_on": org.founded_on.isoformat() if org.founded_on else None,
            "verification_status": org.verification_status,
            "verification_status_display": str(
                _STATUS_LABELS.get(org.verification_status, org.verification_status)
            ),
        }


class OrganizationListApi(APIView):
    @extend_schema(
        operation_id="organizations_list",
        summary="主体列表",
        description="当前用户可见的主体（官员：辖区内；机构用户：本机构），按编号倒序，游标分页。",
        parameters=[OrganizationFilterInput, *KEYSET_PARAMETERS],
        responses={200: paginated(OrganizationListOutput, "PaginatedOrganizationList")},
    )
    def get(self, request: Request) -> Response:
        params = OrganizationFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.organization_list(user=request.user, filters=params.filters())
        return keyset_page(self, request, qs, OrganizationListOutput)


# ---------------------------------------------------------------------------------------------------------
# POST /api/v1/organizations/


class OrganizationInput(InputSerializer):
    """Raw values; the registry service validates them (one set of rules for pages, API and Excel)."""

    uscc = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="18位统一社会信用代码（GB 32100-2015）"
    )
    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    kind = serializers.CharField(
        required=False, allow_blank=True, help_text=choices_help(OrganizationKind) + "（也可填中文名称）"
    )
    region = RawValueField(help_text="6位行政区划代码或地区全称")
    industry = RawValueField(help_text="国民经济行业代码（如 C3311 或 3311）或名称；空值表示不填")
    size = serializers.CharField(required=False, allow_blank=True, help_text=choices_help(SizeClass))
    founded_on = RawValueField(help_text="成立日期，例如 2020-05-01 或 2020年5月1日")
    registered_capital = RawValueField(help_text="注册资本（元）")
    legal_representative = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    contact_person = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    website = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class OrganizationDetailOutput(OrganizationListOutput):
    verified_by = serializers.CharField(source="verified_by.__str__", allow_null=True, default=None)
    designations = DesignationOutput(many=True)

    class Meta(OrganizationListOutput.Meta):
        fields = [
            *OrganizationListOutput.Meta.fields,
            # every other field an organization's editors may change
            *(f for f in services.ORGANIZATION_FIELDS if f not in OrganizationListOutput.Meta.fields),
            "verified_at",
            "verified_by",
            "verification_note",
            "designations",
            "created_at",
            "updated_at",
        ]


def _detail(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    """The organization as the caller now sees it (after a write: fresh designations and names)."""
    org = selectors.organization_get(user=request.user, pk=pk)
    return Response(OrganizationDetailOutput(org).data, status=code)


class OrganizationCreateApi(APIView):
    @extend_schema(
        operation_id="organizations_create",
        summary="登记主体",
        description="政府工作人员（本辖区内）或平台管理员直接登记主体，登记即为已核验。",
        request=OrganizationInput,
        responses={201: OrganizationDetailOutput},
    )
    def post(self, request: Request) -> Response:
        body = OrganizationInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.present()
        uscc = data.pop("uscc", "")
        org = services.organization_register(actor=request.user, uscc=uscc, data=data)
        return _detail(request, org.pk, status.HTTP_201_CREATED)


class OrganizationCollectionApi(OrganizationListApi, OrganizationCreateApi):
    """``/organizations/``: GET lists, POST registers (each operation documented on its own class)."""


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/organizations/{id}/  ·  PATCH /api/v1/organizations/{id}/


class OrganizationDetailApi(APIView):
    @extend_schema(
        operation_id="organizations_retrieve", summary="主体详情", responses={200: OrganizationDetailOutput}
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)


class OrganizationUpdateApi(APIView):
    @extend_schema(
        operation_id="organizations_partial_update",
        summary="修改主体信息",
        description=(
            "机构管理员或辖区政府工作人员修改；只改请求中出现的字段。已核验主体的统一社会信用代码、名称、"
            "主体类型和所在地区只能由辖区政府工作人员或平台管理员修改，机构管理员修改时整体拒绝并指明字段。"
        ),
        request=OrganizationInput,
        responses={200: OrganizationDetailOutput},
    )
    def patch(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get_for(user=request.user, pk=pk, action="change")
        body = OrganizationInput(data=request.data)
        body.is_valid(raise_exception=True)
        if body.present():  # an empty PATCH changes nothing and leaves no audit record
            services.organization_update(organization=org, actor=request.user, data=body.present())
        return _detail(request, org.pk)


class OrganizationItemApi(OrganizationDetailApi, OrganizationUpdateApi):
    """``/organizations/{id}/``: GET reads, PATCH updates."""


# ---------------------------------------------------------------------------------------------------------
# POST /api/v1/organizations/{id}/verify/  ·  POST /api/v1/organizations/{id}/reject/


class VerifyInput(InputSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class VerificationOutput(serializers.ModelSerializer):
    verification_status_display = serializers.CharField(source="get_verification_status_display")

    class Meta:
        model = Organization
        fields = [
            "id",
            "verification_status",
            "verification_status_display",
            "verified_at",
            "verification_note",
        ]


class _VerificationApi(APIView):
    approve: bool

    def post(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get_for(user=request.user, pk=pk, action="verify")
        body = VerifyInput(data=request.data)
        body.is_valid(raise_exception=True)
        org = services.organization_verify(
            organization=org, actor=request.user, approve=self.approve, note=body.validated_data["note"]
        )
        return Response(VerificationOutput(org).data)


def _verification_schema(operation_id: str, summary: str, description: str) -> Any:
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            summary=summary,
            description=description,
            request=VerifyInput,
            responses={200: VerificationOutput},
        )
    )


@_verification_schema("organizations_verify", "核验通过", "主体所在辖区的政府工作人员确认自助注册的主体。")
class OrganizationVerifyApi(_VerificationApi):
    approve = True


@_verification_schema("organizations_reject", "核验不通过", "辖区政府工作人员不予通过，须填写理由（note）。")
class OrganizationRejectApi(_VerificationApi):
    approve = False
