"""What the market's API modules share: the acting organization, public reads, suggestion output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request

from kechuang.core.api import InputSerializer
from kechuang.core.errors import ApplicationError
from kechuang.market import selectors
from kechuang.market.models import Achievement, Demand
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_organizations

LIST_LIMIT = 200


def own_org(request: Request, pk: Any, *, field: str = "owner") -> Organization:
    """One of the user's own organizations, in whose name the request acts."""
    for org in user_organizations(request.user):
        if str(org.pk) == str(pk):
            return org
    raise ApplicationError(_("您无权以该单位名义操作。"), extra={"field": field})


def operation(operation_id: str, summary: str, **schema: Any) -> Callable[[Any], Any]:
    """The OpenAPI description of one endpoint method (``extend_schema`` with its id and summary first)."""
    return extend_schema(operation_id=operation_id, summary=summary, **schema)


def parsed(request: Request, input_class: type[InputSerializer], *, present: bool = False) -> dict[str, Any]:
    """The request body checked by ``input_class`` (a 400 with the error envelope otherwise); with
    ``present`` only the keys the client sent (for PATCH-like partial input)."""
    body = input_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.present() if present else dict(body.validated_data)


# Anyone may read (GET); every other method needs a signed-in user as usual.  (No docstring: the API
# schema would show it for every endpoint.)
class PublicReadMixin:
    request: Request

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "GET":
            return [AllowAny()]
        return super().get_permissions()  # type: ignore[misc]


# An achievement or a demand, by id (exactly one: the service says so otherwise).
class SubjectInput(InputSerializer):
    achievement = serializers.IntegerField(required=False, allow_null=True, default=None)
    demand = serializers.IntegerField(required=False, allow_null=True, default=None)


def subject_of(request: Request, data: dict[str, Any]) -> tuple[Achievement | None, Demand | None]:
    """The achievement and the demand named by a :class:`SubjectInput` that the user may see."""
    user = request.user
    achievement = (
        selectors.achievement_get(user=user, pk=data["achievement"]) if data["achievement"] else None
    )
    demand = selectors.demand_get(user=user, pk=data["demand"]) if data["demand"] else None
    return achievement, demand


class CreatedOutput(serializers.Serializer):
    id = serializers.IntegerField()


class SuggestionOutput(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="obj.pk")
    name = serializers.SerializerMethodField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    features = serializers.ListField(child=serializers.DictField())

    def get_name(self, s: Any) -> str:
        return str(getattr(s.obj, "title", None) or getattr(s.obj, "name", ""))


class SuggestionsOutput(serializers.Serializer):
    """Ranked suggestions per kind (achievements, experts, institutions, demands, enterprises)."""

    achievements = SuggestionOutput(many=True, required=False)
    experts = SuggestionOutput(many=True, required=False)
    institutions = SuggestionOutput(many=True, required=False)
    demands = SuggestionOutput(many=True, required=False)
    enterprises = SuggestionOutput(many=True, required=False)


class SearchResultOutput(serializers.Serializer):
    item = serializers.DictField()
    reasons = serializers.ListField(child=serializers.CharField())


class SearchPageOutput(serializers.Serializer):
    results = SearchResultOutput(many=True)
