"""API plumbing shared by every app: the one error envelope and keyset pagination."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.urls import register_converter
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import BasePagination
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kechuang.core.dates import parse_iso_date
from kechuang.core.errors import ApplicationError
from kechuang.core.parsers import PayloadTooLarge

logger = logging.getLogger("django.request")


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
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        # Django raises these while reading a form body larger than DATA_UPLOAD_MAX_MEMORY_SIZE.
        exc = PayloadTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        # Selectors raise Http404 with a translated message; Django's own ("No X matches the given query.")
        # names a model, so it is replaced by the generic one.
        text = str(exc.args[0]) if exc.args else ""
        if not text or "matches the given query" in text:
            text = _("对象不存在或无权访问。")
        exc = exceptions.NotFound(text)
    if isinstance(exc, PermissionDenied):
        # Keep a service's own message ("只有…可以…") when it gave one.
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"message": _flatten(exc.detail), "extra": {"fields": exc.detail}}
    else:
        detail = getattr(exc, "detail", response.data)
        extra: dict[str, Any] = {}
        if isinstance(exc, PayloadTooLarge):
            extra = {"limit_bytes": exc.limit}
        elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            extra = {"retry_after_seconds": int(exc.wait)}
        response.data = {"message": str(detail), "extra": extra}
    return response


@csrf_exempt  # it writes nothing: a PUT to an unknown path is a 404, not a CSRF 403
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown paths under ``/api/`` answer with the envelope too (any method), not Django's HTML 404 page."""
    return JsonResponse({"message": _("接口不存在。"), "extra": {"path": request.path}}, status=404)


SERVER_ERROR_MESSAGE = "服务器内部错误，请稍后重试；如问题持续，请联系平台管理员。"


def api_server_error() -> JsonResponse:
    """The 500 answer under ``/api/``: the envelope, no traceback (it is logged)."""
    return JsonResponse({"message": _(SERVER_ERROR_MESSAGE), "extra": {}}, status=500)


def api_csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: JSON under ``/api/``, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"message": _("CSRF 校验失败，请刷新页面后重试。"), "extra": {"reason": reason}}, status=403
        )
    return csrf.csrf_failure(request, reason=reason)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: an error outside any view (a middleware) — JSON under ``/api/`` too."""
    if request.path.startswith("/api/"):
        response = api_server_error()
        response._has_been_logged = True  # type: ignore[attr-defined]  # logged here, with the traceback
        return response
    return defaults.server_error(request)


class ApiErrorMiddleware:
    """An uncaught exception under ``/api/`` becomes a JSON 500 in the envelope (logged with its
    traceback as Django would), instead of the HTML error page. Pages keep Django's handling."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith("/api/") or isinstance(exception, Http404 | PermissionDenied):
            return None
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500}
        )
        response = api_server_error()
        response._has_been_logged = True  # type: ignore[attr-defined]  # logged here, with the traceback
        return response


# ---------------------------------------------------------------------------------------------------------
# Input serializers: raw values in, services clean them (one set of rules and messages for pages, API, Excel)


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True, "description": "文本或数字"}
)
class RawValueField(serializers.Field):
    """Passes a scalar through untouched so the service's ``clean_*`` function judges it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        if not kwargs["required"]:
            # A missing key reaches the service as None (its clean_* says "请填写…"), not as a KeyError.
            kwargs.setdefault("default", None)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict | list):
            raise serializers.ValidationError(_("应为文本或数字。"))
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def _json_type_error(field: serializers.Field, value: Any) -> str | None:
    """The message when a JSON value's type is not the one the schema documents for ``field``, else None.

    DRF coerces liberally (``0`` into a text field, ``"5"`` into an integer, ``"yes"`` into a boolean); the
    API refuses what its schema does not describe instead. Form bodies (all text) are left to the fields.
    """
    if value is None or isinstance(field, RawValueField | serializers.JSONField):
        return None
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else _("应为 true 或 false。")
    if isinstance(field, serializers.IntegerField):
        return None if isinstance(value, int) and not isinstance(value, bool) else _("应为整数。")
    if isinstance(field, serializers.DateField):
        return None if parse_iso_date(value) else _("日期格式应为 YYYY-MM-DD。")
    if isinstance(field, serializers.CharField | serializers.DateTimeField):
        return None if isinstance(value, str) else _("应为文本。")
    if isinstance(
        field, serializers.ListField | serializers.ListSerializer | serializers.MultipleChoiceField
    ):
        return None if isinstance(value, list) else _("应为列表。")
    if isinstance(field, serializers.DictField | serializers.Serializer):
        return None if isinstance(value, dict) else _("应为对象。")
    return None


class InputSerializer(serializers.Serializer):
    """Base for request bodies: unknown keys are refused (a typo must not be silently ignored), and so is a
    JSON value of another type than the schema says (``additionalProperties: false`` in the schema:
    kechuang.core.api_schema)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {"non_field_errors": [_("不支持的字段：%(names)s。") % {"names": "、".join(unknown)}]}
                )
            if isinstance(data, QueryDict):
                # A form leaves out an unticked box: DRF would read a missing boolean as false (a missing
                # ``accept`` declining a contact). A form must send every required field, as JSON must.
                missing = {
                    name: [_("该字段是必填项。")]
                    for name, field in self.fields.items()
                    if field.required and not field.read_only and name not in data
                }
                if missing:
                    raise serializers.ValidationError(missing)
                # A form sends an empty date as "": not a date (DRF would read it as null).
                empty_dates = {
                    name: [_("日期格式应为 YYYY-MM-DD。")]
                    for name, field in self.fields.items()
                    if isinstance(field, serializers.DateField) and data.get(name) == ""
                }
                if empty_dates:
                    raise serializers.ValidationError(empty_dates)
            else:
                wrong = {
                    name: [message]
                    for name, field in self.fields.items()
                    if name in data and (message := _json_type_error(field, data[name]))
                }
                if wrong:
                    raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)

    def present(self) -> dict[str, Any]:
        """The validated values for the keys the client actually sent (for partial updates)."""
        sent = set(self.initial_data) if isinstance(self.initial_data, dict) else set()
        return {k: v for k, v in self.validated_data.items() if k in sent}


class PublicReads:
    """Mixed into an ``APIView`` (before it) that anyone may GET — a public register — while every other
    method needs a signed-in user (the rows themselves are still filtered by the permission rules)."""

    request: Any

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]


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
            # present but empty (``page_size=``) is not a number either: refused like any other non-integer
            self.size = max(1, min(int(size), self.max_page_size)) if size is not None else self.page_size
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


KEYSET_PARAMETERS = [
    OpenApiParameter(
        "cursor", str, description="上一页响应中 next 链接携带的游标（不透明字符串）", required=False
    ),
    OpenApiParameter(
        "page_size",
        int,
        description=f"每页条数（默认 {KeysetPagination.page_size}，最大 {KeysetPagination.max_page_size}）",
        required=False,
    ),
]


def paginated(item: type[serializers.Serializer], name: str) -> serializers.Serializer:
    """The schema of a keyset page of ``item`` (for ``extend_schema(responses=...)`` on APIViews)."""
    return inline_serializer(
        name=name,
        fields={
            "next": serializers.URLField(allow_null=True, help_text="下一页地址；没有更多时为 null"),
            "results": item(many=True),
        },
    )


class IdConverter:
    """A database id in a URL: 1–18 digits, so a forged huge number is a 404, never an overflow (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"id": last_id}).encode()).decode().rstrip("=")


def decode_cursor(token: str | None) -> int | None:
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        last_id = int(json.loads(base64.urlsafe_b64decode(padded))["id"])
        # A forged cursor must not reach the database with an id it cannot store (SQLite: OverflowError).
        if not 0 < last_id < 2**63:
            raise ValueError(last_id)
        return last_id
    except (ValueError, KeyError, TypeError) as exc:
        raise exceptions.ValidationError({"cursor": [_("分页游标无效。")]}) from exc


def _replace_query(request: Any, **params: str) -> str:
    query = request.GET.copy()
    for key, value in params.items():
        query[key] = value
    return f"{request.path}?{query.urlencode()}"
