"""Metric definitions computed over the registry, grouped by region, as of a date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.registry.models import Region
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.compute import compute_many, compute_one, region_refs
from kechuang.targets.metrics import parse

PATENTS = {"op": "sum", "model": "yearly_statistics", "field": "valid_invention_patents"}
HIGH_TECH = {"op": "count", "model": "designation", "where": {"kind": "high_tech"}}
NEW_HIGH_TECH = {"op": "count", "model": "designation_granted", "where": {"kind": "high_tech"}}
NEW_PRODUCT_RATE = {
    "op": "ratio",
    "numerator": {"op": "sum", "model": "yearly_statistics", "field": "new_product_output"},
    "denominator": {"op": "sum", "model": "yearly_statistics", "field": "revenue"},
    "scale": 100,
}


def m(d):  # type: ignore[no-untyped-def]
    return parse(d, get_catalogue())


def refs(*codes: str):  # type: ignore[no-untyped-def]
    return region_refs(list(Region.objects.filter(code__in=codes).order_by("code")))


@pytest.mark.django_db
def test_sum_uses_latest_year_up_to_date(records) -> None:  # type: ignore[no-untyped-def]
    province = refs("220000")[0]
    assert compute_one(m(PATENTS), province, on=dt.date(2025, 12, 31)) == 10 + 11 + 12 + 13
    assert compute_one(m(PATENTS), province, on=dt.date(2024, 12, 31)) == 1 + 2 + 3 + 4
    assert compute_one(m(PATENTS), province, on=dt.date(2023, 12, 31)) == 0


@pytest.mark.django_db
def test_counts_valid_on_date_and_granted_in_year(records) -> None:  # type: ignore[no-untyped-def]
    province = refs("220000")[0]
    assert compute_one(m(HIGH_TECH), province, on=dt.date(2024, 6, 1)) == 2  # out[0] and out[3]
    assert compute_one(m(HIGH_TECH), province, on=dt.date(2025, 7, 1)) == 2  # out[0], out[1]
    assert compute_one(m(NEW_HIGH_TECH), province, on=dt.date(2025, 12, 31)) == 1
    assert compute_one(m(NEW_HIGH_TECH), province, on=dt.date(2025, 5, 31)) == 0


@pytest.mark.django_db
def test_many_regions_in_one_query_per_model(records) -> None:  # type: ignore[no-untyped-def]
    regions = refs("220000", "220100", "220102", "220104", "220200", "220202", "220300")
    metrics = [m(PATENTS), m(NEW_PRODUCT_RATE), m(HIGH_TECH)]
    with CaptureQueriesContext(connection) as ctx:
        patents, rate, high_tech = compute_many(metrics, regions, on=dt.date(2025, 12, 31))
    # yearly_statistics: max-year + grouped; designation: grouped
    assert len(ctx.captured_queries) == 3
    assert patents == {
        "220000": 46,
        "220100": 33,
        "220102": 21,
        "220104": 12,
        "220200": 13,
        "220202": 13,
        "220300": 0,
    }
    assert rate["220000"] == Decimal("20.00")
    assert rate["220300"] is None  # no revenue: no ratio, not zero
    assert high_tech["220100"] == 2 and high_tech["220200"] == 0


@pytest.mark.django_db
def test_ratio_per_region(records) -> None:  # type: ignore[no-untyped-def]
    (rate,) = compute_many([m(NEW_PRODUCT_RATE)], refs("220102", "220202"), on=dt.date(2024, 12, 31))
    assert rate == {"220102": Decimal("15.00"), "220202": Decimal("40.00")}


@pytest.mark.django_db
def test_filter_on_organization_kind(records) -> None:  # type: ignore[no-untyped-def]
    d = {**PATENTS, "where": {"organization_kind": "university"}}
    assert compute_one(m(d), refs("220000")[0], on=dt.date(2025, 12, 31)) == 0


@pytest.mark.django_db
def test_grouped_results_cached_for_a_while(records, settings) -> None:  # type: ignore[no-untyped-def]
    province = refs("220000")[0]
    on = dt.date(2025, 12, 31)
    assert compute_one(m(PATENTS), province, on=on) == 46
    extra = records[0].statistics.get(year=2025)
    extra.valid_invention_patents = 100
    extra.save()
    with CaptureQueriesContext(connection) as ctx:
        assert compute_one(m(PATENTS), province, on=on) == 46  # cached: no query, old value
    assert len(ctx.captured_queries) == 0
    assert compute_many([m(PATENTS)], [province], on=on, fresh=True)[0]["220000"] == 136
    settings.TARGETS_LIVE_CACHE_SECONDS = 0
    assert compute_one(m(PATENTS), province, on=on) == 136


@pytest.mark.django_db
def test_warm_task_refreshes_cached_dashboard_values(jilin, records) -> None:  # type: ignore[no-untyped-def]
    from kechuang.targets import services
    from kechuang.targets.selectors import indicator_values
    from kechuang.targets.tasks import warm_dashboards

    ind = services.indicator_create(
        actor=jilin.manager,
        plan=jilin.plan,
        code="G12",
        name="企业有效发明专利拥有数",
        unit="件",
        target_value=100,
        target_date=dt.date(2026, 12, 31),
        baseline_date=dt.date(2024, 1, 1),
        metric=PATENTS,
    )
    on = dt.date(2025, 12, 31)
    province = Region.objects.get(code="220000")
    regions = [province, *Region.objects.filter(parent_id="220000").order_by("code")]
    assert indicator_values(indicators=[ind], regions=regions, on=on)[(ind.pk, "220000")] == 46
    records[0].statistics.filter(year=2025).update(valid_invention_patents=100)
    assert indicator_values(indicators=[ind], regions=regions, on=on)[(ind.pk, "220000")] == 46  # cached
    from kechuang.targets.selectors import dashboard_warm

    assert dashboard_warm(plan=jilin.plan, on=on) == len(regions)
    with CaptureQueriesContext(connection) as ctx:
        assert indicator_values(indicators=[ind], regions=regions, on=on)[(ind.pk, "220000")] == 136
    assert len(ctx.captured_queries) == 0
    assert warm_dashboards.enqueue().return_value == len(regions)
