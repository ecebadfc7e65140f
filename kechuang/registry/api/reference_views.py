"""Read-only API for the national reference tables, regions (GB/T 2260) and industries (GB/T 4754-2017).

Both tables have the same three endpoints (search, one code, its children), so one set of generic views
serves both; :func:`reference_apis` gives a table its three views with their OpenAPI names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from kechuang.registry import selectors
from kechuang.registry.models import Industry, Region


class SearchInput(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=60,
        help_text="代码前缀、名称（简繁体均可）或拼音首字母",
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class RegionOutput(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    parent_code = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "full_name", "level", "level_display", "parent_code", "pinyin_initials"]


class IndustryOutput(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    parent_code = serializers.CharField(source="parent_id", allow_null=True)

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
        ]


class _ReferenceSearchApi(generics.ListAPIView):
    pagination_class = None
    search: Callable[..., Any]

    def get_queryset(self) -> Any:
        params = SearchInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return type(self).search(**params.validated_data)


class _ReferenceDetailApi(generics.RetrieveAPIView):
    lookup: Callable[..., Any]

    def get_object(self) -> Any:
        return type(self).lookup(code=self.kwargs["code"])


class _ReferenceChildrenApi(generics.ListAPIView):
    pagination_class = None
    lookup: Callable[..., Any]
    children: Callable[[Any], Any]

    def get_queryset(self) -> Any:
        return type(self).children(type(self).lookup(code=self.kwargs["code"]))


def reference_apis(
    *,
    name: str,
    output: type[serializers.Serializer],
    search: Callable[..., Any],
    lookup: Callable[..., Any],
    children: Callable[[Any], Any],
    operation: str,
    summaries: tuple[str, str, str],
    doc: str,
) -> tuple[type[generics.GenericAPIView], ...]:
    """The search, detail and children views of one reference table (``operation``: the OpenAPI prefix)."""
    common = {"serializer_class": output, "lookup": staticmethod(lookup), "__module__": __name__}
    search_api = type(
        f"{name}SearchApi", (_ReferenceSearchApi,), {**common, "search": staticmethod(search), "__doc__": doc}
    )
    detail_api = type(f"{name}DetailApi", (_ReferenceDetailApi,), common)
    children_api = type(
        f"{name}ChildrenApi", (_ReferenceChildrenApi,), {**common, "children": staticmethod(children)}
    )
    return (
        extend_schema_view(
            get=extend_schema(
                operation_id=f"{operation}_list", summary=summaries[0], parameters=[SearchInput]
            )
        )(search_api),
        extend_schema_view(get=extend_schema(operation_id=f"{operation}_retrieve", summary=summaries[1]))(
            detail_api
        ),
        extend_schema_view(
            get=extend_schema(operation_id=f"{operation}_children_list", summary=summaries[2])
        )(children_api),
    )


RegionSearchApi, RegionDetailApi, RegionChildrenApi = reference_apis(
    name="Region",
    output=RegionOutput,
    search=selectors.region_search,
    lookup=selectors.region_get,
    children=lambda region: selectors.region_children(region=region),
    operation="regions",
    summaries=("行政区划检索", "行政区划详情", "下级行政区划"),
    doc="Regions (GB/T 2260) by code prefix, name or pinyin initials; without ``q``, the provinces.",
)

IndustrySearchApi, IndustryDetailApi, IndustryChildrenApi = reference_apis(
    name="Industry",
    output=IndustryOutput,
    search=selectors.industry_search,
    lookup=selectors.industry_get,
    children=lambda industry: selectors.industry_children(industry=industry),
    operation="industries",
    summaries=("国民经济行业检索", "国民经济行业详情", "下级行业分类"),
    doc="Industries (GB/T 4754-2017) by code (``C33``, ``3311``), name or pinyin initials; without ``q``,\n"
    "the sections.",
)
