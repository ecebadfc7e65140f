"""Budget execution by year (年度预算执行): each year's report keeps its cumulative spending per category;
the project page and the API show what each year spent, by category."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.programs import selectors_execution as sel
from kechuang.programs import services
from kechuang.programs.models import BudgetYear, Project
from tests.pages import client_for
from tests.program_projects import signed_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(cast):  # type: ignore[no-untyped-def]
    project = signed_project(cast)
    Project.objects.filter(pk=project.pk).update(starts_on=dt.date(2025, 1, 1))
    project.refresh_from_db()
    services.disbursement_record(
        project=project, actor=cast.officer, amount="90", paid_on=dt.date(2025, 3, 1)
    )
    services.report_submit(
        project=project, actor=cast.org_admin, kind="annual", year=2025, content="完成方案设计。",
        spent={"equipment": ("30", "10"), "operations": ("5", "0")},
    )  # fmt: skip
    services.report_submit(
        project=project, actor=cast.org_admin, kind="annual", year=2026, content="完成样机试制。",
        spent={"equipment": ("45", "12")},
    )  # fmt: skip
    return project


def test_each_year_spends_the_difference_of_its_cumulative_figures(cast, two_years):
    assert BudgetYear.objects.filter(project=two_years).count() == 3
    rows = sel.spending_by_year(project=two_years)
    assert [r["year"] for r in rows] == [2025, 2026]
    first, second = rows
    by_cat = {line["category"]: (line["special"], line["self"]) for line in first["lines"]}
    assert by_cat["设备费"] == (Decimal("30"), Decimal("10"))
    assert first["special"] == Decimal("35") and first["self"] == Decimal("10")
    by_cat = {line["category"]: (line["special"], line["self"]) for line in second["lines"]}
    # 2026 reported equipment only: operations keeps its 2025 figure, so spent nothing new that year
    assert by_cat["设备费"] == (Decimal("15"), Decimal("2")) and by_cat["业务费"] == (
        Decimal("0"),
        Decimal("0"),
    )
    assert second["special"] == Decimal("15") and second["cumulative_special"] == Decimal("50")


def test_a_project_without_reports_has_no_years(cast):
    assert sel.spending_by_year(project=signed_project(cast)) == []


def test_project_page_and_api_show_spending_by_year(cast, two_years):
    client = client_for(cast.org_admin)
    page = client.get(reverse("programs:project_detail", args=[two_years.pk])).content.decode()
    assert 'id="spending-years"' in page and "2025年" in page and "当年专项经费支出" in page
    body = client.get(f"/api/v1/programs/projects/{two_years.pk}/").json()
    assert [y["year"] for y in body["spending_by_year"]] == [2025, 2026]
    assert body["spending_by_year"][1]["special"] == "15.00"
    assert body["spending_by_year"][1]["cumulative_special"] == "50.00"
