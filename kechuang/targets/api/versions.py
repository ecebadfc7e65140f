"""Publishing a draft plan and revising a published indicator's definition over the API: the services of
the officers' pages (``services_versions``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.targets import selectors, services_versions
from kechuang.targets.api.views import PlanOutput
from kechuang.targets.choices import Direction


class PublishInput(InputSerializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text="乐观锁：页面上看到的版本")


class PlanPublishApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="targets_plan_publish", request=PublishInput, responses=PlanOutput)
    def post(self, request: Request, pk: int) -> Response:
        plan = selectors.plan_get(user=request.user, pk=pk, action="change")
        data = PublishInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services_versions.plan_publish(
            actor=request.user, plan=plan, expected_version=data.validated_data.get("version")
        )
        return Response(PlanOutput(plan).data)


class RevisionInput(InputSerializer):
    valid_from = serializers.DateField(help_text="适用起始日期（晚于今天和最近一次统计）")
    reason = serializers.CharField(max_length=200)
    name = serializers.CharField(max_length=200, required=False)
    unit = serializers.CharField(max_length=20, required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    target_value = serializers.DecimalField(max_digits=20, decimal_places=4, required=False)
    target_max = serializers.DecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)


class VersionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    valid_from = serializers.DateField()
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    target_value = serializers.DecimalField(max_digits=20, decimal_places=4)
    target_max = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    reason = serializers.CharField()
    applied = serializers.BooleanField()


class IndicatorVersionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="targets_indicator_versions", responses=VersionOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        indicator = selectors.indicator_get(user=request.user, pk=pk)
        return Response(VersionOutput(indicator.versions.order_by("number"), many=True).data)

    @extend_schema(
        operation_id="targets_indicator_revise", request=RevisionInput, responses={201: VersionOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        indicator = selectors.indicator_get(user=request.user, pk=pk)  # managing it: the service (400)
        data = RevisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = services_versions.indicator_revise(
            actor=request.user,
            indicator=indicator,
            valid_from=values.pop("valid_from"),
            reason=values.pop("reason"),
            data=values,
        )
        return Response(VersionOutput(version).data, status=status.HTTP_201_CREATED)
