"""The open-sharing evaluation through the API: the year's figures per owner and per instrument that the
user may evaluate (officers: their region; an owner's members: its instruments; others: empty lists)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.resources.selectors_evaluation import sharing_evaluation


class SharingFiguresOutput(serializers.Serializer):
    hours_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    hours_external = serializers.DecimalField(max_digits=18, decimal_places=2)
    external_share = serializers.DecimalField(max_digits=6, decimal_places=1)
    income_external = serializers.DecimalField(max_digits=18, decimal_places=2)
    external_users = serializers.IntegerField()
    uses = serializers.IntegerField()
    external_uses = serializers.IntegerField()
    rating = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    ratings = serializers.IntegerField()


class SharingOwnerOutput(serializers.Serializer):
    owner_id = serializers.IntegerField()
    owner = serializers.CharField()
    instruments = serializers.IntegerField()
    original_value = serializers.DecimalField(max_digits=18, decimal_places=2)
    figures = SharingFiguresOutput()


class SharingInstrumentOutput(serializers.Serializer):
    instrument_id = serializers.IntegerField(source="instrument.pk")
    instrument = serializers.CharField(source="instrument.name")
    owner = serializers.CharField(source="instrument.owner.name")
    figures = SharingFiguresOutput()


class SharingEvaluationOutput(serializers.Serializer):
    year = serializers.IntegerField()
    owners = SharingOwnerOutput(many=True)
    instruments = SharingInstrumentOutput(many=True)


class SharingEvaluationQuery(InputSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class EvaluationApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_sharing_evaluation",
        parameters=[OpenApiParameter("year", int, description="calendar year (default: this year)")],
        responses=SharingEvaluationOutput,
    )
    def get(self, request: Request) -> Response:
        query = SharingEvaluationQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        return Response(SharingEvaluationOutput(sharing_evaluation(user=request.user, year=year)).data)
