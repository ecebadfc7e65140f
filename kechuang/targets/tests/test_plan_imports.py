"""A plan's indicators and allocations from Excel: the template, every problem by row and column, all rows
or none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.registry.models import Department
from kechuang.targets.models import Allocation, Indicator, Plan
from tests.pages import client_for, text
from tests.xlsx import xlsx_upload

pytestmark = pytest.mark.django_db

INDICATOR_HEADER = [
    "编号*",
    "指标名称*",
    "单位*",
    "目标值*",
    "目标日期*",
    "基期日期*",
    "基期值",
    "方向",
    "牵头单位",
]
ALLOCATION_HEADER = ["指标编号*", "地区", "单位", "分解目标值*", "说明"]


@pytest.fixture
def plan(cast):  # type: ignore[no-untyped-def]
    science = Department.objects.get(region_id="220100", kind="science")
    client_for(cast.officer).post(
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


def test_indicators_then_allocations_from_excel(cast, plan):
    client = client_for(cast.officer)
    url = reverse("targets:indicator_import", args=[plan.pk])
    assert client.get(url + "?template=1")["Content-Type"].startswith("application/vnd.openxml")
    bad = xlsx_upload(
        "指标",
        INDICATOR_HEADER,
        [
            [
                "Z1",
                "市级以上企业技术中心数量",
                "家",
                120,
                "2027-12-31",
                "2026-12-31",
                96,
                "不低于目标",
                "长春市科学技术局",
            ],
            ["Z2", "技术合同成交额", "亿元", "很多", "2027-12-31", "2026-12-31", "", "向上", ""],
            ["Z3", "", "件", 10, "2027-12-31", "2026-12-31", "", "", "某某局"],
        ],
    )
    response = client.post(url, {"file": bad})
    body = text(response)
    assert response.status_code == 400
    assert "目标值“很多”不是数字" in body and "方向应为" in body
    assert "请填写“指标名称”" in body and "规划地区内没有政府部门“某某局”" in body
    assert not Indicator.objects.filter(plan=plan).exists()
    good = xlsx_upload(
        "指标",
        INDICATOR_HEADER,
        [
            [
                "Z1",
                "市级以上企业技术中心数量",
                "家",
                120,
                "2027-12-31",
                "2026-12-31",
                96,
                "不低于目标",
                "长春市科学技术局",
            ],
            ["Z2", "技术合同成交额", "亿元", 50, "2027-12-31", "2026-12-31", "", "", ""],
        ],
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert list(plan.indicators.values_list("code", flat=True)) == ["Z1", "Z2"]

    url = reverse("targets:allocation_import", args=[plan.pk])
    bad = xlsx_upload(
        "分解目标",
        ALLOCATION_HEADER,
        [
            ["Z1", "220122", "", 20, ""],
            ["Z1", "220122", "", 25, ""],
            ["Z9", "220183", "", 30, ""],
            ["Z2", "220202", "", 5, ""],
        ],
    )
    body = text(client.post(url, {"file": bad}))
    assert "本规划没有编号为“Z9”的指标" in body
    assert not Allocation.objects.exists()
    body = text(
        client.post(
            url,
            {
                "file": xlsx_upload(
                    "分解目标",
                    ALLOCATION_HEADER,
                    [["Z1", "220122", "", 20, ""], ["Z1", "220122", "", 25, ""], ["Z2", "220202", "", 5, ""]],
                )
            },
        )
    )
    assert "同一指标的同一地区或单位重复分解" in body and "不在规划地区" in body
    assert not Allocation.objects.exists()
    good = xlsx_upload(
        "分解目标", ALLOCATION_HEADER, [["Z1", "220122", "", 20, ""], ["Z1", "德惠市", "", 30, "重点县"]]
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert {(a.region_id, int(a.target_value)) for a in Allocation.objects.all()} == {
        ("220122", 20),
        ("220183", 30),
    }
