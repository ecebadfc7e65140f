"""``/api/v1/market/demands/``: list and search (public, without the confidential part), publish,
detail, suggestions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, RawValueField
from kechuang.core.errors import ApplicationError
from kechuang.market import selectors, services
from kechuang.market.api.common import operation
from kechuang.market.api.listings import (
    ListingCollectionApi,
    ListingSuggestionsApi,
    listing_schema,
    suggestions_schema,
)
from kechuang.market.models import Demand


class DemandOutput(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name")
    field_code = serializers.CharField(source="field.code_with_section", default=None, allow_null=True)

    class Meta:
        model = Demand
        fields = [
            "id",
            "title",
            "problem",
            "keywords",
            "owner",
            "owner_name",
            "field_code",
            "budget",
            "deadline",
            "cooperation_modes",
            "min_trl",
            "is_bounty",
            "bounty_amount",
            "status",
            "published_at",
        ]


class DemandInput(InputSerializer):
    owner = RawValueField()
    title = serializers.CharField(required=False, allow_blank=True)
    problem = serializers.CharField(required=False, allow_blank=True)
    confidential_detail = serializers.CharField(required=False, allow_blank=True)
    keywords = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    field = RawValueField()
    budget = RawValueField()
    deadline = RawValueField(help_text="YYYY-MM-DD")
    cooperation_modes = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    min_trl = RawValueField()
    is_bounty = serializers.BooleanField(required=False, default=False)
    bounty_amount = RawValueField()
    publish = serializers.BooleanField(required=False, default=True)


@listing_schema(
    "demands",
    lists="技术需求列表/检索（公开，不含保密内容）",
    creates="发布技术需求",
)
class DemandCollectionApi(ListingCollectionApi):
    output_class = DemandOutput
    input_class = DemandInput

    def search(self, request: Request, query: str) -> list[Any]:
        return selectors.demand_search(user=request.user, query=query, k=50)

    def rows(self, request: Request) -> Any:
        return selectors.demand_list(user=request.user)

    def create(self, request: Request, *, owner: Any, data: dict[str, Any]) -> Demand:
        publish = data.pop("publish", True)
        return services.demand_create(actor=request.user, owner=owner, data=data, publish=publish)


class DemandDetailApi(APIView):
    permission_classes = [AllowAny]

    @operation(
        "market_demands_detail",
        "需求详情（保密内容仅对发布单位和已接受对接的单位可见）",
        responses={200: DemandOutput},
    )
    def get(self, request: Request, pk: int) -> Response:
        d = selectors.demand_get(user=request.user, pk=pk)
        data = DemandOutput(d).data
        if selectors.demand_confidential_visible(user=request.user, demand=d):
            data["confidential_detail"] = d.confidential_detail
        return Response(data)


@suggestions_schema("demands", "需求的推荐成果、专家、机构（带理由）")
class DemandSuggestionsApi(ListingSuggestionsApi):
    def suggestions(self, request: Request, pk: int) -> dict[str, Any]:
        d = selectors.demand_get(user=request.user, pk=pk, action="suggest")
        return selectors.demand_suggestions(user=request.user, demand=d)


class DemandWhyOutput(serializers.Serializer):
    lines = serializers.ListField(child=serializers.CharField())


class DemandWhyApi(APIView):
    """Why one suggested achievement is above another (``?above=<id>&below=<id>``), in plain sentences."""

    @operation(
        "market_demands_why",
        "需求推荐中两条成果先后的原因",
        responses={200: DemandWhyOutput},
        parameters=[
            OpenApiParameter("above", int, required=True, description="排在前面的成果"),
            OpenApiParameter("below", int, required=True, description="排在后面的成果"),
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        d = selectors.demand_get(user=request.user, pk=pk, action="suggest")
        above, below = request.query_params.get("above", ""), request.query_params.get("below", "")
        if not (above.isdigit() and below.isdigit()):
            raise ApplicationError(_("请给出两条推荐成果：above 和 below。"))
        lines = selectors.why_above(user=request.user, demand=d, above_id=int(above), below_id=int(below))
        return Response({"lines": lines})
