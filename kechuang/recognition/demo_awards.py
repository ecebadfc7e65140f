"""Demo brand and award schemes (名牌产品, 著名商标, 知识产权优势企业, 质量奖, 科学技术奖) and a 2025
知识产权示范企业 call in which 吉林大学 nominated an enterprise that was recognised — so the designation
shows on its page, in the plans' counts and in policy answers. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.core.files.base import ContentFile

from kechuang.accounts.models import User
from kechuang.carriers.choices import Tier
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.demo_parts import admin_of, close_as_of, expert, open_call, threshold
from kechuang.recognition.models import Scheme
from kechuang.recognition.services import (
    application_nominate,
    application_transition,
    attachment_add,
    eligibility_check,
    scheme_create,
)
from kechuang.registry.models import Department, Organization

S = ApplicationStatus

# 60 points from the figures, 40 from experts of the discipline.
AWARD_INDICATORS: dict[str, Any] = {
    "indicators": [
        threshold("patents", "有效发明专利", "30", "valid_invention_patents", "1:10 3:20 10:30"),
        threshold("rd", "研发投入强度", "30", "rd_intensity", "2:10 4:20 6:30"),
        expert("quality", "质量管理与品牌建设", "20"),
        expert("impact", "创新水平与社会经济效益", "20"),
    ]
}
ENTERPRISES = {"organization_kinds": ["enterprise"], "verified_only": True}

# code, name, department kind, title, designation kind, validity years
AWARD_SCHEMES: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("ccmp", "长春市名牌产品认定", "quality", "长春市名牌产品", "famous_brand", 3),
    ("cczm", "长春市著名商标认定", "market_regulation", "长春市著名商标", "famous_trademark", 3),
    (
        "ccipa",
        "长春市知识产权优势企业认定",
        "intellectual_property",
        "长春市知识产权优势企业",
        "ip_advantage",
        3,
    ),
    ("ccqa", "长春市市长质量奖", "quality", "长春市市长质量奖", "quality_award", 2),
    ("ccsta", "长春市科学技术奖", "science", "长春市科学技术奖", "science_award", 5),
)


def load_awards(*, stdout: TextIO, admin: User, officer: User, ip_scheme: Scheme) -> None:
    for code, name, kind, title, designation, years in AWARD_SCHEMES:
        department = Department.objects.filter(region_id="220100", kind=kind).first()
        if department is None:
            continue
        scheme = scheme_create(
            code=code,
            name=name,
            department=department,
            tier=Tier.MUNICIPAL,
            recognition_title=title,
            designation_kind=designation,
            indicator_system=AWARD_INDICATORS,
            eligibility=ENTERPRISES,
            validity_years=years,
            description=f"由各县（市）区主管部门、行业协会和高校推荐，经形式审查、专家评审、审定和公示后认定为{title}。",
            actor=admin,
        )
        open_call(
            scheme=scheme,
            year=2026,
            title=f"2026年度{name}",
            days=(5, 45),
            quota=30,
            notice=f"请各推荐单位于截止日期前在线提名本地区符合条件的单位参加{name}。",
            actor=admin,
        )

    # 2025 知识产权示范企业: 吉林大学 nominated an enterprise, recognised on 2025-12-01
    university = Organization.objects.filter(name="吉林大学").first()
    nominator_admin = admin_of(university) if university else None
    if university is None or nominator_admin is None:
        return
    call = open_call(
        scheme=ip_scheme,
        year=2025,
        title=f"2025年度{ip_scheme.name}",
        days=(2, 1),
        quota=10,
        notice="请各推荐单位提名知识产权工作成效突出的企业。",
        actor=officer,
    )
    firms = Organization.objects.filter(
        kind="enterprise", verification_status="verified", region_path__startswith="220000/220100/"
    ).order_by("-id")[:200]
    nominee = next((o for o in firms if not eligibility_check(call=call, organization=o)), None)
    if nominee is None:
        return
    application = application_nominate(
        call=call,
        nominator=university,
        organization=nominee,
        title=f"{nominee.name}知识产权示范企业",
        summary="企业建立了知识产权管理体系，拥有有效发明专利多件，专利产品销售收入占比高。",
        actor=nominator_admin,
    )
    attachment_add(
        application=application,
        actor=nominator_admin,
        title="推荐表及知识产权证明材料",
        file=ContentFile(b"%PDF-1.4\n% demo\n", name="nomination.pdf"),
    )
    application = application_transition(application=application, to=S.SUBMITTED, actor=nominator_admin)
    day = dt.date(2025, 11, 10)
    for to in (S.FORMAL_CHECK, S.EXPERT_REVIEW, S.DECISION, S.PUBLICITY):
        application = application_transition(
            application=application, to=to, actor=officer, note="符合要求。", today=day
        )
    application_transition(
        application=application, to=S.RECOGNISED, actor=officer, today=dt.date(2025, 12, 1)
    )
    close_as_of(
        call,
        actor=officer,
        opened=dt.datetime(2025, 9, 1, tzinfo=dt.UTC),
        closed=dt.datetime(2025, 9, 30, 15, 59, tzinfo=dt.UTC),
    )
    stdout.write(f"  recognition: {nominee.name} recognised as 知识产权示范企业 (nominated by 吉林大学)\n")
