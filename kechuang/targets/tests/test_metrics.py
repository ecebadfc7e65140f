"""The metric definition language: parsing, refusals with reasons, permissions, arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kechuang.targets.metrics import (
    Aggregate,
    Catalogue,
    FieldSpec,
    MetricError,
    ModelSpec,
    Ratio,
    check_readable,
    combine,
    fields_read,
    parse,
    rollup,
)

STATS = ModelSpec(
    key="yearly_statistics",
    label="年度统计",
    model="registry.YearlyStatistics",
    region_path="organization__region",
    time="year_field",
    time_fields=("year",),
    fields=(
        FieldSpec("revenue", "decimal", "营业收入"),
        FieldSpec("new_product_output", "decimal", "新产品产值"),
        FieldSpec("valid_invention_patents", "int", "有效发明专利数"),
        FieldSpec("rd_expenditure", "decimal", "研发投入", permission="registry.view_confidential"),
        FieldSpec(
            "organization_kind",
            "choice",
            "主体类型",
            orm="organization__kind",
            choices=("enterprise", "university"),
        ),
    ),
)
DESIGNATION = ModelSpec(
    key="designation",
    label="资质认定",
    model="registry.Designation",
    region_path="organization__region",
    time="valid_range",
    time_fields=("valid_from", "valid_to"),
    fields=(FieldSpec("kind", "str", "类型"), FieldSpec("valid_to", "date", "有效期至")),
)
CAT = Catalogue([STATS, DESIGNATION])


def test_count_with_where() -> None:
    m = parse("op: count\nmodel: designation\nwhere: {kind: 高新技术企业}", CAT)
    assert isinstance(m, Aggregate)
    assert m.op == "count" and m.model is DESIGNATION
    assert [(c.field.name, c.operator, c.value) for c in m.where] == [("kind", "", "高新技术企业")]


def test_sum_and_json_accepted() -> None:
    m = parse('{"op": "sum", "model": "yearly_statistics", "field": "valid_invention_patents"}', CAT)
    assert isinstance(m, Aggregate) and m.field is not None and m.field.name == "valid_invention_patents"


def test_ratio() -> None:
    m = parse(
        {
            "op": "ratio",
            "numerator": {"op": "sum", "model": "yearly_statistics", "field": "new_product_output"},
            "denominator": {"op": "sum", "model": "yearly_statistics", "field": "revenue"},
            "scale": 100,
        },
        CAT,
    )
    assert isinstance(m, Ratio) and m.scale == 100
    values = {m.numerator.key(): Decimal(25), m.denominator.key(): Decimal(120)}
    assert combine(m, values) == Decimal("20.83")
    assert combine(m, {m.numerator.key(): 5, m.denominator.key(): 0}) is None


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ("op: count\nmodel: carrier", "$.model:未知的模型 carrier(可用:designation、yearly_statistics)。"),
        (
            "op: sum\nmodel: yearly_statistics\nfield: profit",
            "$.field:模型 yearly_statistics 没有字段 profit(可用:revenue、new_product_output、"
            "valid_invention_patents、rd_expenditure、organization_kind)。",
        ),
        ("op: sum\nmodel: designation\nfield: kind", "$.field:字段 kind 不是数值,不能求和。"),
        ("op: avg\nmodel: designation", "$:op 必须是 count、sum 或 ratio,而不是 avg。"),
        (
            "op: count\nmodel: designation\nwhere: {tier: 1}",
            "$.where.tier:模型 designation 没有字段 tier(可用:kind、valid_to)。",
        ),
        (
            "op: count\nmodel: designation\nwhere: {kind__like: x}",
            "$.where.kind__like:不支持的条件运算 like(可用:in、gte、lte、isnull)。",
        ),
        (
            "op: count\nmodel: designation\nwhere: {kind__gte: x}",
            "$.where.kind__gte:字段 kind 不是数值或日期,不能比较大小。",
        ),
        ("op: count\nmodel: designation\nwhere: {kind__in: []}", "$.where.kind__in:in 需要一个非空列表。"),
        (
            "op: count\nmodel: yearly_statistics\nwhere: {organization_kind: park}",
            "$.where.organization_kind:park 不是字段 organization_kind 的可选值"
            "(可选:enterprise、university)。",
        ),
        (
            "op: count\nmodel: yearly_statistics\nwhere: {valid_invention_patents__gte: '3'}",
            '$.where.valid_invention_patents__gte:值 "3" 不符合字段 valid_invention_patents 的类型 int。',
        ),
        ("op: count\nmodel: designation\nfield: kind", "$:未知的键 field。"),
        ("op: ratio\nnumerator: {op: count, model: designation}", "$:比率缺少 denominator。"),
        ("- 1\n- 2", "定义必须是一个映射(键: 值)。"),
    ],
)
def test_refusals_say_why(definition: str, message: str) -> None:
    with pytest.raises(MetricError) as exc:
        parse(definition, CAT)
    assert str(exc.value) == message


def test_invalid_yaml_refused() -> None:
    with pytest.raises(MetricError, match=r"^定义不是有效的 YAML/JSON:"):
        parse("op: [count", CAT)


def test_permission_check_names_the_field() -> None:
    m = parse("op: sum\nmodel: yearly_statistics\nfield: rd_expenditure", CAT)
    assert [(mod.key, f.name if f else None) for mod, f in fields_read(m)] == [
        ("yearly_statistics", None),
        ("yearly_statistics", "rd_expenditure"),
    ]
    check_readable(m, lambda model, f: True)
    with pytest.raises(MetricError) as exc:
        check_readable(m, lambda model, f: f is None or not f.permission)
    assert str(exc.value) == "您无权读取字段 yearly_statistics.rd_expenditure(研发投入)。"
    with pytest.raises(MetricError, match=r"^您无权读取 年度统计 的数据。$"):
        check_readable(m, lambda model, f: False)


def test_filter_field_counts_as_read() -> None:
    m = parse("op: count\nmodel: yearly_statistics\nwhere: {rd_expenditure__gte: 1}", CAT)
    with pytest.raises(MetricError, match="rd_expenditure"):
        check_readable(m, lambda model, f: f is None or not f.permission)


def test_equal_aggregates_share_a_key() -> None:
    a = parse("op: count\nmodel: designation\nwhere: {kind: A}", CAT)
    b = parse({"op": "count", "model": "designation", "where": {"kind": "A"}}, CAT)
    c = parse("op: count\nmodel: designation\nwhere: {kind: B}", CAT)
    assert isinstance(a, Aggregate) and isinstance(b, Aggregate) and isinstance(c, Aggregate)
    assert a.key() == b.key() != c.key()


def test_rollup_sums_subtrees_only() -> None:
    paths = {1: "22/", 2: "22/2201/", 3: "22/2201/220102/", 4: "22/2202/", 5: "23/", 6: "22/22010/"}
    leaf = {3: 5, 4: 7, 5: 100, 2: 1, 6: 1000}
    wanted = {1: "22/", 2: "22/2201/", 4: "22/2202/", 3: "22/2201/220102/"}
    assert rollup(leaf, paths, wanted) == {1: 1013, 2: 6, 4: 7, 3: 5}
    # paths without trailing separators behave the same
    plain = {k: v.rstrip("/") for k, v in paths.items()}
    assert rollup(leaf, plain, {k: v.rstrip("/") for k, v in wanted.items()}) == {1: 1013, 2: 6, 4: 7, 3: 5}


def test_catalogue_refuses_bad_registration() -> None:
    with pytest.raises(ValueError, match="unknown field type 'float'"):
        Catalogue([ModelSpec("x", "X", "a.X", "region", fields=(FieldSpec("f", "float", "F"),))])
