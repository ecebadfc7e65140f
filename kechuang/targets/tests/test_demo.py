"""The demo loader builds seed 002's and seed 001's plans from their text."""

from __future__ import annotations

import io
import random

import pytest

from kechuang.core.models import AuditRecord
from kechuang.targets import demo
from kechuang.targets.models import Plan, SupervisionRecord


@pytest.mark.django_db
def test_demo_loads_both_seeds() -> None:
    out = io.StringIO()
    demo.load(stdout=out, rng=random.Random(1))
    plan = Plan.objects.get(source_name=demo.SEED_002)
    assert plan.title == "吉林省加快推进工业企业产品创新实施方案"
    assert plan.document_number == "吉政办发〔2014〕44号"
    assert plan.region_id == "220000" and plan.kind == "implementation"
    assert plan.indicators.count() == 16
    computed = set(plan.indicators.filter(metric__isnull=False).values_list("name", flat=True))
    assert {"新产品产值率", "企业有效发明专利拥有数", "吉林省名牌产品"} <= computed
    alliances = plan.indicators.get(name="产业技术创新联盟")
    assert str(alliances.lead_unit) == "吉林省科学技术厅"
    tech_centers = plan.indicators.get(name="省级以上企业技术中心")
    assert str(tech_centers.lead_unit) == "吉林省工业和信息化厅"
    assert [str(d) for d in tech_centers.participating_units.all()] == ["吉林省发展和改革委员会"]
    assert str(plan.department) == "吉林省工业和信息化厅"
    assert plan.tasks.count() == 27
    annual = Plan.objects.get(source_name=demo.SEED_001)
    assert annual.kind == "annual" and annual.region_id == "441700"
    assert annual.indicators.count() == 9 and annual.tasks.count() == 8
    assert str(annual.indicators.get(code="A03").target_max) == "8.0000"
    # the seed plans ended long ago: their open tasks are escalated, and every reminder is recorded
    assert SupervisionRecord.objects.filter(kind="escalation", task__plan=annual).count() == 8
    assert AuditRecord.objects.filter(action="targets.supervision_escalation").exists()
    demo.load(stdout=out, rng=random.Random(1))  # idempotent
    assert Plan.objects.count() == 2
