"""``/api/v1/market/contracts/``: technology contract registration and statistics."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.api import InputSerializer, RawValueField
from kechuang.market import selectors, services
from kechuang.market.api.common import LIST_LIMIT, operation, parsed
from kechuang.market.models import TechContract
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_is_officer


class ContractOutput(serializers.ModelSerializer):
    class Meta:
        model = TechContract
        fields = [
            "id",
            "registration_no",
            "contract_type",
            "title",
            "seller",
            "buyer",
            "amount",
            "tech_amount",
            "signed_on",
            "region",
            "field",
        ]


class ContractInput(InputSerializer):
    seller = serializers.IntegerField()
    buyer = serializers.IntegerField()
    contract_type = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, default="")
    amount = RawValueField()
    tech_amount = RawValueField()
    signed_on = RawValueField()
    field = RawValueField()
    outcome = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="对接活动签约协议编号（登记后与之关联）"
    )


class ContractCollectionApi(APIView):
    @operation(
        "market_contracts_list",
        "技术合同（参与方和辖区官员可见）",
        responses={200: ContractOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(
            ContractOutput(selectors.contract_list(user=request.user)[:LIST_LIMIT], many=True).data
        )

    @operation(
        "market_contracts_register", "技术合同登记", request=ContractInput, responses={201: ContractOutput}
    )
    def post(self, request: Request) -> Response:
        data = parsed(request, ContractInput, present=True)
        outcome_id = data.pop("outcome", None)
        outcome = selectors.event_outcome_get(user=request.user, pk=outcome_id) if outcome_id else None
        parties = [data.get("seller"), data.get("buyer")]
        orgs = {o.pk: o for o in Organization.objects.filter(pk__in=[pk for pk in parties if pk])}
        data["seller"], data["buyer"] = (orgs.get(pk) if pk else None for pk in parties)
        item = outcome.item if outcome is not None else None
        if item is not None and item.achievement_id:
            data["achievement"] = item.achievement
        c = services.contract_register(actor=request.user, data=data, outcome=outcome)
        return Response(ContractOutput(c).data, status=status.HTTP_201_CREATED)


class ContractStatisticsApi(APIView):
    @operation(
        "market_contracts_statistics",
        "技术合同统计（按地区、领域、类型）",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        return Response(selectors.contract_statistics(user=request.user))


class StatRowOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    tech_amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    drill = serializers.CharField()


class RegionStatisticsOutput(serializers.Serializer):
    region = serializers.CharField(allow_null=True, help_text="统计起点的地区代码")
    by_region = StatRowOutput(many=True)
    by_field = StatRowOutput(many=True)
    by_type = StatRowOutput(many=True)
    total = StatRowOutput()


class ContractRegionStatisticsApi(APIView):
    @operation(
        "market_contracts_statistics_regions",
        "技术合同统计（官员辖区，按下级地区汇总；金额单位：元）",
        description="可选参数：region（下钻的地区代码，须在本人辖区内）、contract_type、year。",
        responses={200: RegionStatisticsOutput},
    )
    def get(self, request: Request) -> Response:
        if not (user_is_officer(request.user) or user_is_platform_admin(request.user)):
            raise Http404
        params = request.query_params
        stats = selectors.contract_statistics_rollup(
            user=request.user,
            region_code=params.get("region", ""),
            filters={"contract_type": params.get("contract_type", ""), "year": params.get("year", "")},
        )
        data = {**stats, "region": stats["region"].code if stats["region"] is not None else None}
        return Response(RegionStatisticsOutput(data).data)
