"""Demo programs: 吉林省重点研发计划 (吉林省科学技术厅, the demo ``province`` officer) with a published
2026 call of two topics and a few applications from demo enterprises, drafted, submitted and recommended."""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from kechuang.accounts.models import User
from kechuang.programs import demo_execution
from kechuang.programs.models import ProgramType
from kechuang.programs.services import (
    application_create,
    application_submit,
    application_transition,
    call_create,
    call_publish,
    program_type_create,
    topic_add,
)
from kechuang.registry.choices import MembershipRole, VerificationStatus
from kechuang.registry.models import Department, Membership

TOPICS = [
    (
        "新能源汽车电驱动系统关键技术",
        "120",
        3,
        36,
        "1",
        "突破高效率电驱动总成设计与制造技术，考核指标：申请发明专利不少于3项，新产品不少于2个。",
    ),
    (
        "玉米深加工绿色生物制造",
        "80",
        4,
        24,
        "0.5",
        "开发玉米淀粉基生物材料绿色制造工艺，考核指标：新工艺1项，新增销售收入不少于2000万元。",
    ),
]
TITLES = ["高功率密度电驱动总成研发及产业化", "车规级功率模块封装关键技术", "玉米秸秆基可降解材料制备技术",
          "生物基聚乳酸连续化生产工艺"]  # fmt: skip


@transaction.atomic
def load(*, stdout: TextIO, rng: random.Random) -> None:
    if ProgramType.objects.exists():
        stdout.write("  programs: already present, skipped\n")
        return
    admin = User.objects.get(username="admin")
    officer = User.objects.get(username="province")
    province = Department.objects.get(region_id="220000", kind="science")
    program_type = program_type_create(
        department=province, actor=admin, code="jl-key-rd", name="吉林省重点研发计划",
        description="围绕全省产业发展重大需求，支持关键核心技术攻关和成果产业化。",
    )  # fmt: skip
    now = timezone.now()
    call = call_create(
        program_type=program_type, actor=officer, year=2026, title="2026年度吉林省重点研发计划项目申报指南",
        opens_at=now - dt.timedelta(days=3), closes_at=now + dt.timedelta(days=60), total_budget="1000",
        leader_limit=1, eligibility_rule='kind == "enterprise"',
        notice="申报单位须为在吉林省内注册、具有独立法人资格的企业；项目负责人同期只能主持1项省级科技计划项目。",
    )  # fmt: skip
    topics = [
        topic_add(
            call=call,
            actor=officer,
            title=title,
            funding_cap=cap,
            project_count=count,
            duration_months=months,
            co_funding_ratio=ratio,
            description=text,
        )
        for title, cap, count, months, ratio, text in TOPICS
    ]
    call_publish(call=call, actor=officer)
    memberships = (
        Membership.objects.filter(
            role=MembershipRole.ADMIN,
            organization__kind="enterprise",
            organization__verification_status=VerificationStatus.VERIFIED,
            organization__region_path__startswith=province.region.path,
        )
        .select_related("user", "organization")
        .order_by("organization_id")[:40]
    )
    chosen = rng.sample(list(memberships), min(len(TITLES), len(memberships)))
    for n, membership in enumerate(chosen):
        topic = topics[n // 2]
        asked = min(topic.funding_cap, 60 + 10 * n)
        application = application_create(
            topic=topic,
            organization=membership.organization,
            actor=membership.user,
            title=TITLES[n],
            leader_name=rng.choice("王李张刘陈杨") + rng.choice(["建国", "志强", "海燕", "晓东"]),
            leader_identifier=f"22010{n}19780101{n:04d}",
            summary=f"{membership.organization.name}牵头，围绕“{topic.title}”开展研发和产业化。",
            requested_funds=asked,
            self_funds=asked,
            budget=[
                {"category": "equipment", "special_funds": asked - 20, "self_funds": asked - 20},
                {"category": "operations", "special_funds": 20, "self_funds": 20},
            ],
            indicators=[
                {"text": "申请发明专利", "quantity": 3, "unit": "项"},
                {"text": "新产品", "quantity": 2, "unit": "个"},
            ],
        )
        if n == 0:
            continue  # one draft
        application = application_submit(application=application, actor=membership.user)
        if n == 1:
            application_transition(application=application, to="recommended", actor=officer)
    stdout.write(f"  programs: 1 program type, 1 call, {len(topics)} topics, {len(chosen)} applications\n")
    demo_execution.load(stdout=stdout, rng=rng)
