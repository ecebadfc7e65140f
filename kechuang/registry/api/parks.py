"""Parks (高新区, 经开区, 大学科技园…) over the API: list, detail and the organizations in a park."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KEYSET_PARAMETERS, paginated
from kechuang.registry import selectors
from kechuang.registry.api.common import RegionRefOutput, keyset_page, region_code_field
from kechuang.registry.api.organizations import OrganizationListOutput
from kechuang.registry.choices import ParkKind, ParkLevel
from kechuang.registry.models import Park


class ParkFilterInput(serializers.Serializer):
    region = region_code_field()
    level = serializers.ChoiceField(choices=ParkLevel.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ParkKind.choices, required=False, allow_blank=True)


class ParkOutput(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    kind_display = serializers.CharField(source="get_kind_display")
    region = RegionRefOutput()

    class Meta:
        model = Park
        fields = ["id", "name", "level", "level_display", "kind", "kind_display", "region", "established_on"]


# GET /api/v1/parks/


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
        return keyset_page(self, request, qs, ParkOutput)


# GET /api/v1/parks/{id}/


class ParkDetailOutput(ParkOutput):
    operator = serializers.CharField(source="operator.name", allow_null=True, default=None)

    class Meta(ParkOutput.Meta):
        fields = [*ParkOutput.Meta.fields, "area_km2", "operator", "description"]


class ParkDetailApi(APIView):
    @extend_schema(operation_id="parks_retrieve", summary="园区详情", responses={200: ParkDetailOutput})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ParkDetailOutput(selectors.park_get(user=request.user, pk=pk)).data)


# GET /api/v1/parks/{id}/members/


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
        return keyset_page(self, request, qs, OrganizationListOutput)
