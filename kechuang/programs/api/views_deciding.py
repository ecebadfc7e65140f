"""Programs API, the deciding half: one move for many applications (the officers' queue) and the funding
decision of a call.  Same envelope and rules as the pages: all or nothing, a hidden or forged id is a 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, RawValueField
from kechuang.programs import selectors, services


class ProgramBulkTransitionInput(InputSerializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=500
    )
    to = serializers.CharField(max_length=20)
    note = serializers.CharField(allow_blank=True, default="", max_length=2000)


class ProgramBulkTransitionOutput(serializers.Serializer):
    processed = serializers.IntegerField()


class ApplicationBulkTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ProgramBulkTransitionInput,
        responses=ProgramBulkTransitionOutput,
        summary="批量变更项目申报状态（全部成功或全部不变）",
        operation_id="programs_applications_bulk_transition",
    )
    def post(self, request: Request) -> Response:
        data = ProgramBulkTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        n = services.application_bulk_transition(ids=v["ids"], to=v["to"], actor=request.user, note=v["note"])
        return Response(ProgramBulkTransitionOutput({"processed": n}).data)


class ProgramFundingLineInput(InputSerializer):
    application = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    amount = RawValueField(required=True, allow_null=False)


class ProgramFundingInput(InputSerializer):
    amounts = ProgramFundingLineInput(many=True)
    version = serializers.IntegerField(required=False)


class ProgramFundedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    funded_amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class CallFundingApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ProgramFundingInput,
        responses=ProgramFundedOutput(many=True),
        summary="立项：确定资助金额（不超过方向上限、项目数和指南资助总额）",
        operation_id="programs_call_funding",
    )
    def post(self, request: Request, pk: int) -> Response:
        call = selectors.call_get(user=request.user, pk=pk, action="manage")
        data = ProgramFundingInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        amounts = {line["application"]: line["amount"] for line in v["amounts"]}
        funded = services.funding_decide(
            call=call, actor=request.user, amounts=amounts, expected_version=v.get("version")
        )
        return Response(ProgramFundedOutput(funded, many=True).data)
