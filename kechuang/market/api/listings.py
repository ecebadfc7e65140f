"""The endpoints achievements and demands (the market's listings) share: list or search, create, and
suggestions for the owner.  A subclass names its serializers and its selectors and services."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.market.api.common import LIST_LIMIT, PublicReadMixin, SuggestionOutput, own_org
from kechuang.market.selectors import Suggestion

# Comments, not docstrings, on these bases: the API schema would show a base's docstring for every
# endpoint built on it.


# GET: the listings (``?q=`` searches, with the reasons of each hit); POST: a new one.
class ListingCollectionApi(PublicReadMixin, APIView):
    output_class: type[serializers.ModelSerializer]
    input_class: type[InputSerializer]

    def search(self, request: Request, query: str) -> list[tuple[Model, list[str]]]:
        raise NotImplementedError

    def rows(self, request: Request) -> QuerySet:
        raise NotImplementedError

    def create(self, request: Request, *, owner: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        pairs = self.search(request, q) if q else [(o, []) for o in self.rows(request)[:LIST_LIMIT]]
        return Response({"results": [{"item": self.output_class(o).data, "reasons": r} for o, r in pairs]})

    def post(self, request: Request) -> Response:
        body = self.input_class(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.present()
        owner = own_org(request, data.pop("owner", None))
        obj = self.create(request, owner=owner, data=data)
        return Response(self.output_class(obj).data, status=status.HTTP_201_CREATED)


# GET: what the matching engine suggests for one of the user's own listings, with reasons.
class ListingSuggestionsApi(APIView):
    def suggestions(self, request: Request, pk: int) -> dict[str, list[Suggestion]]:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        result = self.suggestions(request, pk)
        return Response({k: SuggestionOutput(v, many=True).data for k, v in result.items()})
