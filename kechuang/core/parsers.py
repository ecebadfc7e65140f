"""Request body parsers that refuse oversized bodies with 413 before reading them.

Kept apart from ``kechuang.core.api``: DRF imports the parser classes while ``rest_framework.views`` is
still loading, so this module must not import anything that imports DRF views.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status

from kechuang.core.limits import first_overlong, overlong_message


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(
            _("请求内容过大：上限为%(limit)s。") % {"limit": _human_size(limit)}, code=self.default_code
        )
        self.limit = limit


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} B"


# Django only enforces DATA_UPLOAD_MAX_MEMORY_SIZE when ``request.body``/``request.POST`` is read; DRF's JSON
# parser reads the stream directly, so without this check a client could post any amount of JSON.


def _check_length(parser_context: dict[str, Any] | None, limit: int) -> None:
    request = (parser_context or {}).get("request")
    if request is None or not limit:
        return
    meta = request.META
    try:
        length = int(meta.get("CONTENT_LENGTH") or meta.get("HTTP_CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        length = 0
    if length > limit:
        raise PayloadTooLarge(limit)


# Deeper bodies are refused before any code walks them recursively (serializers, audit snapshots).
MAX_JSON_DEPTH = 32


def _depth(data: Any) -> int:
    """How deeply lists and objects nest in ``data`` (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            return level
        stack.extend((child, level + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """JSON bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        _check_length(parser_context, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json.loads recurses once per nesting level: thousands of "[" exhaust the stack.
            data = None
            too_deep = True
        else:
            too_deep = _depth(data) > MAX_JSON_DEPTH
        if too_deep:
            raise exceptions.ParseError(_("JSON 嵌套层数过多：最多%(limit)s层。") % {"limit": MAX_JSON_DEPTH})
        return _bounded(data)


def _bounded(data: Any) -> Any:
    """Every text in the body within ``KECHUANG_MAX_TEXT_LENGTH`` (kechuang/core/limits.py)."""
    field = first_overlong(data)
    if field is not None:
        raise exceptions.ValidationError({field: [overlong_message(field)]})
    return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        _check_length(parser_context, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return _bounded(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    """Uploads (Excel imports, attachments) up to ``KECHUANG_MAX_UPLOAD_BYTES``."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        _check_length(parser_context, settings.KECHUANG_MAX_UPLOAD_BYTES)
        parsed = super().parse(stream, media_type, parser_context)
        _bounded(parsed.data)
        return parsed
