"""The registry's REST API: organizations (with their statistics and designations), parks, departments,
and the reference tables (regions, industries).

One class per operation, each with its input and output serializers right above it. Views parse the
request, call a selector or a service, and render; input is passed raw to the services' ``clean_*``
functions so the API, the pages and the Excel import share one set of rules and messages. Reference data
uses DRF's generic read-only views.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import (
    KEYSET_PARAMETERS,
    InputSerializer,
    KeysetPagination,
    RawValueField,
    paginated,
)
from kechuang.registry import selectors, services
from kechuang.registry.choices import (
    DepartmentKind,
    DesignationKind,
    OrganizationKind,
    ParkKind,
    ParkLevel,
    SizeClass,
    VerificationStatus,
)
from kechuang.registry.models import (
    Department,
    Designation,
    Industry,
    Organization,
    Park,
    Region,
    YearlyStatistics,
)


def _choices_help(choices: Any) -> str:
    return "；".join(f"{value}={label}" for value, label in choices.choices)


# ---------------------------------------------------------------------------------------------------------
# Shared output pieces


class RegionRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "full_name"]


class IndustryRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "code_with_section", "name"]


class DesignationOutput(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Designation
        fields = ["id", "kind", "kind_display", "certificate_no", "issuer", "valid_from", "valid_to"]


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/organizations/


class OrganizationFilterInput(serializers.Serializer):
    """Same filters as the organization list page (``selectors.OrganizationFilters``)."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="名称（简繁体均可）或统一社会信用代码"
    )
    kind = serializers.ChoiceField(choices=OrganizationKind.choices, required=False, allow_blank=True)
    region = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        allow_blank=True,
        help_text="6位行政区划代码，含下级地区",
        error_messages={"invalid": _("应为6位行政区划代码。")},
    )
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
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(OrganizationListOutput(page, many=True).data)


# ---------------------------------------------------------------------------------------------------------
# POST /api/v1/organizations/


class OrganizationInput(InputSerializer):
    """Raw values; the registry service validates them (one set of rules for pages, API and Excel)."""

    uscc = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="18位统一社会信用代码（GB 32100-2015）"
    )
    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    kind = serializers.CharField(
        required=False, allow_blank=True, help_text=_choices_help(OrganizationKind) + "（也可填中文名称）"
    )
    region = RawValueField(help_text="6位行政区划代码或地区全称")
    industry = RawValueField(help_text="国民经济行业代码（如 C3311 或 3311）或名称；空值表示不填")
    size = serializers.CharField(required=False, allow_blank=True, help_text=_choices_help(SizeClass))
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
            "registered_capital",
            "legal_representative",
            "address",
            "contact_person",
            "contact_phone",
            "website",
            "description",
            "verified_at",
            "verified_by",
            "verification_note",
            "designations",
            "created_at",
            "updated_at",
        ]


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
        org = selectors.organization_get(user=request.user, pk=org.pk)
        return Response(OrganizationDetailOutput(org).data, status=status.HTTP_201_CREATED)


class OrganizationCollectionApi(OrganizationListApi, OrganizationCreateApi):
    """``/organizations/``: GET lists, POST registers (each operation documented on its own class)."""


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/organizations/{id}/  ·  PATCH /api/v1/organizations/{id}/


class OrganizationDetailApi(APIView):
    @extend_schema(
        operation_id="organizations_retrieve", summary="主体详情", responses={200: OrganizationDetailOutput}
    )
    def get(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get(user=request.user, pk=pk)
        return Response(OrganizationDetailOutput(org).data)


class OrganizationUpdateApi(APIView):
    @extend_schema(
        operation_id="organizations_partial_update",
        summary="修改主体信息",
        description="机构管理员或辖区政府工作人员修改；只改请求中出现的字段。",
        request=OrganizationInput,
        responses={200: OrganizationDetailOutput},
    )
    def patch(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get_for(user=request.user, pk=pk, action="change")
        body = OrganizationInput(data=request.data)
        body.is_valid(raise_exception=True)
        if body.present():  # an empty PATCH changes nothing and leaves no audit record
            services.organization_update(organization=org, actor=request.user, data=body.present())
        org = selectors.organization_get(user=request.user, pk=org.pk)
        return Response(OrganizationDetailOutput(org).data)


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


class OrganizationVerifyApi(APIView):
    approve = True

    @extend_schema(
        operation_id="organizations_verify",
        summary="核验通过",
        description="主体所在辖区的政府工作人员确认自助注册的主体。",
        request=VerifyInput,
        responses={200: VerificationOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get_for(user=request.user, pk=pk, action="verify")
        body = VerifyInput(data=request.data)
        body.is_valid(raise_exception=True)
        org = services.organization_verify(
            organization=org, actor=request.user, approve=self.approve, note=body.validated_data["note"]
        )
        return Response(VerificationOutput(org).data)


class OrganizationRejectApi(OrganizationVerifyApi):
    approve = False

    @extend_schema(
        operation_id="organizations_reject",
        summary="核验不通过",
        description="辖区政府工作人员不予通过，须填写理由（note）。",
        request=VerifyInput,
        responses={200: VerificationOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/organizations/{id}/statistics/  ·  PUT /api/v1/organizations/{id}/statistics/{year}/


class StatisticsOutput(serializers.ModelSerializer):
    class Meta:
        model = YearlyStatistics
        fields = ["year", *YearlyStatistics.FIGURES, "updated_at"]


class StatisticsListApi(APIView):
    @extend_schema(
        operation_id="organizations_statistics_list",
        summary="年度统计列表",
        responses={200: StatisticsOutput(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get(user=request.user, pk=pk)
        rows = selectors.organization_statistics(organization=org)
        return Response(StatisticsOutput(rows, many=True).data)


class StatisticsInput(InputSerializer):
    """Figures in 元 (money) and counts; a field left out keeps its value, ``null`` clears it."""

    revenue = RawValueField(help_text="营业收入（元）")
    total_output = RawValueField(help_text="工业总产值（元）")
    rd_expenditure = RawValueField(help_text="研发费用（元）")
    new_product_output = RawValueField(help_text="新产品产值（元）")
    exports = RawValueField(help_text="出口额（元）")
    profit = RawValueField(help_text="利润总额（元）")
    tax_paid = RawValueField(help_text="纳税总额（元）")
    employees = RawValueField(help_text="从业人员（人）")
    rd_staff = RawValueField(help_text="研发人员（人）")
    valid_invention_patents = RawValueField(help_text="有效发明专利（件）")
    patent_applications = RawValueField(help_text="专利申请（件）")


class StatisticsUpsertApi(APIView):
    @extend_schema(
        operation_id="organizations_statistics_upsert",
        summary="填报或更新某年度统计",
        description="机构管理员或辖区政府工作人员；该年度不存在则新建。利润可为负数以外的任何合理数值。",
        request=StatisticsInput,
        responses={200: StatisticsOutput},
    )
    def put(self, request: Request, pk: int, year: int) -> Response:
        org = selectors.organization_get_for(user=request.user, pk=pk, action="change")
        body = StatisticsInput(data=request.data)
        body.is_valid(raise_exception=True)
        stats = services.statistics_upsert(
            organization=org, actor=request.user, data={**body.present(), "year": year}
        )
        return Response(StatisticsOutput(stats).data)


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/organizations/{id}/designations/  ·  POST /api/v1/organizations/{id}/designations/


class DesignationListApi(APIView):
    @extend_schema(
        operation_id="organizations_designations_list",
        summary="资质认定列表",
        responses={200: DesignationOutput(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get(user=request.user, pk=pk)
        rows = selectors.organization_designations(organization=org)
        return Response(DesignationOutput(rows, many=True).data)


class DesignationInput(InputSerializer):
    kind = serializers.CharField(
        required=False, allow_blank=True, help_text=_choices_help(DesignationKind) + "（也可填中文名称）"
    )
    certificate_no = serializers.CharField(required=False, allow_blank=True)
    issuer = serializers.CharField(required=False, allow_blank=True)
    valid_from = RawValueField(help_text="有效期起，例如 2024-12-01")
    valid_to = RawValueField(help_text="有效期止（可为将来日期）；空值表示长期")


class DesignationAddApi(APIView):
    @extend_schema(
        operation_id="organizations_designations_create",
        summary="登记资质认定",
        description="主体所在辖区的政府工作人员或平台管理员。",
        request=DesignationInput,
        responses={201: DesignationOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get_for(user=request.user, pk=pk, action="verify")
        body = DesignationInput(data=request.data)
        body.is_valid(raise_exception=True)
        values = services.clean_designation_data(body.validated_data)
        designation = services.designation_add(organization=org, actor=request.user, **values)
        return Response(DesignationOutput(designation).data, status=status.HTTP_201_CREATED)


class DesignationCollectionApi(DesignationListApi, DesignationAddApi):
    """``/organizations/{id}/designations/``: GET lists, POST adds."""


# ---------------------------------------------------------------------------------------------------------
# Parks: GET /api/v1/parks/  ·  /parks/{id}/  ·  /parks/{id}/members/


class ParkFilterInput(serializers.Serializer):
    region = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        allow_blank=True,
        help_text="6位行政区划代码，含下级地区",
        error_messages={"invalid": _("应为6位行政区划代码。")},
    )
    level = serializers.ChoiceField(choices=ParkLevel.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ParkKind.choices, required=False, allow_blank=True)


class ParkOutput(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    kind_display = serializers.CharField(source="get_kind_display")
    region = RegionRefOutput()

    class Meta:
        model = Park
        fields = ["id", "name", "level", "level_display", "kind", "kind_display", "region", "established_on"]


class ParkListApi(APIView):
    @extend_schema(
        operation_id="parks_list",
        summary="园区列表",
        parameters=[ParkFilterInput, *KEYSET_PARAMETERS],
        responses={200: paginated(ParkOutput, "PaginatedParkList")},
    )
    def get(self, request: Request) -> Response:
        params = ParkFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.park_list(user=request.user, **params.validated_data)
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ParkOutput(page, many=True).data)


class ParkDetailOutput(ParkOutput):
    operator = serializers.CharField(source="operator.name", allow_null=True, default=None)

    class Meta(ParkOutput.Meta):
        fields = [*ParkOutput.Meta.fields, "area_km2", "operator", "description"]


class ParkDetailApi(APIView):
    @extend_schema(operation_id="parks_retrieve", summary="园区详情", responses={200: ParkDetailOutput})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ParkDetailOutput(selectors.park_get(user=request.user, pk=pk)).data)


class ParkMembersApi(APIView):
    @extend_schema(
        operation_id="parks_members_list",
        summary="入园主体",
        description="园区内当前用户可见的主体。",
        parameters=KEYSET_PARAMETERS,
        responses={200: paginated(OrganizationListOutput, "PaginatedParkMemberList")},
    )
    def get(self, request: Request, pk: int) -> Response:
        park = selectors.park_get(user=request.user, pk=pk)
        qs = selectors.park_members(user=request.user, park=park)
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(OrganizationListOutput(page, many=True).data)


# ---------------------------------------------------------------------------------------------------------
# Reference data (generic read-only views): departments, regions, industries


class DepartmentOutput(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    region = RegionRefOutput()

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "kind_display", "region"]


class DepartmentListApi(generics.ListAPIView):
    """Government departments (科技局, 工信局…), by region and kind."""

    serializer_class = DepartmentOutput
    pagination_class = KeysetPagination

    class FilterInput(serializers.Serializer):
        region = serializers.RegexField(
            r"^\d{6}$",
            required=False,
            allow_blank=True,
            help_text="6位行政区划代码",
            error_messages={"invalid": _("应为6位行政区划代码。")},
        )
        subtree = serializers.BooleanField(required=False, default=False, help_text="含下级地区的部门")
        kind = serializers.ChoiceField(choices=DepartmentKind.choices, required=False, allow_blank=True)

    @extend_schema(
        operation_id="departments_list", summary="政府部门列表", parameters=[FilterInput, *KEYSET_PARAMETERS]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        params = self.FilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.department_list(user=self.request.user, **params.validated_data)
