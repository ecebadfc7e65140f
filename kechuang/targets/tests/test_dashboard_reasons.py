"""The plan dashboard says why a row has no judgement (未分解到本地区, 尚未填报, 不适用 …), its chart keeps a
readable scale, and the indicator page states the metric's definition in words."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from kechuang.targets import selectors, services
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.describe import describe_metric
from kechuang.targets.metrics import parse
from kechuang.targets.tests.builders import patents_indicator, trademarks_indicator
from kechuang.targets.views import CHART_CAP, progress_chart

ON = dt.date(2025, 12, 31)


def _states(board) -> dict[str, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {r.indicator.code: (r.status, r.state.label_text, r.state.note_text) for r in board.rows}


def test_reasons_for_rows_without_a_judgement(jilin, records) -> None:  # type: ignore[no-untyped-def]
    patents = patents_indicator(jilin, baseline_value=0)
    services.allocation_set(actor=jilin.manager, indicator=patents, region=jilin.changchun, target_value=60)
    trademarks_indicator(jilin)  # reported, lead unit named, nothing reported yet
    trademarks_indicator(jilin, code="G02", name="精细化学品率", unit="%", lead_unit=None)  # nobody to report
    province = selectors.plan_dashboard(user=jilin.manager, plan=jilin.plan, on=ON)
    states = _states(province)
    assert states["G13"] == ("grey", "尚未填报", "责任单位尚未报送经审核通过的进展报告")
    assert states["G02"] == ("grey", "尚未填报", "文件没有明确这项指标的责任单位，无人填报")
    assert states["G12"][0] != "grey" and states["G12"][1] in {"正常", "预警", "滞后"}
    assert ("grey", "尚未填报", 2) in province.summary()
    assert not any(label == "无数据" for _s, label, _n in province.summary())

    # 吉林市 was given no share of any target; 长春市 has one for the patents only
    jilin_city = selectors.plan_dashboard(user=jilin.manager, plan=jilin.plan, region=jilin.jilin_city, on=ON)
    assert {s[1] for s in _states(jilin_city).values()} == {"未分解到本地区"}
    assert "规划没有把这项目标分解到吉林市，只考核吉林省的总数" in _states(jilin_city)["G12"][2]
    changchun = selectors.plan_dashboard(user=jilin.manager, plan=jilin.plan, region=jilin.changchun, on=ON)
    assert _states(changchun)["G12"][1] != "未分解到本地区"
    assert _states(changchun)["G13"][1] == "未分解到本地区"


def test_reported_indicator_below_the_plans_region_is_not_applicable(jilin, records) -> None:  # type: ignore[no-untyped-def]
    trademarks = trademarks_indicator(jilin)
    services.allocation_set(
        actor=jilin.manager, indicator=trademarks, region=jilin.changchun, target_value=300
    )
    changchun = selectors.plan_dashboard(user=jilin.manager, plan=jilin.plan, region=jilin.changchun, on=ON)
    status, label, note = _states(changchun)["G13"]
    assert (status, label) == ("grey", "不适用") and "按吉林省填报" in note


def test_chart_caps_bars_and_labels_the_real_figure(jilin) -> None:  # type: ignore[no-untyped-def]
    def row(code: str, progress: float | None, status: str = "green", label: str = "正常") -> SimpleNamespace:
        return SimpleNamespace(
            indicator=SimpleNamespace(code=code, name=f"指标{code}", pk=1),
            assessment=SimpleNamespace(progress=progress, expected=None),
            state=SimpleNamespace(label_text=label),
            status=status,
            baseline=None,
            target=None,
        )

    board = SimpleNamespace(
        on=ON, rows=[row("G12", 26.4), row("G05", 0.01, "red"), row("G02", None, "grey", "尚未填报")]
    )
    bars = {b["name"].split()[0]: b for b in progress_chart(board)}
    assert bars["G12"]["shown"] == CHART_CAP and bars["G12"]["capped"] and bars["G12"]["label"] == "2,640%"
    assert bars["G05"]["shown"] == 1.0 and not bars["G05"]["capped"] and bars["G05"]["label"] == "1%"
    assert bars["G02"]["shown"] is None and bars["G02"]["label"] == "尚未填报"


def test_dashboard_page_shows_reasons_and_every_row_in_the_chart(jilin, records) -> None:  # type: ignore[no-untyped-def]
    patents_indicator(jilin, baseline_value=0)
    trademarks_indicator(jilin)
    c = Client()
    c.force_login(jilin.manager)
    html = c.get(
        reverse("targets:plan_dashboard", args=[jilin.plan.pk]), {"on": "2025-12-31"}
    ).content.decode()
    assert "无数据" not in html and "尚未填报" in html
    data = json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert [d["name"] for d in data] == ["G12 企业有效发明专利拥有数", "G13 工业企业吉林省著名商标"]
    assert all(d["url"].startswith("/targets/indicators/") for d in data)
    assert "interval: 0" in html  # every label of the category axis is drawn


def test_metric_definition_in_words() -> None:
    catalogue = get_catalogue()
    ratio = parse(
        {
            "op": "ratio",
            "numerator": {
                "op": "sum",
                "model": "yearly_statistics",
                "field": "new_product_output",
                "where": {"organization_kind": "enterprise"},
            },
            "denominator": {"op": "sum", "model": "yearly_statistics", "field": "total_output"},
            "scale": 100,
        },
        catalogue,
    )
    text = describe_metric(ratio)
    assert text == (
        "所选地区（含下级）年度统计中“新产品产值（元）”的合计（按截至统计日期的最近一个统计年度；条件：主体类型为企业）"
        "除以年度统计中“工业总产值（元）”的合计（按截至统计日期的最近一个统计年度），乘以100。"
    )
    count = describe_metric(
        parse({"op": "count", "model": "designation", "where": {"kind": "high_tech"}}, catalogue)
    )
    assert (
        "资质类型为高新技术企业" in count and "high_tech" not in count and "统计日期当天仍在有效期内" in count
    )
    several = describe_metric(
        parse({"op": "count", "model": "organization", "where": {"size__in": ["small", "micro"]}}, catalogue)
    )
    assert "企业规模为小型、微型之一" in several


def test_indicator_page_states_the_definition_not_json(jilin, records) -> None:  # type: ignore[no-untyped-def]
    ind = patents_indicator(jilin, baseline_value=0)
    c = Client()
    c.force_login(jilin.manager)
    html = c.get(reverse("targets:indicator_detail", args=[ind.pk])).content.decode()
    assert "计算口径" in html and "年度统计中“有效发明专利（件）”的合计" in html
    assert "valid_invention_patents" not in html and '"op"' not in html and "&quot;op&quot;" not in html
    assert Decimal(ind.target_value) == 100
