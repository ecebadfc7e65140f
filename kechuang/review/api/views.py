"""Review API: the expert's assignments and score submission (sealed scores are never exposed early)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.core.permissions import get_object_or_404_for
from kechuang.review import selectors, services
from kechuang.review.models import ReviewAssignment


class AssignmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    panel = serializers.CharField(source="item.panel.name")
    panel_status = serializers.CharField(source="item.panel.status")
    item = serializers.CharField(source="item.label")
    status = serializers.CharField()
    indicators = serializers.JSONField(source="item.panel.indicators")
    scores = serializers.JSONField()
    total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    comment = serializers.CharField()


class MyAssignmentsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=AssignmentOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(AssignmentOutput(selectors.my_assignments(user=request.user), many=True).data)


class ScoreInput(InputSerializer):
    scores = serializers.DictField(child=serializers.CharField(allow_blank=True))
    comment = serializers.CharField(allow_blank=True, default="")


class ScoreSubmitApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ScoreInput, responses=AssignmentOutput)
    def post(self, request: Request, pk: int) -> Response:
        assignment = get_object_or_404_for(
            request.user, ReviewAssignment.objects.select_related("item__panel"), "score", pk=pk
        )
        data = ScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.score_submit(
            assignment=assignment,
            actor=request.user,
            scores=data.validated_data["scores"],
            comment=data.validated_data["comment"],
        )
        return Response(AssignmentOutput(updated).data)
