"""``/api/v1/market/feedback/``: a judgement of one suggestion, which changes later rankings."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.market import selectors, services
from kechuang.market.api.common import CreatedOutput, operation, parsed


class FeedbackInput(InputSerializer):
    source_kind = serializers.ChoiceField(choices=["demand", "achievement"])
    source_id = serializers.IntegerField()
    target_kind = serializers.ChoiceField(choices=["achievement", "demand", "expert"])
    target_id = serializers.IntegerField()
    useful = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackApi(APIView):
    @operation(
        "market_feedback",
        "对推荐结果反馈（有用/没用及原因），影响后续排序",
        request=FeedbackInput,
        responses={201: CreatedOutput},
    )
    def post(self, request: Request) -> Response:
        v = parsed(request, FeedbackInput)
        kind, pk = v.pop("source_kind"), v.pop("source_id")
        if kind == "demand":
            source: Any = selectors.demand_get(user=request.user, pk=pk, action="suggest")
        else:
            source = selectors.achievement_get(user=request.user, pk=pk, action="change")
        fb = services.match_feedback_record(actor=request.user, source=source, **v)
        return Response({"id": fb.pk}, status=status.HTTP_201_CREATED)
