"""Programs API, the execution half: the project library (keyset pages), a project with its contract,
budget execution, reports and changes; performance evaluation (绩效评价); progress reports and change
requests (the applicant's), change decisions (the officer's).  Same rules as the pages: the services'."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KEYSET_PARAMETERS, InputSerializer, KeysetPagination, paginated
from kechuang.core.permissions import get_object_or_404_for
from kechuang.programs import selectors_execution as sel
from kechuang.programs import services
from kechuang.programs.choices import BudgetCategory, ProjectStatus
from kechuang.programs.choices_execution import ChangeKind, ReportKind
from kechuang.programs.models import ChangeRequest

MONEY = {"max_digits": 14, "decimal_places": 2}


class ExecProjectOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField(source="application.title")
    organization = serializers.CharField(source="application.organization.name")
    program_type = serializers.CharField(source="application.topic.call.program_type.name")
    year = serializers.IntegerField(source="application.topic.call.year")
    leader_name = serializers.CharField(source="application.leader_name")
    special_funds = serializers.DecimalField(source="application.requested_funds", **MONEY)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class ExecProjectFilterInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    program_type = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False, allow_blank=True)
    region = serializers.RegexField(r"^\d{6}$", required=False, allow_blank=True)


class ProjectListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="programs_projects_list",
        responses=paginated(ExecProjectOutput, "ProgramProjectPage"),
        parameters=[*KEYSET_PARAMETERS, ExecProjectFilterInput],
        summary="项目库",
    )
    def get(self, request: Request) -> Response:
        params = ExecProjectFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        pager = KeysetPagination()
        page = pager.paginate_queryset(sel.project_search(user=request.user, **filters), request, view=self)
        return pager.get_paginated_response(ExecProjectOutput(page, many=True).data)


class ExecBudgetRowOutput(serializers.Serializer):
    label = serializers.CharField()
    special = serializers.DecimalField(**MONEY)
    spent_special = serializers.DecimalField(**MONEY)
    rate = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)


class ExecSpendingLineOutput(serializers.Serializer):
    category = serializers.CharField()
    special = serializers.DecimalField(**MONEY)
    self = serializers.DecimalField(**MONEY)


class ExecSpendingYearOutput(serializers.Serializer):
    year = serializers.IntegerField()
    lines = ExecSpendingLineOutput(many=True)
    special = serializers.DecimalField(**MONEY)
    self = serializers.DecimalField(**MONEY)
    cumulative_special = serializers.DecimalField(**MONEY)


class ExecIndicatorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    quantity = serializers.DecimalField(**MONEY)
    unit = serializers.CharField()
    achieved = serializers.DecimalField(allow_null=True, **MONEY)


class ExecReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(source="get_kind_display")
    year = serializers.IntegerField()
    status = serializers.CharField(source="get_status_display")
    content = serializers.CharField()


class ExecChangeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(source="get_kind_display")
    summary = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    decision_note = serializers.CharField()


class ExecProjectDetailOutput(ExecProjectOutput):
    contract_status = serializers.CharField(allow_null=True)
    funds_approved = serializers.DecimalField(**MONEY)
    funds_disbursed = serializers.DecimalField(**MONEY)
    funds_spent = serializers.DecimalField(**MONEY)
    indicators = ExecIndicatorOutput(many=True)
    budget = ExecBudgetRowOutput(many=True)
    spending_by_year = ExecSpendingYearOutput(many=True)
    reports = ExecReportOutput(many=True)
    changes = ExecChangeOutput(many=True)


class ProjectDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="programs_project_detail", responses=ExecProjectDetailOutput, summary="项目执行情况"
    )
    def get(self, request: Request, pk: int) -> Response:
        project = sel.project_get(user=request.user, pk=pk)
        contract = sel.contract_of(project)
        funds = sel.project_funds(project=project)
        body = dict(ExecProjectOutput(project).data)
        body.update(
            contract_status=contract.get_status_display() if contract else None,
            funds_approved=funds["approved"], funds_disbursed=funds["disbursed"], funds_spent=funds["spent"],
            indicators=ExecIndicatorOutput(project.indicator_lines.all(), many=True).data,
            budget=ExecBudgetRowOutput(sel.budget_execution(project=project), many=True).data,
            spending_by_year=ExecSpendingYearOutput(sel.spending_by_year(project=project), many=True).data,
            reports=ExecReportOutput(project.reports.all(), many=True).data,
            changes=ExecChangeOutput(project.change_requests.order_by("-id"), many=True).data,
        )  # fmt: skip
        return Response(body)


class ExecPerformanceOutput(serializers.Serializer):
    year = serializers.IntegerField()
    region = serializers.CharField()
    projects = serializers.IntegerField()
    accepted = serializers.IntegerField()
    failed = serializers.IntegerField()
    terminated = serializers.IntegerField()
    approved = serializers.DecimalField(**MONEY)
    disbursed = serializers.DecimalField(**MONEY)
    spent = serializers.DecimalField(**MONEY)
    execution_rate = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)
    indicators = serializers.IntegerField()
    indicators_met = serializers.IntegerField()
    indicator_rate = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)
    outputs = serializers.IntegerField()
    patents = serializers.IntegerField()
    contracts = serializers.IntegerField()
    contract_amount = serializers.DecimalField(**MONEY)


class ExecPerformanceFilterInput(serializers.Serializer):
    program_type = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class PerformanceApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="programs_performance",
        parameters=[ExecPerformanceFilterInput],
        responses=ExecPerformanceOutput(many=True),
        summary="绩效评价（按年度和地区）",
    )
    def get(self, request: Request) -> Response:
        params = ExecPerformanceFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = sel.performance(user=request.user, program_type=params.validated_data.get("program_type"))
        return Response(ExecPerformanceOutput(rows, many=True).data)


class ExecSpendingInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=BudgetCategory.choices)
    special = serializers.DecimalField(min_value=0, **MONEY)
    own = serializers.DecimalField(min_value=0, **MONEY)


class ExecReportInput(InputSerializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    content = serializers.CharField(max_length=5000)
    problems = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    spent = ExecSpendingInput(many=True, required=False, default=list)
    completed_milestones = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, default=list
    )


class ReportCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="programs_project_report_create", request=ExecReportInput, responses={201: ExecReportOutput},
        summary="报送进展报告",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        project = sel.project_get(user=request.user, pk=pk)
        body = ExecReportInput(data=request.data)
        body.is_valid(raise_exception=True)
        v: dict[str, Any] = body.validated_data
        report = services.report_submit(
            project=project, actor=request.user, kind=v["kind"], year=v["year"], content=v["content"],
            problems=v["problems"], spent={s["category"]: (s["special"], s["own"]) for s in v["spent"]},
            completed_milestones=v["completed_milestones"],
        )  # fmt: skip
        return Response(ExecReportOutput(report).data, status=status.HTTP_201_CREATED)


class ExecChangeInput(InputSerializer):
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    reason = serializers.CharField(max_length=2000)
    months = serializers.IntegerField(required=False, min_value=1, max_value=120)
    leader_name = serializers.CharField(required=False, max_length=60)
    leader_identifier = serializers.CharField(required=False, max_length=40)
    action = serializers.ChoiceField(choices=["add", "remove"], required=False)
    organization = serializers.CharField(required=False, max_length=18)
    budget_from = serializers.CharField(required=False, max_length=16, help_text="调出科目（equipment 等）")
    budget_to = serializers.CharField(required=False, max_length=16, help_text="调入科目")
    amount = serializers.DecimalField(required=False, min_value=0, **MONEY)
    indicator = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    quantity = serializers.DecimalField(required=False, min_value=0, **MONEY)


class ChangeCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="programs_project_change_create", request=ExecChangeInput, responses={201: ExecChangeOutput},
        summary="提交变更申请",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        project = sel.project_get(user=request.user, pk=pk)
        body = ExecChangeInput(data=request.data)
        body.is_valid(raise_exception=True)
        v: dict[str, Any] = dict(body.validated_data)
        kind, reason = v.pop("kind"), v.pop("reason")
        payload = {{"budget_from": "from", "budget_to": "to"}.get(k, k): str(value) for k, value in v.items()}
        change = services.change_request_submit(
            project=project, actor=request.user, kind=kind, reason=reason, payload=payload
        )
        return Response(ExecChangeOutput(change).data, status=status.HTTP_201_CREATED)


class ExecChangeDecideInput(InputSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    version = serializers.IntegerField(required=False, min_value=1)


class ChangeDecideApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="programs_change_decide", request=ExecChangeDecideInput, responses=ExecChangeOutput,
        summary="审批变更申请",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        change = get_object_or_404_for(
            request.user, ChangeRequest.objects.select_related("project"), "view", pk=pk
        )
        body = ExecChangeDecideInput(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        change = services.change_decide(
            change=change,
            actor=request.user,
            approve=v["approve"],
            note=v["note"],
            expected_version=v.get("version"),
        )
        return Response(ExecChangeOutput(change).data)
