"""Reference data over the API (DRF's generic read-only views): departments, regions, industries.

Regions (GB/T 2260) and industries (GB/T 4754-2017) are two trees read the same way — search, one entry by
code, its children — so each is a :class:`_Table` of its selectors plugged into the same three views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from kechuang.core.api import KEYSET_PARAMETERS, KeysetPagination
from kechuang.registry import selectors
from kechuang.registry.api.common import RegionRefOutput, region_code_field
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Department, Industry, Region


def _get(operation_id: str, summary: str, **schema: Any) -> Any:
    """The schema of a generic view's inherited GET (its description is the view's docstring)."""
    return extend_schema_view(get=extend_schema(operation_id=operation_id, summary=summary, **schema))


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/departments/


class DepartmentOutput(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    region = RegionRefOutput()

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "kind_display", "region"]


class DepartmentFilterInput(serializers.Serializer):
    region = region_code_field("6位行政区划代码")
    subtree = serializers.BooleanField(required=False, default=False, help_text="含下级地区的部门")
    kind = serializers.ChoiceField(choices=DepartmentKind.choices, required=False, allow_blank=True)


@_get("departments_list", "政府部门列表", parameters=[DepartmentFilterInput, *KEYSET_PARAMETERS])
class DepartmentListApi(generics.ListAPIView):
    """Government departments (科技局, 工信局…), by region and kind."""

    serializer_class = DepartmentOutput
    pagination_class = KeysetPagination

    def get_queryset(self) -> Any:
        params = DepartmentFilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.department_list(user=self.request.user, **params.validated_data)


# ---------------------------------------------------------------------------------------------------------
# The two code trees: search, one entry, its children


class SearchInput(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=60,
        help_text="代码前缀、名称（简繁体均可）或拼音首字母",
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


@dataclass(frozen=True)
class _Table:
    search: Callable[..., Any]  # (q=, limit=) -> queryset
    get: Callable[[str], Any]  # code -> entry, or 404
    children: Callable[[Any], Any]  # entry -> queryset


REGIONS = _Table(
    search=selectors.region_search,
    get=lambda code: selectors.region_get(code=code),
    children=lambda region: selectors.region_children(region=region),
)
INDUSTRIES = _Table(
    search=selectors.industry_search,
    get=lambda code: selectors.industry_get(code=code),
    children=lambda industry: selectors.industry_children(industry=industry),
)

# The three generic views take their table from the subclass. No docstrings here: the schema shows a view's
# (inherited) docstring as its description, and each subclass says what it searches.


class _SearchApi(generics.ListAPIView):
    table: _Table
    pagination_class = None

    def get_queryset(self) -> Any:
        params = SearchInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return self.table.search(**params.validated_data)


class _DetailApi(generics.RetrieveAPIView):
    table: _Table

    def get_object(self) -> Any:
        return self.table.get(self.kwargs["code"])


class _ChildrenApi(generics.ListAPIView):
    table: _Table
    pagination_class = None

    def get_queryset(self) -> Any:
        return self.table.children(self.table.get(self.kwargs["code"]))


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/regions/  ·  /regions/{code}/  ·  /regions/{code}/children/


class RegionOutput(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    parent_code = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "full_name", "level", "level_display", "parent_code", "pinyin_initials"]


@_get("regions_list", "行政区划检索", parameters=[SearchInput])
class RegionSearchApi(_SearchApi):
    """Regions (GB/T 2260) by code prefix, name or pinyin initials; without ``q``, the provinces."""

    serializer_class = RegionOutput
    table = REGIONS


@_get("regions_retrieve", "行政区划详情")
class RegionDetailApi(_DetailApi):
    serializer_class = RegionOutput
    table = REGIONS


@_get("regions_children_list", "下级行政区划")
class RegionChildrenApi(_ChildrenApi):
    serializer_class = RegionOutput
    table = REGIONS


# ---------------------------------------------------------------------------------------------------------
# GET /api/v1/industries/  ·  /industries/{code}/  ·  /industries/{code}/children/


class IndustryOutput(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    parent_code = serializers.CharField(source="parent_id", allow_null=True)
    matched_aliases = serializers.ListField(
        child=serializers.CharField(),
        default=list,
        help_text="检索时：经哪些常用词（如“光电”）找到此行业；按名称或代码找到的为空",
    )

    class Meta:
        model = Industry
        fields = [
            "code",
            "code_with_section",
            "name",
            "level",
            "level_display",
            "parent_code",
            "pinyin_initials",
            "description",
            "matched_aliases",
        ]


@_get("industries_list", "国民经济行业检索", parameters=[SearchInput])
class IndustrySearchApi(_SearchApi):
    """Industries (GB/T 4754-2017) by code (``C33``, ``3311``), name or pinyin initials, then the divisions
    that common words name (光电, 芯片, 新能源 …, with ``matched_aliases``); without ``q``, the sections."""

    serializer_class = IndustryOutput
    table = INDUSTRIES


@_get("industries_retrieve", "国民经济行业详情")
class IndustryDetailApi(_DetailApi):
    serializer_class = IndustryOutput
    table = INDUSTRIES


@_get("industries_children_list", "下级行业分类")
class IndustryChildrenApi(_ChildrenApi):
    serializer_class = IndustryOutput
    table = INDUSTRIES
