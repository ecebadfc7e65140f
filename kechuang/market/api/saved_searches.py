"""``/api/v1/market/saved-searches/``: a user's saved searches."""

from __future__ import annotations

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.core.permissions import get_object_or_404_for
from kechuang.market import selectors, services
from kechuang.market.api.common import CreatedOutput, operation, parsed
from kechuang.market.models import SavedSearch


class SavedSearchOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    query = serializers.CharField()
    filters = serializers.DictField()


class SavedSearchInput(InputSerializer):
    name = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.CharField()
    query = serializers.CharField(required=False, allow_blank=True, default="")
    filters = serializers.DictField(required=False, default=dict)


class SavedSearchApi(APIView):
    @operation("market_saved_searches_list", "我保存的检索", responses={200: SavedSearchOutput(many=True)})
    def get(self, request: Request) -> Response:
        return Response(SavedSearchOutput(selectors.saved_search_list(user=request.user), many=True).data)

    @operation(
        "market_saved_searches_create",
        "保存检索（有新匹配时通知）",
        request=SavedSearchInput,
        responses={201: CreatedOutput},
    )
    def post(self, request: Request) -> Response:
        s = services.saved_search_create(actor=request.user, **parsed(request, SavedSearchInput))
        return Response({"id": s.pk}, status=status.HTTP_201_CREATED)


class SavedSearchDeleteApi(APIView):
    @operation("market_saved_searches_delete", "删除保存的检索", responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        saved = get_object_or_404_for(request.user, SavedSearch.objects.all(), "delete", pk=pk)
        services.saved_search_delete(saved=saved, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
