"""What the resources API views share: the status part of a workflow row's output, the note-and-version
part of a move's input, the validated request body, and the organization a request acts for (one of the
user's own, else 404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers

from kechuang.core.api import InputSerializer
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_organizations


class StatusOutput(serializers.Serializer):
    """A workflow row: its status (and the words for it) and the version a move must quote."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField()


class PaidOutput(StatusOutput):
    """A booking or an order: what it cost and how the user rated it."""

    fee = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    rating = serializers.IntegerField(allow_null=True)


class MoveInput(InputSerializer):
    """A move's note and the version the client saw (a stale one is refused)."""

    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


def validated(serializer: type[serializers.Serializer], request: Any) -> dict[str, Any]:
    """The request body read by ``serializer``; a refusal (400, the envelope) when it does not fit."""
    body = serializer(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def own_organization(user: Any, pk: int) -> Organization:
    """One of the user's organizations by id; any other is 404, like a row the user may not see."""
    for organization in user_organizations(user):
        if organization.pk == pk:
            return organization
    raise Http404(_("对象不存在或无权访问。"))
