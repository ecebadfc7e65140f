"""OpenAPI generation: every operation documents the error envelope next to its success response."""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from kechuang.core.api import InputSerializer


class ErrorOutput(serializers.Serializer):
    message = serializers.CharField(help_text="面向用户的错误说明（按请求语言翻译）")
    extra = serializers.DictField(help_text="结构化细节，例如 field、fields、code")


_ERROR_RESPONSES = (
    ("400", "输入有误或业务规则不允许（message 说明原因）"),
    ("401", "未登录：需要会话或 Authorization: Token <token>"),
    ("403", "已登录但无权执行此操作"),
    ("404", "对象不存在或无权访问（两者不作区分）"),
)


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = list(_ERROR_RESPONSES)
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append(("413", "请求内容过大"))
            codes.append(("415", "不支持的请求内容类型（Content-Type）"))
        for code, description in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorOutput, description=description), code, direction=direction
                )
        return responses

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, InputSerializer):
            schema["additionalProperties"] = False  # InputSerializer refuses unknown keys
        if direction == "request":
            _decimals_as_text_or_number(serializer, schema)
        return schema


_STRING_KEYS = ("type", "format", "pattern", "maxLength", "minLength")


def _decimals_as_text_or_number(serializer: Any, schema: dict[str, Any]) -> None:
    """A decimal in a request body is taken as text (``"12.50"``, exact) or as a JSON number: document both,
    as the fields accept both (drf-spectacular documents only the text form)."""
    properties = schema.get("properties", {})
    for name, field in serializer.fields.items():
        prop = properties.get(name)
        if not isinstance(field, serializers.DecimalField) or not prop or prop.get("type") != "string":
            continue
        text = {k: prop.pop(k) for k in _STRING_KEYS if k in prop}
        number: dict[str, Any] = {"type": "number"}
        for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if bound in prop:
                number[bound] = prop.pop(bound)
        prop["anyOf"] = [text, number]


class KechuangSessionScheme(SessionScheme):
    """Documents ``kechuang.core.authentication.SessionAuthentication`` as the usual cookie scheme."""

    target_class = "kechuang.core.authentication.SessionAuthentication"
