"""Fixtures: a provincial plan (吉林省) run by the provincial 科技厅, with units and registry records."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Designation, Region
from kechuang.targets import services
from tests import factories as f


def make_org(region_code: str, n: int, **kw):  # type: ignore[no-untyped-def]
    region = Region.objects.get(code=region_code)
    return f.OrganizationFactory(
        uscc=f.make_uscc(n, region_code),
        region=region,
        region_path=region.path,
        name=f"测试企业{region_code}-{n}",
        **kw,
    )


@pytest.fixture
def jilin(db):  # type: ignore[no-untyped-def]
    province = Region.objects.get(code="220000")
    science = f.DepartmentFactory(region=province, kind=DepartmentKind.SCIENCE, name="吉林省科学技术厅")
    industry = f.DepartmentFactory(
        region=province, kind=DepartmentKind.INDUSTRY_IT, name="吉林省工业和信息化厅"
    )
    quality = f.DepartmentFactory(region=province, kind=DepartmentKind.QUALITY, name="吉林省质量技术监督局")
    manager = f.OfficerFactory(user__username="province_officer", department=science).user
    industry_officer = f.OfficerFactory(user__username="industry_officer", department=industry).user
    quality_officer = f.OfficerFactory(user__username="quality_officer", department=quality).user
    plan = services.plan_create(
        actor=manager,
        kind="implementation",
        title="吉林省加快推进工业企业产品创新实施方案",
        department=science,
        region=province,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2026, 12, 31),
        document_number="吉政办发〔2014〕44号",
    )
    return SimpleNamespace(
        province=province,
        science=science,
        industry=industry,
        quality=quality,
        manager=manager,
        industry_officer=industry_officer,
        quality_officer=quality_officer,
        plan=plan,
        changchun=Region.objects.get(code="220100"),
        jilin_city=Region.objects.get(code="220200"),
    )


@pytest.fixture
def records(jilin):  # type: ignore[no-untyped-def]
    """Organizations with statistics and designations in 长春 (220102, 220104) and 吉林市 (220202)."""
    out = []
    for i, code in enumerate(["220102", "220102", "220104", "220202"]):
        org = make_org(code, 100 + i)
        f.StatisticsFactory(
            organization=org,
            year=2024,
            valid_invention_patents=1 + i,
            revenue=1000,
            new_product_output=100 * (i + 1),
        )
        f.StatisticsFactory(
            organization=org, year=2025, valid_invention_patents=10 + i, revenue=1000, new_product_output=200
        )
        out.append(org)
    Designation.objects.create(
        organization=out[0], kind="high_tech", valid_from=dt.date(2024, 3, 1), valid_to=dt.date(2027, 2, 28)
    )
    Designation.objects.create(organization=out[1], kind="high_tech", valid_from=dt.date(2025, 6, 1))
    Designation.objects.create(
        organization=out[3], kind="high_tech", valid_from=dt.date(2022, 1, 1), valid_to=dt.date(2024, 12, 31)
    )
    Designation.objects.create(organization=out[3], kind="famous_brand", valid_from=dt.date(2025, 1, 1))
    make_org("230102", 900)  # outside the province: never counted
    return out


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """Computed values are cached between requests; every test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
