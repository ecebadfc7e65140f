"""``/api/v1/market/achievements/``: list and search (public), create, act on, suggestions."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, RawValueField
from kechuang.market import selectors, services
from kechuang.market.api.common import operation, parsed
from kechuang.market.api.listings import (
    ListingCollectionApi,
    ListingSuggestionsApi,
    listing_schema,
    suggestions_schema,
)
from kechuang.market.models import Achievement

SEARCH_FILTERS = ("industry", "region", "maturity", "transfer_mode")


class AchievementOutput(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name")
    field_code = serializers.CharField(source="field.code_with_section", default=None, allow_null=True)
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Achievement
        fields = [
            "id",
            "title",
            "summary",
            "keywords",
            "inventors",
            "owner",
            "owner_name",
            "field_code",
            "maturity",
            "trl",
            "patents",
            "transfer_modes",
            "price",
            "status",
            "status_display",
            "published_at",
            "expires_on",
        ]


class AchievementInput(InputSerializer):
    owner = RawValueField(help_text="所有单位编号（须为本人所在单位）")
    title = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    keywords = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    inventors = serializers.CharField(required=False, allow_blank=True)
    field = RawValueField(help_text="行业代码，如 C33")
    maturity = serializers.CharField(required=False, allow_blank=True, help_text="lab / pilot / industrial")
    trl = RawValueField(help_text="技术就绪度 1–9")
    patents = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    transfer_modes = serializers.JSONField(required=False, help_text="列表或以逗号分隔的文本")
    price = RawValueField(help_text="意向价格（元）")


@listing_schema(
    "achievements",
    lists="科技成果列表/检索",
    description="公开。带 q 时为全文+语义检索，返回匹配理由；可加 industry、region、trl_min 筛选。",
    creates="新建成果（草稿）",
)
class AchievementCollectionApi(ListingCollectionApi):
    output_class = AchievementOutput
    input_class = AchievementInput

    def search(self, request: Request, query: str) -> list[Any]:
        params = request.query_params
        filters: dict[str, Any] = {k: params[k] for k in SEARCH_FILTERS if params.get(k)}
        if params.get("trl_min", "").isdigit():
            filters["trl_min"] = int(params["trl_min"])
        return selectors.achievement_search(user=request.user, query=query, filters=filters, k=50)

    def rows(self, request: Request) -> Any:
        return selectors.achievement_list(user=request.user)

    def create(self, request: Request, *, owner: Any, data: dict[str, Any]) -> Achievement:
        return services.achievement_create(actor=request.user, owner=owner, data=data)


class AchievementDetailApi(APIView):
    permission_classes = [AllowAny]

    @operation("market_achievements_detail", "成果详情", responses={200: AchievementOutput})
    def get(self, request: Request, pk: int) -> Response:
        return Response(AchievementOutput(selectors.achievement_get(user=request.user, pk=pk)).data)


class AchievementReviewInput(InputSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AchievementActionApi(APIView):
    # action in the URL → the service; each action is also the permission asked of the achievement
    ACTIONS = {
        "submit": services.achievement_submit,
        "renew": services.achievement_renew,
        "withdraw": services.achievement_withdraw,
    }

    @operation(
        "market_achievements_action",
        "成果操作：submit / review / renew / withdraw",
        request=AchievementReviewInput,
        responses={200: AchievementOutput},
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action != "review" and action not in self.ACTIONS:
            raise Http404
        a = selectors.achievement_get(user=request.user, pk=pk, action=action)
        if action == "review":
            v = parsed(request, AchievementReviewInput)
            services.achievement_review(achievement=a, actor=request.user, **v)
        else:
            self.ACTIONS[action](achievement=a, actor=request.user)
        a.refresh_from_db()
        return Response(AchievementOutput(a).data)


@suggestions_schema("achievements", "成果的潜在需求和企业（带理由）")
class AchievementSuggestionsApi(ListingSuggestionsApi):
    def suggestions(self, request: Request, pk: int) -> dict[str, Any]:
        a = selectors.achievement_get(user=request.user, pk=pk, action="change")
        return selectors.achievement_suggestions(user=request.user, achievement=a)
