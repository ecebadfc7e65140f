"""Officers enter a plan in the browser: the plan, an indicator, its allocation to counties (all rows or
none) and a task; the dashboard then shows each county's share."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.registry.models import Department
from kechuang.targets.models import Allocation, Plan
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _plan(client, science):  # type: ignore[no-untyped-def]
    client.post(
        reverse("targets:plan_new"),
        {
            "kind": "annual",
            "title": "2027年长春市科技创新工作要点",
            "department": science.pk,
            "region": "220100",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
        },
    )
    return Plan.objects.get(title="2027年长春市科技创新工作要点")


def test_a_plan_with_an_indicator_allocated_to_two_counties(cast):
    client = client_for(cast.officer)
    science = Department.objects.get(region_id="220100", kind="science")
    plan = _plan(client, science)
    client.post(
        reverse("targets:indicator_new", args=[plan.pk]),
        {
            "code": "1",
            "name": "高新技术企业数量",
            "unit": "家",
            "direction": "at_least",
            "baseline_date": "2026-12-31",
            "target_value": "100",
            "target_date": "2027-12-31",
        },
    )
    indicator = plan.indicators.get()
    bad = client.post(
        reverse("targets:indicator_allocations", args=[indicator.pk]), {"r-220102": "30", "r-220104": "三十"}
    )
    assert "不是数字" in text(bad) and not Allocation.objects.exists(), "all rows or none"
    client.post(
        reverse("targets:indicator_allocations", args=[indicator.pk]), {"r-220102": "30", "r-220104": "25"}
    )
    assert dict(indicator.allocations.values_list("region_id", "target_value")) == {
        "220102": 30,
        "220104": 25,
    }
    client.post(
        reverse("targets:task_new", args=[plan.pk]),
        {"code": "T1", "title": "开展高企培育行动", "lead_unit": science.pk, "indicators": [indicator.pk]},
    )
    assert plan.tasks.get().indicators.get() == indicator
    board = text(client.get(reverse("targets:plan_dashboard", args=[plan.pk])))
    assert "高新技术企业数量" in board and "开展高企培育行动" in board and "南关区" in board


def test_a_plan_must_end_after_it_starts(cast):
    client = client_for(cast.officer)
    science = Department.objects.get(region_id="220100", kind="science")
    body = text(
        client.post(
            reverse("targets:plan_new"),
            {
                "kind": "annual",
                "title": "错的",
                "department": science.pk,
                "region": "220100",
                "period_start": "2027-12-31",
                "period_end": "2027-01-01",
            },
        )
    )
    assert "截止日期必须晚于起始日期" in body and not Plan.objects.filter(title="错的").exists()
