"""The commissioner programme's writes through the API: the commissioner logs work on a dispatch, and the
host confirms it (with a rating) or disputes it (with the reason) — the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.core.permissions import get_object_or_404_for
from kechuang.resources.api.common import StatusOutput, validated
from kechuang.resources.choices import LogStatus, WorkKind
from kechuang.resources.models_commissioners import Dispatch, WorkLog
from kechuang.resources.services import commissioners as services


class WorkLogOutput(StatusOutput):
    dispatch = serializers.IntegerField(source="dispatch_id")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    worked_on = serializers.DateField()
    summary = serializers.CharField()
    problems_solved = serializers.IntegerField()
    trainees = serializers.IntegerField()
    technologies = serializers.IntegerField()
    rating = serializers.IntegerField(allow_null=True)
    host_comment = serializers.CharField()


class WorkLogInput(InputSerializer):
    kind = serializers.ChoiceField(choices=WorkKind.choices)
    worked_on = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)  # the service says what is missing
    problems_solved = serializers.IntegerField(min_value=0, required=False, default=0)
    trainees = serializers.IntegerField(min_value=0, required=False, default=0)
    technologies = serializers.IntegerField(min_value=0, required=False, default=0)


class WorkLogCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_worklog_submit", request=WorkLogInput, responses={201: WorkLogOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        """The commissioner logs a piece of work within the dispatch's period (the page's 填写工作记录)."""
        dispatch = get_object_or_404_for(request.user, Dispatch.objects.all(), "view", pk=pk)
        data = validated(WorkLogInput, request)
        log = services.worklog_submit(actor=request.user, dispatch=dispatch, **data)
        return Response(WorkLogOutput(log).data, status=status.HTTP_201_CREATED)


class WorkLogMoveInput(InputSerializer):
    to = serializers.ChoiceField(choices=[LogStatus.CONFIRMED, LogStatus.DISPUTED])
    rating = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["to"] == LogStatus.CONFIRMED and "rating" not in attrs:
            raise serializers.ValidationError(_("确认工作记录时请给出1至5分的评分。"))
        return attrs


class WorkLogTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_worklog_transition", request=WorkLogMoveInput, responses=WorkLogOutput
    )
    def post(self, request: Request, pk: int) -> Response:
        """The host confirms a log with a rating, or disputes it with the reason (the page's buttons)."""
        log = get_object_or_404_for(request.user, WorkLog.objects.all(), "view", pk=pk)
        v = validated(WorkLogMoveInput, request)
        if v["to"] == LogStatus.CONFIRMED:
            services.worklog_confirm(actor=request.user, log=log, rating=v["rating"], comment=v["comment"])
        else:
            services.worklog_dispute(actor=request.user, log=log, comment=v["comment"])
        log.refresh_from_db()
        return Response(WorkLogOutput(log).data)
