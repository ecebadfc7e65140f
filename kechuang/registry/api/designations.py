"""An organization's designations (资质认定: 高新技术企业, 科技型中小企业…): list and add."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, RawValueField
from kechuang.registry import selectors, services
from kechuang.registry.api.common import choices_help
from kechuang.registry.choices import DesignationKind
from kechuang.registry.models import Designation


class DesignationOutput(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Designation
        fields = ["id", "kind", "kind_display", "certificate_no", "issuer", "valid_from", "valid_to"]


# GET /api/v1/organizations/{id}/designations/


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


# POST /api/v1/organizations/{id}/designations/


class DesignationInput(InputSerializer):
    kind = serializers.CharField(
        required=False, allow_blank=True, help_text=choices_help(DesignationKind) + "（也可填中文名称）"
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
