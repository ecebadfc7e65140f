"""The endpoints achievements and demands (the market's listings) share: list or search, create, and
suggestions for the owner.  A subclass names its serializers and its selectors and services."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.market.api.common import (
    LIST_LIMIT,
    PublicReadMixin,
    SearchPageOutput,
    SuggestionOutput,
    SuggestionsOutput,
    operation,
    own_org,
    parsed,
)
from kechuang.market.selectors import Suggestion


def listing_schema(plural: str, *, lists: str, creates: str, **list_schema: Any) -> Any:
    """The OpenAPI description of a :class:`ListingCollectionApi` (``market_<plural>_list``/``_create``,
    with the class's own input and output serializers)."""

    def decorate(cls: type[ListingCollectionApi]) -> type[ListingCollectionApi]:
        return extend_schema_view(  # type: ignore[no-any-return]
            get=operation(f"market_{plural}_list", lists, responses={200: SearchPageOutput}, **list_schema),
            post=operation(
                f"market_{plural}_create",
                creates,
                request=cls.input_class,
                responses={201: cls.output_class},
            ),
        )(cls)

    return decorate


def suggestions_schema(plural: str, summary: str) -> Any:
    """The OpenAPI description of a :class:`ListingSuggestionsApi` (``market_<plural>_suggestions``)."""
    return extend_schema_view(
        get=operation(f"market_{plural}_suggestions", summary, responses={200: SuggestionsOutput})
    )


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
        data = parsed(request, self.input_class, present=True)
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
