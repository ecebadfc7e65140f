"""An organization's yearly statistics: list the years, fill in or update one year."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, RawValueField
from kechuang.registry import selectors, services
from kechuang.registry.models import YearlyStatistics


class StatisticsOutput(serializers.ModelSerializer):
    class Meta:
        model = YearlyStatistics
        fields = ["year", *YearlyStatistics.FIGURES, "updated_at"]


# GET /api/v1/organizations/{id}/statistics/


class StatisticsListApi(APIView):
    @extend_schema(
        operation_id="organizations_statistics_list",
        summary="年度统计列表",
        responses={200: StatisticsOutput(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        org = selectors.organization_get(user=request.user, pk=pk)
        rows = selectors.organization_statistics(organization=org)
        return Response(StatisticsOutput(rows, many=True).data)


# PUT /api/v1/organizations/{id}/statistics/{year}/


class StatisticsInput(InputSerializer):
    """Figures in 元 (money) and counts; a field left out keeps its value, ``null`` clears it."""

    revenue = RawValueField(help_text="营业收入（元）")
    total_output = RawValueField(help_text="工业总产值（元）")
    rd_expenditure = RawValueField(help_text="研发费用（元）")
    domestic_rd_expenditure = RawValueField(
        help_text="境内研发费用（元）：在中国境内发生的研发费用，不超过研发费用"
    )
    new_product_output = RawValueField(help_text="新产品产值（元）")
    exports = RawValueField(help_text="出口额（元）")
    profit = RawValueField(help_text="利润总额（元）")
    tax_paid = RawValueField(help_text="纳税总额（元）")
    employees = RawValueField(help_text="从业人员（人）")
    rd_staff = RawValueField(help_text="研发人员（人）")
    valid_invention_patents = RawValueField(help_text="有效发明专利（件）")
    patent_applications = RawValueField(help_text="专利申请（件）")


class StatisticsUpsertApi(APIView):
    @extend_schema(
        operation_id="organizations_statistics_upsert",
        summary="填报或更新某年度统计",
        description="机构管理员或辖区政府工作人员；该年度不存在则新建。利润可为负数以外的任何合理数值。",
        request=StatisticsInput,
        responses={200: StatisticsOutput},
    )
    def put(self, request: Request, pk: int, year: int) -> Response:
        org = selectors.organization_get_for(user=request.user, pk=pk, action="change")
        body = StatisticsInput(data=request.data)
        body.is_valid(raise_exception=True)
        stats = services.statistics_upsert(
            organization=org, actor=request.user, data={**body.present(), "year": year}
        )
        return Response(StatisticsOutput(stats).data)
