"""The expert pool over the API (officers): list, add, read, change (retire with ``is_active``), record a
conflict of interest. Values are the same text a page takes (see ``services_experts.expert_resolve``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.registry import selectors_experts as selectors
from kechuang.registry import services_experts as services
from kechuang.registry.guards import user_is_officer_or_admin


class ExpertOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    title = serializers.CharField()
    organization = serializers.CharField(source="organization.name", allow_null=True, default=None)
    organization_uscc = serializers.CharField(source="organization.uscc", allow_null=True, default=None)
    region = serializers.CharField(source="region_id", allow_null=True)
    fields = serializers.ListField(child=serializers.CharField())
    max_load = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField()
    username = serializers.CharField(source="user.username", allow_null=True, default=None)
    conflicts = serializers.SerializerMethodField()

    def get_conflicts(self, obj: Any) -> list[dict[str, Any]]:
        return [
            {"organization": c.organization.name, "uscc": c.organization.uscc, "reason": c.reason}
            for c in selectors.expert_conflicts(expert=obj)
        ]


class ExpertInput(InputSerializer):
    name = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    organization = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="统一社会信用代码或单位全称"
    )
    region = serializers.CharField(max_length=60, required=False, allow_blank=True)
    fields = serializers.ListField(child=serializers.CharField(max_length=10), required=False)
    max_load = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    user = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text="用户名或电子邮箱"
    )


class ExpertUpdateInput(ExpertInput):
    is_active = serializers.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class ConflictInput(InputSerializer):
    organization = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _officers_only(request: Request) -> None:
    if not user_is_officer_or_admin(request.user):
        raise Http404


class ExpertListApi(APIView):
    @extend_schema(operation_id="experts_list", summary="专家库", responses={200: ExpertOutput(many=True)})
    def get(self, request: Request) -> Response:
        _officers_only(request)
        experts = selectors.expert_list(
            user=request.user,
            q=request.query_params.get("q", ""),
            active=request.query_params.get("active", ""),
        )[:500]
        return Response(ExpertOutput(experts, many=True).data)

    @extend_schema(
        operation_id="experts_create", summary="新增专家", request=ExpertInput, responses={201: ExpertOutput}
    )
    def post(self, request: Request) -> Response:
        _officers_only(request)
        data = ExpertInput(data=request.data)
        data.is_valid(raise_exception=True)
        expert = services.expert_create(actor=request.user, **services.expert_resolve(data.validated_data))
        return Response(ExpertOutput(expert).data, status=status.HTTP_201_CREATED)


class ExpertDetailApi(APIView):
    @extend_schema(operation_id="experts_retrieve", summary="专家详情", responses={200: ExpertOutput})
    def get(self, request: Request, pk: int) -> Response:
        _officers_only(request)
        return Response(ExpertOutput(selectors.expert_get(user=request.user, pk=pk)).data)

    @extend_schema(
        operation_id="experts_partial_update",
        summary="修改专家信息或出库",
        request=ExpertUpdateInput,
        responses={200: ExpertOutput},
    )
    @transaction.atomic
    def patch(self, request: Request, pk: int) -> Response:
        expert = selectors.expert_get(user=request.user, pk=pk, action="manage")
        data = ExpertUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        active = values.pop("is_active", None)
        if values:
            expert = services.expert_update(
                expert=expert, actor=request.user, data=services.expert_resolve(values, partial=True)
            )
        if active is not None:
            expert = services.expert_set_active(expert=expert, actor=request.user, active=active)
        return Response(ExpertOutput(expert).data)


class ExpertConflictApi(APIView):
    @extend_schema(
        operation_id="experts_conflicts_create",
        summary="记录回避声明",
        request=ConflictInput,
        responses={201: ExpertOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        expert = selectors.expert_get(user=request.user, pk=pk, action="change")
        data = ConflictInput(data=request.data)
        data.is_valid(raise_exception=True)
        org = services.expert_resolve({"organization": data.validated_data["organization"]}, partial=True)
        services.expert_declare_conflict(
            expert=expert,
            organization=org["organization"],
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        return Response(ExpertOutput(expert).data, status=status.HTTP_201_CREATED)
