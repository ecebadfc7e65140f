"""What an enterprise reads (issue 12): a designation it already holds answers “已持有” with its renewal
date, not “符合，一键申请”; a gap it cannot close is “不符合，因为 …”, not “差一点”; measures of other
provinces stay out of its list unless asked; every measure says which conditions reviewers check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.policies import selectors
from kechuang.policies.models import PolicyStatistics
from kechuang.registry.models import Designation, YearlyStatistics

from .conftest import ON

pytestmark = pytest.mark.django_db
Q = f"?on={ON.isoformat()}"


@pytest.fixture
def hnte_holder(cast, measures):  # type: ignore[no-untyped-def]
    org = cast.org
    org.size, org.founded_on = "small", dt.date(2018, 4, 1)
    org.save()
    for year, revenue, rd in (
        (2023, 20_000_000, 1_200_000),
        (2024, 25_000_000, 1_500_000),
        (2025, 30_000_000, 1_800_000),
    ):
        YearlyStatistics.objects.create(organization=org, year=year, revenue=revenue, rd_expenditure=rd,
                                        domestic_rd_expenditure=rd, employees=120)  # fmt: skip
    PolicyStatistics.objects.create(
        organization=org, year=2025, tech_staff=30, high_tech_revenue=24_000_000, ip_count=6
    )
    Designation.objects.create(organization=org, kind="high_tech", valid_from=dt.date(2023, 12, 1),
                               valid_to=dt.date(2026, 11, 30), certificate_no="GR202322000123")  # fmt: skip
    return measures["hnte-recognition"]


def test_a_held_certificate_is_shown_as_held_with_its_renewal(client, cast, hnte_holder):
    overview = selectors.organization_overview(user=cast.org_admin, organization=cast.org, on=ON)
    assert [a.measure.code for a in overview["held"]] == ["hnte-recognition"]
    assert "hnte-recognition" not in [a.measure.code for a in overview["eligible"]]
    client.force_login(cast.org_admin)
    body = client.get(reverse("policies:my_policies") + Q).content.decode()
    assert "已持有的资质" in body
    assert (
        "已持有高新技术企业资质，证书 GR202322000123，有效期至2026年11月30日，重新认定应于2026年11月30日前申请"
        in body
    )
    page = client.get(reverse("policies:measure_detail", args=[hnte_holder.pk]) + Q).content.decode()
    assert "已持有" in page and "一键申请" not in page
    api = APIClient()
    api.force_authenticate(cast.org_admin)
    url = reverse("api-policy-explain", args=[hnte_holder.pk]) + f"?organization={cast.org.pk}&on={ON}"
    body = api.get(url).json()
    assert body["status"] == "held" and body["held"]["valid_to"] == "2026-11-30"


def test_other_provinces_measures_are_apart_and_only_on_request(client, cast, hnte_holder):
    overview = selectors.organization_overview(user=cast.org_admin, organization=cast.org, on=ON)
    elsewhere = {a.measure.code for a in overview["elsewhere"]}
    assert {"zhejiang-invention-patent-award", "henan-innovation-voucher"} <= elsewhere
    listed = {a.measure.code for key in selectors.CATEGORIES for a in overview[key]}
    assert not listed & elsewhere
    assert "jilin-enterprise-rd-centre" in listed  # 吉林省 applies to a 长春 enterprise
    client.force_login(cast.org_admin)
    body = client.get(reverse("policies:my_policies") + Q).content.decode()
    assert "浙江省" not in body and "其他地区的政策不适用于本单位" in body
    body = client.get(reverse("policies:my_policies") + Q + "&elsewhere=1").content.decode()
    assert "其他地区的政策" in body and 'data-measure="zhejiang-invention-patent-award"' in body
    api = APIClient()
    api.force_authenticate(cast.org_admin)
    url = reverse("api-policy-overview", args=[cast.org.pk]) + f"?on={ON}"
    assert "elsewhere" not in api.get(url).json()
    assert {a["code"] for a in api.get(url + "&elsewhere=1").json()["elsewhere"]} == elsewhere


def test_a_size_gap_is_a_reason_not_almost(client, cast, measures):
    """The issue's firm: revenue 2.68亿 and assets 5.2亿 were advised down to 2亿 (科技型中小企业)."""
    org = cast.org
    org.size, org.founded_on = "medium", dt.date(2012, 1, 1)
    org.save()
    YearlyStatistics.objects.create(organization=org, year=2025, revenue=268_000_000, rd_expenditure=12_000_000,
                                    employees=420)  # fmt: skip
    PolicyStatistics.objects.create(organization=org, year=2025, total_assets=520_000_000, tech_staff=80,
                                    ip_count=10, rd_institutions_provincial=0)  # fmt: skip
    overview = selectors.organization_overview(user=cast.org_admin, organization=cast.org, on=ON)
    almost = [a for a in overview["almost"]]
    for a in almost:
        assert not any("降低" in c.text for c in a.result.changes or []), a.measure.code
    tech = next(a for a in overview["ineligible"] if a.measure.code == "tech-sme-evaluation")
    reasons = [c.text for c in tech.result.reasons]
    assert "年销售收入不超过2亿元：2025年营业收入 2.68亿元，要求 ≤ 2亿元" in reasons
    client.force_login(cast.org_admin)
    body = client.get(reverse("policies:my_policies") + Q).content.decode()
    assert "不符合，因为：" in body and "从 2.68亿元 降低到" not in body


def test_every_measure_page_lists_the_conditions_reviewers_check(client, cast, measures):
    for m in measures.values():
        body = client.get(reverse("policies:measure_detail", args=[m.pk])).content.decode()
        if m.rule.reviewed:
            assert "由评审核实的条件" in body, m.code
            assert m.rule.reviewed[0].replace("“", "&ldquo;")[:4] in body or m.rule.reviewed[0][:4] in body
        else:
            assert "本事项的全部条件均可根据填报数据判断" in body, m.code
