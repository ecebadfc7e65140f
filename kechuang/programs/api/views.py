"""Programs API: published calls (public), applications (create with lines, read, submit, transitions).
Errors come in the one envelope ``{"message", "extra"}``; hidden and missing are the same 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.programs import selectors, services
from kechuang.programs.choices import BudgetCategory, PartnerRole
from kechuang.programs.models import Application


class ProgramTopicOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    funding_cap = serializers.DecimalField(max_digits=14, decimal_places=2)
    project_count = serializers.IntegerField()
    duration_months = serializers.IntegerField()
    co_funding_ratio = serializers.DecimalField(max_digits=5, decimal_places=2)


class ProgramCallOutput(serializers.Serializer):
    id = serializers.IntegerField()
    program_type = serializers.CharField(source="program_type.name")
    department = serializers.CharField(source="program_type.department.name")
    year = serializers.IntegerField()
    title = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    total_budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    leader_limit = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class ProgramCallDetailOutput(ProgramCallOutput):
    notice = serializers.CharField()
    eligibility_rule = serializers.CharField()
    topics = ProgramTopicOutput(many=True, source="topics.all")


class CallListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ProgramCallOutput(many=True), summary="已发布的申报指南")
    def get(self, request: Request) -> Response:
        return Response(ProgramCallOutput(selectors.call_list(user=request.user)[:200], many=True).data)


class CallDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ProgramCallDetailOutput, summary="申报指南及其方向")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ProgramCallDetailOutput(selectors.call_get(user=request.user, pk=pk)).data)


class ProgramBudgetLineIO(serializers.Serializer):
    category = serializers.ChoiceField(choices=BudgetCategory.choices)
    special_funds = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    self_funds = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class ProgramIndicatorIO(serializers.Serializer):
    text = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    unit = serializers.CharField(max_length=20)


class ProgramPartnerIO(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    role = serializers.ChoiceField(choices=PartnerRole.choices)
    budget_share = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class ProgramApplicationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    topic = serializers.IntegerField(source="topic_id")
    organization = serializers.IntegerField(source="organization_id")
    title = serializers.CharField()
    summary = serializers.CharField()
    leader_name = serializers.CharField()
    requested_funds = serializers.DecimalField(max_digits=14, decimal_places=2)
    self_funds = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    last_note = serializers.CharField()
    version = serializers.IntegerField()
    budget = ProgramBudgetLineIO(many=True, source="budget_lines.all")
    indicators = ProgramIndicatorIO(many=True, source="indicators.all")
    partners = ProgramPartnerIO(many=True, source="partners.all")


class ProgramApplicationInput(InputSerializer):
    topic = serializers.IntegerField()
    organization = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(allow_blank=True, default="")
    leader_name = serializers.CharField(max_length=60)
    leader_identifier = serializers.CharField(max_length=40)
    requested_funds = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    self_funds = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    budget = ProgramBudgetLineIO(many=True, default=list)
    indicators = ProgramIndicatorIO(many=True, default=list)
    partners = serializers.ListField(child=serializers.DictField(), default=list)


class ApplicationCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ProgramApplicationInput,
        responses={201: ProgramApplicationOutput},
        summary="创建项目申报（草稿）",
    )
    def post(self, request: Request) -> Response:
        data = ProgramApplicationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v: dict[str, Any] = data.validated_data
        topic = selectors.topic_get(user=request.user, pk=v["topic"])
        application = services.application_create(
            topic=topic,
            organization=services.applicant_organization(
                user=request.user, organization_id=v["organization"]
            ),
            actor=request.user,
            title=v["title"],
            leader_name=v["leader_name"],
            leader_identifier=v["leader_identifier"],
            summary=v["summary"],
            requested_funds=v["requested_funds"],
            self_funds=v["self_funds"],
            budget=v["budget"],
            indicators=v["indicators"],
            partners=v["partners"],
        )
        return Response(ProgramApplicationOutput(application).data, status=201)


class ApplicationDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ProgramApplicationOutput, summary="项目申报详情")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ProgramApplicationOutput(selectors.application_get(user=request.user, pk=pk)).data)


class ProgramVersionInput(InputSerializer):
    version = serializers.IntegerField(required=False)


class ApplicationSubmitApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ProgramVersionInput,
        responses=ProgramApplicationOutput,
        summary="提交申报（一次列出全部问题）",
    )
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk, action="submit")
        data = ProgramVersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        submitted = services.application_submit(
            application=application, actor=request.user, expected_version=data.validated_data.get("version")
        )
        return Response(ProgramApplicationOutput(submitted).data)


class ProgramTransitionInput(InputSerializer):
    to = serializers.CharField(max_length=20)
    note = serializers.CharField(allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class ApplicationTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ProgramTransitionInput,
        responses=ProgramApplicationOutput,
        summary="项目申报状态变更（推荐、形式审查、立项、下达…）",
    )
    def post(self, request: Request, pk: int) -> Response:
        application: Application = selectors.application_get(user=request.user, pk=pk)
        data = ProgramTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        moved = services.application_transition(
            application=application,
            to=v["to"],
            actor=request.user,
            note=v["note"],
            expected_version=v.get("version"),
        )
        return Response(
            ProgramApplicationOutput(selectors.application_get(user=request.user, pk=moved.pk)).data
        )
