"""Builders for the execution half of programs: an issued project of the ``officer``'s department for the
``org`` of the cast, with its application's budget (100万元 special: 设备费 60, 业务费 30, 间接费用 10) and
two indicators; and helpers that move it along (signed contract, a closed acceptance panel)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kechuang.programs import services
from kechuang.programs.models import Project
from kechuang.registry.models import Region
from kechuang.review.selectors import panel_assignments
from kechuang.review.services import panel_assign, panel_close, panel_open, score_submit
from tests import app_factories as af


def issued_project(
    cast: Any, *, department: Any = None, starts_on: dt.date | None = None, years: int = 3
) -> Project:
    department = department or cast.officer.officer_assignments.get().department
    topic = af.TopicFactory(
        call=af.ProgramCallFactory(program_type=af.ProgramTypeFactory(department=department))
    )
    application = af.ProgramApplicationFactory(
        topic=topic, organization=cast.org, status="issued", title="车规级功率芯片研发及产业化",
        summary="研制车规级功率芯片并实现量产。", requested_funds=Decimal("100"), self_funds=Decimal("100"),
    )  # fmt: skip
    for category, special in (("equipment", "60"), ("operations", "30"), ("indirect", "10")):
        af.ProgramBudgetLineFactory(application=application, category=category, special_funds=Decimal(special),
                                    self_funds=Decimal(special))  # fmt: skip
    af.ProgramIndicatorFactory(application=application, text="申请发明专利", quantity=Decimal("3"), unit="项")
    af.ProgramIndicatorFactory(application=application, text="新产品", quantity=Decimal("2"), unit="个")
    start = starts_on or dt.date(2026, 1, 1)
    return af.ProjectFactory(
        application=application, code=f"XM{application.pk:06d}", starts_on=start,
        ends_on=dt.date(start.year + years, start.month, start.day) - dt.timedelta(days=1),
    )  # fmt: skip


def signed_project(cast: Any, **kw: Any) -> Project:
    """An issued project whose contract (a milestone each year) is confirmed and signed."""
    project = issued_project(cast, **kw)
    contract = services.contract_prepare(project=project, actor=cast.org_admin)
    for year in range(project.starts_on.year, project.ends_on.year + 1):
        services.milestone_add(project=project, actor=cast.org_admin, due_on=dt.date(year, 12, 1),
                               title=f"{year}年完成阶段目标")  # fmt: skip
    services.contract_confirm(contract=contract, actor=cast.org_admin)
    contract.refresh_from_db()
    services.contract_sign(contract=contract, actor=cast.officer)
    project.refresh_from_db()
    return project


def run_panel(panel: Any, officer: Any, *, experts: int = 3, score: str = "30") -> None:
    """Three experts from outside the region score every indicator ``score``; the panel closes."""
    jilin = Region.objects.get(code="220200")
    pool = [af.ExpertFactory(region=jilin, organization__region=jilin) for _ in range(experts)]
    panel_assign(panel=panel, actor=officer, experts=pool)
    panel.refresh_from_db()
    panel_open(panel=panel, actor=officer)
    for assignment in panel_assignments(panel=panel).select_related("expert__user"):
        codes = [i["code"] for i in panel.indicators]
        score_submit(assignment=assignment, actor=assignment.expert.user, scores=dict.fromkeys(codes, score),
                     comment="完成任务书规定的目标。")  # fmt: skip
    panel.refresh_from_db()
    panel_close(panel=panel, actor=officer)
