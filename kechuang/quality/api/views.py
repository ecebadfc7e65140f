"""Quality API under /api/v1/quality/: an organization's patents and credit, complaints and their moves."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KEYSET_PARAMETERS, InputSerializer, KeysetPagination, paginated
from kechuang.core.errors import ApplicationError
from kechuang.quality import selectors
from kechuang.quality.choices import ComplaintCategory, ComplaintStatus, PatentKind, PatentStatus
from kechuang.quality.services import complaints, ip
from kechuang.registry.selectors import organization_with_uscc, user_organizations


class QualityPatentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    application_no = serializers.CharField()
    grant_no = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    applied_on = serializers.DateField()
    granted_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    lapsed_on = serializers.DateField(allow_null=True)
    inventors = serializers.CharField()
    co_owners = serializers.CharField()


class QualityPatentInput(InputSerializer):
    application_no = serializers.CharField(max_length=20)
    kind = serializers.ChoiceField(choices=PatentKind.choices)
    title = serializers.CharField(max_length=200)
    applied_on = serializers.DateField()
    status = serializers.ChoiceField(choices=PatentStatus.choices)
    granted_on = serializers.DateField(required=False, allow_null=True, default=None)
    grant_no = serializers.CharField(required=False, allow_blank=True, default="")
    lapsed_on = serializers.DateField(required=False, allow_null=True, default=None)
    inventors = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    co_owners = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class PatentsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=paginated(QualityPatentOutput, "QualityPatentPage"), parameters=KEYSET_PARAMETERS
    )
    def get(self, request: Request, pk: int) -> Response:
        organization = selectors.ip_organization(user=request.user, pk=pk)
        qs = selectors.organization_patents(user=request.user, organization=organization)
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(QualityPatentOutput(page, many=True).data)

    @extend_schema(request=QualityPatentInput, responses={201: QualityPatentOutput})
    def post(self, request: Request, pk: int) -> Response:
        organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
        data = QualityPatentInput(data=request.data)
        data.is_valid(raise_exception=True)
        patent = ip.patent_create(organization=organization, actor=request.user, **data.validated_data)
        return Response(QualityPatentOutput(patent).data, status=201)


class CreditApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        organization = selectors.ip_organization(user=request.user, pk=pk)
        grade = selectors.credit_grade(organization=organization)
        return Response(
            {
                "grade": grade.grade if grade else None,
                "reason": grade.reason if grade else "",
                "blocked": selectors.credit_blocks(organization=organization),
                "events": [
                    {"kind": e.kind, "occurred_on": e.occurred_on, "source": e.source, "note": e.note}
                    for e in selectors.credit_events(user=request.user, organization=organization)
                ],
            }
        )


class QualityComplaintOutput(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    category = serializers.CharField()
    status = serializers.CharField()
    region = serializers.CharField(source="region_id")
    department = serializers.CharField(source="department.name", allow_null=True, default=None)
    lodged_on = serializers.DateField()
    deadline = serializers.DateField()
    is_overdue = serializers.BooleanField()
    answer = serializers.CharField()
    version = serializers.IntegerField()


class QualityComplaintInput(InputSerializer):
    subject = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=ComplaintCategory.choices, required=False, default="other")
    body = serializers.CharField()
    region = serializers.CharField(max_length=12)
    about = serializers.CharField(required=False, allow_blank=True, default="")
    on_behalf = serializers.BooleanField(required=False, default=False)


class ComplaintsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=paginated(QualityComplaintOutput, "QualityComplaintPage"), parameters=KEYSET_PARAMETERS
    )
    def get(self, request: Request) -> Response:
        qs = selectors.complaint_list(
            user=request.user,
            status=request.query_params.get("status", ""),
            overdue=request.query_params.get("overdue") == "1",
        )
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(QualityComplaintOutput(page, many=True).data)

    @extend_schema(request=QualityComplaintInput, responses={201: QualityComplaintOutput})
    def post(self, request: Request) -> Response:
        data = QualityComplaintInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        region = selectors.complaint_region(code=values["region"])
        if region is None:
            raise ApplicationError(_("地区代码不存在。"), extra={"field": "region"})
        about = organization_with_uscc(uscc=values["about"]) if values["about"] else None
        if values["about"] and about is None:
            raise ApplicationError(_("未找到该统一社会信用代码对应的单位。"), extra={"field": "about"})
        organizations = user_organizations(request.user)
        if values["on_behalf"] and not organizations:
            raise ApplicationError(
                _("您不是任何单位的成员，不能以单位名义投诉。"), extra={"field": "on_behalf"}
            )
        complaint = complaints.complaint_lodge(
            actor=request.user,
            subject=values["subject"],
            category=values["category"],
            body=values["body"],
            region=region,
            about=about,
            lodging_organization=organizations[0] if values["on_behalf"] else None,
        )
        return Response(
            QualityComplaintOutput(selectors.complaint_get(user=request.user, pk=complaint.pk)).data,
            status=201,
        )


class ComplaintTransitionInput(InputSerializer):
    to = serializers.ChoiceField(choices=ComplaintStatus.choices)
    version = serializers.IntegerField()
    department = serializers.IntegerField(required=False, allow_null=True, default=None)
    answer = serializers.CharField(required=False, allow_blank=True, default="")


PERMISSION_FOR = {
    ComplaintStatus.ASSIGNED: "assign",
    ComplaintStatus.ANSWERED: "answer",
    ComplaintStatus.CLOSED: "close",
}


class ComplaintTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ComplaintTransitionInput, responses=QualityComplaintOutput)
    def post(self, request: Request, pk: int) -> Response:
        data = ComplaintTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        to = data.validated_data["to"]
        selectors.complaint_get(user=request.user, pk=pk)  # 404 when hidden
        action = PERMISSION_FOR.get(to)
        if action is None:
            raise ApplicationError(_("不能变更为该状态。"), extra={"field": "to"})
        complaint = selectors.complaint_get_or_refuse(user=request.user, pk=pk, action=action)
        department = None
        if data.validated_data["department"] is not None:
            department = (
                selectors.complaint_departments(complaint=complaint)
                .filter(pk=data.validated_data["department"])
                .first()
            )
        complaints.complaint_transition(
            complaint=complaint,
            to=to,
            actor=request.user,
            department=department,
            answer=data.validated_data["answer"],
            expected_version=data.validated_data["version"],
        )
        return Response(QualityComplaintOutput(selectors.complaint_get(user=request.user, pk=pk)).data)
