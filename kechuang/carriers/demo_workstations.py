"""Demo workstations (博士后科研工作站、研究生工作站、院士工作站) at the kinds of enterprises that host them in
吉林省 — automotive parts, pharmaceuticals, chemicals, optoelectronics — with researchers from the demo's
universities and institutes, entered (and some already left) through the services."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from kechuang.carriers.choices import CarrierKind, HostRole, Tier
from kechuang.carriers.services import carrier_create
from kechuang.carriers.services_residents import resident_enter, resident_exit
from kechuang.registry.models import Organization

# (kind, tier, host industry prefix, partner university or institute, fields and projects of residents)
STATIONS: tuple[tuple[str, str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        CarrierKind.POSTDOC_WORKSTATION,
        Tier.NATIONAL,
        "36",
        "吉林大学",
        (
            ("车辆工程", "商用车电控空气悬架匹配与标定"),
            ("材料加工工程", "高强钢热冲压件回弹控制"),
            ("控制科学与工程", "线控制动系统冗余控制策略"),
        ),
    ),
    (
        CarrierKind.POSTDOC_WORKSTATION,
        Tier.PROVINCIAL,
        "27",
        "长春中医药大学",
        (
            ("中药学", "人参皂苷Rg3制剂工艺优化"),
            ("药物分析", "中药注射剂指纹图谱质量控制"),
        ),
    ),
    (
        CarrierKind.GRADUATE_WORKSTATION,
        Tier.PROVINCIAL,
        "39",
        "长春理工大学",
        (
            ("光学工程", "激光测距模块温漂补偿"),
            ("电子科学与技术", "红外探测器读出电路低噪声设计"),
            ("仪器科学与技术", "光电编码器细分误差标定"),
        ),
    ),
    (
        CarrierKind.ACADEMICIAN_WORKSTATION,
        Tier.PROVINCIAL,
        "26",
        "中国科学院长春应用化学研究所",
        (("高分子化学与物理", "生物降解聚乳酸改性与吹膜工艺"),),
    ),
)
SURNAMES = "王李张刘陈杨赵黄周吴孙马朱胡郭何高林罗郑"
GIVEN = ("明远", "晓东", "思琪", "浩然", "雨桐", "子涵", "博文", "欣怡", "志强", "嘉怡", "宇航", "婧")
TITLES = {
    CarrierKind.POSTDOC_WORKSTATION: "博士后研究人员",
    CarrierKind.GRADUATE_WORKSTATION: "硕士研究生",
    CarrierKind.ACADEMICIAN_WORKSTATION: "中国科学院院士",
}


def load_workstations(
    *, admin: Any, department: Any, enterprises: list[Organization], rng: random.Random
) -> int:
    """A few workstations at large or medium enterprises of the right industry; returns how many."""
    used: set[int] = set()
    made = 0
    for i, (kind, tier, industry, partner_name, topics) in enumerate(STATIONS):
        host = next(
            (
                e
                for e in enterprises
                if e.pk not in used
                and (e.industry_id or "").startswith(industry)
                and e.size in ("large", "medium")
            ),
            None,
        )
        partner = Organization.objects.filter(name=partner_name).first()
        if host is None or partner is None:
            continue
        used.add(host.pk)
        recognised = dt.date(rng.randint(2015, 2021), rng.choice([6, 12]), 1)
        station = carrier_create(
            name=f"{host.name}{CarrierKind(kind).label}",
            kind=kind,
            tier=tier,
            region=host.region,
            hosts=[(host, HostRole.LEAD), (partner, HostRole.CO_BUILT)],
            actor=admin,
            responsible_department=department,
            industry=host.industry,
            certificate_no=f"JL-WS-{recognised.year}-{i + 1:03d}",
            recognised_on=recognised,
        )
        made += 1
        for j, (field, project) in enumerate(topics):
            started = dt.date(rng.randint(2022, 2025), 9, 1)
            resident = resident_enter(
                actor=admin,
                carrier=station,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                identifier=f"{kind[:2].upper()}{started.year}{i + 1:02d}{j + 1:03d}",
                title=TITLES[kind],
                home_institution=partner.name,
                field=field,
                project=project,
                started_on=started,
                planned_end=started.replace(year=started.year + 2),
            )
            if started.year <= 2023:  # a two-year term begun by 2023 has ended
                resident_exit(
                    actor=admin,
                    resident=resident,
                    ended_on=started.replace(year=started.year + 2) - dt.timedelta(days=1),
                    note="完成出站报告，通过专家评审。",
                )
    return made
