"""主体统计: every figure equals the organizations the list shows when the figure is opened (the same
filters), for subdivisions, kinds, industry sections and designations; officers see their own subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kechuang.registry.models import Designation, Region
from kechuang.registry.selectors_overview import registry_overview
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _listed(client, url):  # type: ignore[no-untyped-def]
    """How many organizations the organization list finds for a figure's link (the page states the count)."""
    response = client.get(url + "&count=1")
    assert response.status_code == 200
    return response.context["total"]


def test_every_figure_opens_the_organizations_it_counted(cast):
    for code in ("220102", "220102", "220104"):
        f.OrganizationFactory(region=Region.objects.get(code=code))
    Designation.objects.create(
        organization=cast.org, kind="high_tech", valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2099, 1, 1)
    )
    client = client_for(cast.officer)
    response = client.get(reverse("registry:overview"))
    assert response.status_code == 200 and "主体统计" in text(response)
    ctx = response.context
    figures = ctx["regions"] + ctx["kinds"] + ctx["sections"] + ctx["designations"]
    assert ctx["designations"] and ctx["kinds"]
    for figure in figures:
        assert _listed(client, figure["url"]) == figure["value"], figure


def test_the_total_is_the_sum_of_kinds_and_an_officer_sees_only_their_subtree(cast):
    f.OrganizationFactory(region=Region.objects.get(code="220202"))  # 吉林市: outside 长春市
    overview = registry_overview(user=cast.officer)
    assert overview.region is not None and overview.region.code == "220100"
    assert overview.total == sum(fig.count for fig in overview.by_kind)
    assert "220202" not in {fig.filters.get("region") for fig in overview.by_region}
    elsewhere = registry_overview(user=cast.officer, region_code="220202")
    assert elsewhere.region.code == "220100"  # a region outside the officer's is not opened


def test_a_universitys_page_shows_no_enterprise_figures(cast):
    university = f.OrganizationFactory(name="吉林农业大学", kind="university")
    f.YearlyStatisticsFactory(organization=university, year=2025) if hasattr(
        f, "YearlyStatisticsFactory"
    ) else None
    page = text(client_for(cast.officer).get(reverse("registry:organization_detail", args=[university.pk])))
    assert "工业总产值" not in page and "纳税总额" not in page and "研发费用" in page
    page = text(client_for(cast.officer).get(reverse("registry:organization_detail", args=[cast.org.pk])))
    assert "工业总产值" in page


def test_a_universitys_statistics_form_asks_no_enterprise_figures(cast):
    university = f.OrganizationFactory(name="吉林农业大学", kind="university")
    admin = f.UserFactory()
    f.MembershipFactory(user=admin, organization=university, role="admin")
    client = client_for(admin)
    url = reverse("registry:statistics_add", args=[university.pk])
    page = text(client.get(url))
    assert "工业总产值" not in page and "出口额" not in page and "研发费用" in page
    assert (
        client.post(url, {"year": "2025", "rd_expenditure": "1000000", "employees": "900"}).status_code == 302
    )
    assert "工业总产值" in text(
        client_for(cast.org_admin).get(reverse("registry:statistics_add", args=[cast.org.pk]))
    )
