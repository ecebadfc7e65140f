"""REST API of the targets app: one view per operation, serializers beside it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.core.dates import parse_iso_date
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.models import Department, Region
from kechuang.targets import selectors, services
from kechuang.targets.compute import withheld_text
from kechuang.targets.metrics import Withheld
from kechuang.targets.models import Indicator, Task


def _published(value: Decimal | Withheld | None) -> str | None:
    return str(value) if isinstance(value, Decimal) else None


def _withheld(value: Decimal | Withheld | None) -> str | None:
    return withheld_text(value) if isinstance(value, Withheld) else None


class PlanOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    document_number = serializers.CharField()
    issuer = serializers.CharField()
    region = serializers.CharField(source="region_id")
    department = serializers.CharField(source="department.name")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField(help_text="draft（草稿，仅主管部门可见）或 published")


class PlanListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PlanOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(PlanOutput(selectors.plan_list(user=request.user), many=True).data)


class DashboardRowOutput(serializers.Serializer):
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    source = serializers.CharField(source="indicator.source")
    baseline = serializers.DecimalField(source="indicator.baseline_value", max_digits=20, decimal_places=4)
    target = serializers.DecimalField(max_digits=20, decimal_places=4)
    target_date = serializers.DateField(source="indicator.target_date")
    actual = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()
    expected = serializers.FloatField(source="assessment.expected")
    forecast = serializers.FloatField(source="assessment.forecast")
    progress = serializers.FloatField(source="assessment.progress")
    status = serializers.CharField()
    reason = serializers.SerializerMethodField()

    def get_reason(self, row: Any) -> str:
        return _(row.assessment.reason) if row.assessment.reason else ""

    @extend_schema_field(serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True))
    def get_actual(self, row: Any) -> str | None:
        if not isinstance(row.actual, Decimal):
            return None
        return serializers.DecimalField(max_digits=24, decimal_places=4).to_representation(row.actual)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_withheld(self, row: Any) -> str | None:
        """Why the actual value is not given (e.g. "不足3家，不予公开"); null when it is."""
        return _withheld(row.actual)

    lead_unit = serializers.CharField(source="indicator.lead_unit", default=None, allow_null=True)
    regions = serializers.SerializerMethodField()

    def get_regions(self, row: Any) -> list[dict[str, Any]]:
        return [
            {
                "region": c.region.code,
                "name": c.region.name,
                "actual": _published(c.actual),
                "withheld": _withheld(c.actual),
                "target": None if c.target is None else str(c.target),
            }
            for c in row.cells
        ]


class DashboardOutput(serializers.Serializer):
    plan = serializers.IntegerField()
    region = serializers.CharField(help_text="看板所在地区代码")
    on = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="各状态的指标数")
    indicators = DashboardRowOutput(many=True)


class PlanDashboardApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=DashboardOutput,
        parameters=[
            OpenApiParameter("region", str, required=False, description="规划地区内的下级地区代码"),
            OpenApiParameter("on", OpenApiTypes.DATE, required=False, description="统计截至日期"),
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        plan = selectors.plan_get(user=request.user, pk=pk)
        region = None
        if request.query_params.get("region"):
            region = Region.objects.filter(
                code=request.query_params["region"], path__startswith=plan.region.path
            ).first()
            if region is None:
                raise Http404
        on = None
        if "on" in request.query_params:
            on = parse_iso_date(request.query_params["on"])
            if on is None:
                raise ApplicationError(_("日期格式应为YYYY-MM-DD。"), extra={"field": "on"})
        board = selectors.plan_dashboard(
            user=request.user, plan=plan, region=region, on=on or selectors.default_on(plan)
        )
        return Response(
            {
                "plan": plan.pk,
                "region": board.region.code,
                "on": board.on,
                "counts": board.counts(),
                "indicators": DashboardRowOutput(board.rows, many=True).data,
            }
        )


class IndicatorCreatedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()


class MetricValidOutput(serializers.Serializer):
    valid = serializers.BooleanField()


class MetricComputeOutput(serializers.Serializer):
    on = serializers.DateField()
    values = serializers.DictField(
        child=serializers.CharField(allow_null=True),
        help_text="地区代码 → 数值（十进制文本；不予公开时为 null）",
    )
    withheld = serializers.DictField(child=serializers.CharField(), help_text="地区代码 → 不予公开的原因")


class ReportStatusOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


MAX_ID = 2**63 - 1  # the largest primary key the databases store; a larger one is a 400, not an overflow


class IndicatorInput(InputSerializer):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=20)
    target_value = serializers.DecimalField(max_digits=20, decimal_places=4)
    target_max = serializers.DecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    target_date = serializers.DateField()
    baseline_value = serializers.DecimalField(
        max_digits=20, decimal_places=4, required=False, allow_null=True
    )
    baseline_date = serializers.DateField()
    direction = serializers.ChoiceField(choices=["at_least", "at_most"], default="at_least")
    metric = serializers.JSONField(required=False, allow_null=True)
    category = serializers.CharField(required=False, default="", allow_blank=True)
    lead_unit = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    participating_units = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=200,
    )


class IndicatorCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=IndicatorInput, responses={201: IndicatorCreatedOutput})
    def post(self, request: Request, pk: int) -> Response:
        plan = selectors.plan_get(user=request.user, pk=pk)
        data = IndicatorInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        lead = Department.objects.filter(pk=v.pop("lead_unit")).first() if v.get("lead_unit") else None
        v.pop("lead_unit", None)
        units = list(Department.objects.filter(pk__in=v.pop("participating_units")))
        indicator = services.indicator_create(
            actor=request.user, plan=plan, lead_unit=lead, participating_units=units, **v
        )
        return Response({"id": indicator.pk, "source": indicator.source}, status=201)


class MetricInput(InputSerializer):
    definition = serializers.JSONField()
    regions = serializers.ListField(child=serializers.CharField(max_length=6), required=False, default=list)
    on = serializers.DateField(required=False)


class MetricValidateApi(APIView):
    """Check a metric definition against the catalogue and the user's read rights."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=MetricInput, responses={200: MetricValidOutput})
    def post(self, request: Request) -> Response:
        data = MetricInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.metric_validate(user=request.user, definition=data.validated_data["definition"])
        return Response({"valid": True})


class MetricComputeApi(APIView):
    """Compute a definition for many regions at once (one grouped query per model)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=MetricInput, responses={200: MetricComputeOutput})
    def post(self, request: Request) -> Response:
        data = MetricInput(data=request.data)
        data.is_valid(raise_exception=True)
        metric = services.metric_validate(user=request.user, definition=data.validated_data["definition"])
        on = data.validated_data.get("on") or timezone.localdate()
        values = selectors.metric_compute(
            user=request.user, metric=metric, region_codes=data.validated_data["regions"], on=on
        )
        return Response(
            {
                "on": on,
                "values": {code: _published(value) for code, value in values.items()},
                # regions whose value may not be published, with the reason
                "withheld": {code: _withheld(value) for code, value in values.items() if _withheld(value)},
            }
        )


class ReportInput(InputSerializer):
    indicator = serializers.IntegerField(required=False, allow_null=True)
    task = serializers.IntegerField(required=False, allow_null=True)
    department = serializers.IntegerField()
    as_of = serializers.DateField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    narrative = serializers.CharField()


class ReportSubmitApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReportInput, responses={201: ReportStatusOutput})
    def post(self, request: Request) -> Response:
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        indicator = (
            get_object_or_404_for(
                request.user, Indicator.objects.select_related("plan"), "view", pk=v["indicator"]
            )
            if v.get("indicator")
            else None
        )
        task = (
            get_object_or_404_for(request.user, Task.objects.select_related("plan"), "view", pk=v["task"])
            if v.get("task")
            else None
        )
        department = Department.objects.filter(pk=v["department"]).first()
        if department is None:
            raise ApplicationError(_("填报单位不存在。"))
        report = services.report_submit(
            actor=request.user,
            department=department,
            indicator=indicator,
            task=task,
            as_of=v["as_of"],
            value=v.get("value"),
            narrative=v["narrative"],
            files=request.FILES.getlist("files"),
        )
        return Response({"id": report.pk, "status": report.status}, status=201)


class ReviewInput(InputSerializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ReportReviewApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReviewInput, responses={200: ReportStatusOutput})
    def post(self, request: Request, pk: int) -> Response:
        report = selectors.report_get(user=request.user, pk=pk)
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_review(actor=request.user, report=report, **data.validated_data)
        return Response({"id": report.pk, "status": report.status})
