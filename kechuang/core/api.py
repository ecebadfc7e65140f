"""API plumbing shared by every app: the one error envelope and keyset pagination."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kechuang.core.errors import ApplicationError


def _flatten(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _flatten(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        text = _flatten(value)
        return text if key == "non_field_errors" else f"{key}: {text}"
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every error as ``{"message": str, "extra": {...}}``."""
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("对象不存在或无权访问。"))
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"message": _flatten(exc.detail), "extra": {"fields": exc.detail}}
    else:
        detail = getattr(exc, "detail", response.data)
        response.data = {"message": str(detail), "extra": {}}
    return response


class KeysetPagination(BasePagination):
    """Cursor pagination on the primary key: constant cost at any depth, stable under inserts.

    The cursor is an opaque token encoding the last id seen; ordering is ``-id`` (newest first).
    """

    page_size = 50
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any]:
        self.request = request
        size = request.query_params.get("page_size")
        try:
            self.size = max(1, min(int(size), self.max_page_size)) if size else self.page_size
        except ValueError as exc:
            raise exceptions.ValidationError({"page_size": [_("页大小必须是整数。")]}) from exc
        after = decode_cursor(request.query_params.get("cursor"))
        qs = queryset.order_by("-id")
        if after is not None:
            qs = qs.filter(id__lt=after)
        rows = list(qs[: self.size + 1])
        self.has_next = len(rows) > self.size
        self.rows = rows[: self.size]
        return self.rows

    def get_paginated_response(self, data: Any) -> Response:
        next_url = None
        if self.has_next and self.rows:
            next_url = self.request.build_absolute_uri(
                _replace_query(self.request, cursor=encode_cursor(self.rows[-1].id))
            )
        return Response({"next": next_url, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"next": {"type": "string", "nullable": True}, "results": schema},
        }


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"id": last_id}).encode()).decode().rstrip("=")


def decode_cursor(token: str | None) -> int | None:
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        return int(json.loads(base64.urlsafe_b64decode(padded))["id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise exceptions.ValidationError({"cursor": [_("分页游标无效。")]}) from exc


def _replace_query(request: Any, **params: str) -> str:
    query = request.GET.copy()
    for key, value in params.items():
        query[key] = value
    return f"{request.path}?{query.urlencode()}"
