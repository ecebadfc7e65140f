"""Pieces every registry API module uses: reference outputs, the region filter field, keyset pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KeysetPagination
from kechuang.registry.models import Industry, Region


def choices_help(choices: Any) -> str:
    """``key=label；…`` for a field's help text (the API takes keys; several inputs also take labels)."""
    return "；".join(f"{value}={label}" for value, label in choices.choices)


def region_code_field(help_text: str = "6位行政区划代码，含下级地区") -> serializers.RegexField:
    """An optional 6-digit GB/T 2260 code filter, with the one message every list gives for a bad one."""
    return serializers.RegexField(
        r"^\d{6}$",
        required=False,
        allow_blank=True,
        help_text=help_text,
        error_messages={"invalid": _("应为6位行政区划代码。")},
    )


def keyset_page(
    view: APIView, request: Request, queryset: QuerySet[Any], output: type[serializers.Serializer]
) -> Response:
    """One keyset page of ``queryset`` rendered with ``output`` (``next``/``previous`` links)."""
    paginator = KeysetPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(output(page, many=True).data)


class RegionRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "full_name"]


class IndustryRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "code_with_section", "name"]
