"""A plan entered in the browser is a draft its managers preview as its dashboard, then publish; a
published indicator's definition changes only for future periods, and the history says which version
applied to each figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.models import AuditRecord
from kechuang.registry.models import Department
from kechuang.targets import services, services_versions
from kechuang.targets.models import Indicator, Plan, ValueSnapshot
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast):  # type: ignore[no-untyped-def]
    science = Department.objects.get(region_id="220100", kind="science")
    today = timezone.localdate()
    client_for(cast.officer).post(
        reverse("targets:plan_new"),
        {
            "kind": "annual",
            "title": "长春市科技创新三年行动计划",
            "department": science.pk,
            "region": "220100",
            "period_start": (today - dt.timedelta(days=200)).isoformat(),
            "period_end": (today + dt.timedelta(days=800)).isoformat(),
        },
    )
    return Plan.objects.get(title="长春市科技创新三年行动计划")


def test_a_draft_is_previewed_by_its_managers_only_then_published(cast, draft):
    officer = client_for(cast.officer)
    assert draft.status == "draft"
    url = reverse("targets:plan_dashboard", args=[draft.pk])
    page = text(officer.get(url))
    assert "草稿预览" in page and "发布后责任单位和公众将看到的仪表盘" in page
    unit_officer = f.OfficerFactory(
        department=f.DepartmentFactory(kind="industry_it", name="长春市工业和信息化局")
    ).user
    assert client_for(unit_officer).get(url).status_code == 404
    response = officer.post(reverse("targets:plan_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"  # no indicator yet: refused with the reason
    assert "请先添加至少一个指标再发布" in text(officer.get(url))
    services.indicator_create(
        actor=cast.officer,
        plan=draft,
        code="1",
        name="市级以上企业技术中心",
        unit="家",
        target_value="120",
        target_date=draft.period_end,
        baseline_date=draft.period_start,
    )
    response = officer.post(reverse("targets:plan_publish", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == "published"
    assert client_for(unit_officer).get(url).status_code == 200
    indicator = draft.indicators.get()
    assert list(indicator.versions.values_list("number", "target_value")) == [(1, Decimal("120"))]
    assert AuditRecord.objects.filter(action="targets.plan_publish").exists()


def test_a_published_indicator_changes_only_for_future_periods(cast, draft):
    indicator = services.indicator_create(
        actor=cast.officer,
        plan=draft,
        code="1",
        name="市级以上企业技术中心",
        unit="家",
        target_value="120",
        target_date=draft.period_end,
        baseline_date=draft.period_start,
    )
    services_versions.plan_publish(actor=cast.officer, plan=draft)
    today = timezone.localdate()
    ValueSnapshot.objects.create(
        indicator=indicator, region=draft.region, taken_on=today, value=100, source="reported"
    )
    officer = client_for(cast.officer)
    url = reverse("targets:indicator_revise", args=[indicator.pk])
    body = text(
        officer.post(
            url,
            {
                "valid_from": today.isoformat(),
                "name": "",
                "unit": "家",
                "direction": "at_least",
                "target_value": "abc",
                "reason": "",
            },
        )
    )
    assert "适用起始日期须晚于今天" in body and "请填写指标名称" in body
    assert "目标值必须是数字" in body and "请填写调整原因" in body
    later = today + dt.timedelta(days=30)
    response = officer.post(
        url,
        {
            "valid_from": later.isoformat(),
            "name": "市级以上企业技术中心",
            "unit": "家",
            "direction": "at_least",
            "target_value": "150",
            "reason": "市政府提高目标",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal("120")  # not yet: applies from ``later``
    assert services_versions.indicator_versions_apply(today=later) == 1
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal("150")
    ValueSnapshot.objects.create(
        indicator=indicator, region=draft.region, taken_on=later, value=130, source="reported"
    )
    page = text(officer.get(reverse("targets:indicator_detail", args=[indicator.pk])))
    assert "第1版" in page and "第2版" in page and "市政府提高目标" in page
    assert Indicator.objects.get(pk=indicator.pk).versions.count() == 2
