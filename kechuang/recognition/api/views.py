"""Recognition API: one view per operation, serializers beside it."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KEYSET_PARAMETERS, InputSerializer, KeysetPagination, paginated
from kechuang.core.permissions import restrict
from kechuang.recognition import selectors, services
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.models import Application


class CallOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    scheme = serializers.CharField(source="scheme.name")
    department = serializers.CharField(source="scheme.department.name")
    status = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    quota = serializers.IntegerField(allow_null=True)


class CallListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CallOutput(many=True))
    def get(self, request: Request) -> Response:
        calls = selectors.call_list(user=request.user).exclude(status="draft")[:200]
        return Response(CallOutput(calls, many=True).data)


class ApplicationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    call = serializers.IntegerField(source="call_id")
    organization = serializers.CharField(source="organization.name")
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField()
    auto_score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    expert_score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    total_score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_note = serializers.CharField()


class ApplicationFilterInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False, allow_blank=True)
    call = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text="批次编号")


class ApplicationListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="recognition_applications_list",
        responses=paginated(ApplicationOutput, "ApplicationPage"),
        parameters=[*KEYSET_PARAMETERS, ApplicationFilterInput],
    )
    def get(self, request: Request) -> Response:
        qs = restrict(Application.objects.all(), request.user, "view").select_related("organization")
        params = ApplicationFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        if params.validated_data.get("status"):
            qs = qs.filter(status=params.validated_data["status"])
        if params.validated_data.get("call"):
            qs = qs.filter(call_id=params.validated_data["call"])
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ApplicationOutput(page, many=True).data)


class ApplicationDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ApplicationOutput)
    def get(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        return Response(ApplicationOutput(application).data)


class TransitionInput(InputSerializer):
    to = serializers.ChoiceField(choices=ApplicationStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ApplicationTransitionApi(APIView):
    """Move an application (same rules as the pages; ``version`` enables optimistic locking)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=TransitionInput, responses=ApplicationOutput)
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        moved = services.application_transition(
            application=application,
            to=data.validated_data["to"],
            actor=request.user,
            note=data.validated_data["note"],
            expected_version=data.validated_data["version"],
        )
        return Response(ApplicationOutput(moved).data)


class VerifyOutput(serializers.Serializer):
    number = serializers.CharField()
    organization = serializers.CharField()
    recognition = serializers.CharField()
    issuer = serializers.CharField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    revoked_on = serializers.DateField(allow_null=True)
    valid = serializers.BooleanField()


class VerifyApi(APIView):
    """Public certificate verification by code."""

    permission_classes = [AllowAny]

    @extend_schema(responses=VerifyOutput)
    def get(self, request: Request, code: str) -> Response:
        certificate = selectors.certificate_by_code(code=code)
        if certificate is None:
            raise Http404
        application = certificate.application
        body: dict[str, Any] = {
            "number": certificate.number,
            "organization": application.organization.name,
            "recognition": application.call.scheme.recognition_title,
            "issuer": application.call.scheme.department.name,
            "issued_on": certificate.issued_on,
            "valid_until": certificate.valid_until,
            "revoked_on": certificate.revoked_on,
            "valid": certificate.revoked_on is None,
        }
        return Response(body)
