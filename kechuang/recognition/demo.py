"""Demo recognition data: schemes, a finished 2025 call, an open 2026 call with applications in every stage.

* 长春市企业技术中心认定 (长春市科学技术局, the demo ``officer``):
  - 2025 call: closed; applications recognised (the anchor enterprise among them, so its page shows the
    ladder at 市级), one rejected after review, one rejected after an upheld objection; certificates issued;
  - 2026 call: open; ~40 applications from 长春 enterprises in draft, submitted, formal check, returned for
    correction and expert review (the review panel is formed, assigned and scoring: experts can score).
* 吉林省企业技术中心认定 (吉林省科学技术厅, the demo ``province`` officer): 2026 call open, requires 市级
  (the anchor may apply).
* 长春市知识产权示范企业 (figures only, no carrier): 2026 call open.

Everything goes through the services (audit, history).  Dates of the 2025 call are set afterwards to
2025 so the history reads naturally.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TextIO

from django.core.files.base import ContentFile
from django.db import transaction

from kechuang.accounts.models import User
from kechuang.carriers.choices import Tier
from kechuang.core.errors import ApplicationError
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.demo_awards import load_awards
from kechuang.recognition.demo_parts import applicant_admin, close_as_of, expert, open_call, threshold
from kechuang.recognition.models import Application, Call, Scheme
from kechuang.recognition.services import (
    application_create,
    application_transition,
    attachment_add,
    eligibility_check,
    objection_lodge,
    objection_resolve,
    scheme_create,
)
from kechuang.registry.demo import ANCHOR_USCC
from kechuang.registry.models import Department, Organization
from kechuang.review.selectors import panel_assignments, panel_for_owner
from kechuang.review.services import panel_assign, panel_close, panel_open, score_submit

S = ApplicationStatus
# 市级企业技术中心认定: 40 points from the enterprise's figures by threshold tables, 60 points from experts.
TECH_CENTER_INDICATORS: dict[str, Any] = {
    "indicators": [
        threshold("rd_intensity", "研发投入强度", "15", "rd_intensity", "1:5 3:10 5:15"),
        threshold("rd_staff_ratio", "研发人员占比", "10", "rd_staff_ratio", "5:4 10:7 20:10"),
        threshold("patents", "有效发明专利", "15", "valid_invention_patents", "1:5 3:10 10:15"),
        expert("organisation", "技术中心组织体系与运行机制", "20"),
        expert("capability", "技术创新能力与水平", "25"),
        expert("outlook", "发展规划与示范作用", "15"),
    ]
}

TECH_CENTER_ELIGIBILITY: dict[str, Any] = {
    "organization_kinds": ["enterprise"],
    "verified_only": True,
    "min": {"revenue_wan": 1000, "rd_intensity": 1},
}

IP_INDICATORS: dict[str, Any] = {
    "indicators": [
        threshold("patents", "有效发明专利", "60", "valid_invention_patents", "3:30 10:45 20:60"),
        threshold("rd", "研发投入强度", "40", "rd_intensity", "2:20 4:30 6:40"),
    ]
}


def _file(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% demo attachment\n", name=name)


def _apply(call: Call, org: Organization) -> Application:
    actor = applicant_admin(org)
    application = application_create(
        call=call,
        organization=org,
        title=f"{org.name}企业技术中心" if call.scheme.carrier_kind else f"{org.name}知识产权示范企业",
        summary="技术中心设有研发部、测试中心和中试车间，与高校共建联合实验室，近三年承担省级以上科技项目多项。",
        actor=actor,
    )
    attachment_add(
        application=application, actor=actor, title="营业执照及审计报告", file=_file("materials.pdf")
    )
    return application


def _move(
    application: Application, path: Sequence[str], officer: User, today: dt.date | None = None
) -> Application:
    for to in path:
        actor = officer
        if to in (S.SUBMITTED, S.WITHDRAWN):
            actor = applicant_admin(application.organization)
        note = "材料齐全，符合要求。"
        if to == S.RETURNED:
            note = "审计报告缺少研发费用专项审计，请补充后重新提交。"
        elif to == S.REJECTED:
            note = "综合得分未达到认定分数线。"
        application = application_transition(
            application=application, to=to, actor=actor, note=note, today=today
        )
    return application


def _eligible(call: Call, orgs: list[Organization], n: int, exclude: set[int]) -> list[Organization]:
    out = []
    for org in orgs:
        if org.pk in exclude:
            continue
        if not eligibility_check(call=call, organization=org):
            out.append(org)
        if len(out) == n:
            break
    return out


@transaction.atomic
def load(*, stdout: TextIO, rng: random.Random) -> None:
    if Scheme.objects.exists():
        stdout.write("  recognition: already present, skipped\n")
        return
    admin = User.objects.get(username="admin")
    officer = User.objects.get(username="officer")
    province_officer = User.objects.get(username="province")
    changchun = Department.objects.get(region_id="220100", kind="science")
    province = Department.objects.get(region_id="220000", kind="science")
    municipal = scheme_create(
        code="ccetc",
        name="长春市企业技术中心认定",
        department=changchun,
        tier=Tier.MUNICIPAL,
        carrier_kind="enterprise_tech_center",
        recognition_title="长春市企业技术中心",
        indicator_system=TECH_CENTER_INDICATORS,
        eligibility=TECH_CENTER_ELIGIBILITY,
        publicity_days=7,
        description="依据《工业和信息化部关于进一步加强技术创新工作的通知》，做好国家、省（市）级企业技术中心认定和建设工作。",
        actor=admin,
    )
    provincial = scheme_create(
        code="jletc",
        name="吉林省企业技术中心认定",
        department=province,
        tier=Tier.PROVINCIAL,
        carrier_kind="enterprise_tech_center",
        recognition_title="吉林省企业技术中心",
        indicator_system=TECH_CENTER_INDICATORS,
        eligibility={
            **TECH_CENTER_ELIGIBILITY,
            "min": {"revenue_wan": 5000, "rd_intensity": 2},
            "requires_tier": "municipal",
        },
        actor=admin,
    )
    ip = scheme_create(
        code="ccipd",
        name="长春市知识产权示范企业认定",
        department=changchun,
        tier=Tier.MUNICIPAL,
        recognition_title="长春市知识产权示范企业",
        designation_kind="ip_demonstration",
        indicator_system=IP_INDICATORS,
        eligibility={
            "organization_kinds": ["enterprise"],
            "verified_only": True,
            "min": {"valid_invention_patents": 3},
        },
        actor=admin,
    )
    firms = list(
        Organization.objects.filter(
            kind="enterprise", verification_status="verified", region_path__startswith="220000/220100/"
        ).order_by("id")[:600]
    )
    anchor = Organization.objects.filter(uscc=ANCHOR_USCC).first()

    # ---- 2025: a finished call
    call25 = open_call(
        scheme=municipal,
        year=2025,
        title="2025年度长春市企业技术中心认定",
        days=(2, 1),
        quota=15,
        notice="各有关企业：根据市级企业技术中心认定管理办法，现开展2025年度认定工作。",
        actor=officer,
    )
    used: set[int] = set()
    picked = (
        [anchor] if anchor and not eligibility_check(call=call25, organization=anchor) else []
    ) + _eligible(call25, firms, 13, {anchor.pk} if anchor else set())
    used |= {o.pk for o in picked}
    apps25 = [_apply(call25, org) for org in picked]
    apps25 = [_move(a, [S.SUBMITTED, S.FORMAL_CHECK, S.EXPERT_REVIEW], officer) for a in apps25]
    panel = panel_for_owner(owner=call25)
    assert panel is not None  # formed when the first application entered expert review
    panel_assign(panel=panel, actor=officer, seed=2025)
    panel_open(panel=panel, actor=officer)
    for assignment in panel_assignments(panel=panel):
        base = Decimal(rng.randint(55, 90)) / 100
        if assignment.item.subject_id == str(apps25[-1].pk):
            base = Decimal("0.45")
        scores = {
            ind["code"]: str(
                (
                    Decimal(ind["max_score"]) * min(base + Decimal(rng.randint(-8, 8)) / 100, Decimal(1))
                ).quantize(Decimal("0.5"))
            )
            for ind in panel.indicators
        }
        score_submit(
            assignment=assignment,
            actor=assignment.expert.user,
            scores=scores,
            comment="技术中心运行规范，创新能力较强。",
        )
    panel_close(panel=panel, actor=officer)
    decided = [_move(a, [S.DECISION], officer) for a in apps25]
    decided.sort(key=lambda a: a.total_score or 0, reverse=True)
    publicity_day = dt.date(2025, 11, 3)
    for a in decided[:-1]:
        _move(a, [S.PUBLICITY], officer, today=publicity_day)
    _move(decided[-1], [S.REJECTED], officer)
    decided = [Application.objects.get(pk=a.pk) for a in decided]
    objected = decided[-2]
    o = objection_lodge(
        application=objected,
        name="张先生",
        contact="0431-8888xxxx",
        content="该企业申报的研发人员中有多人为生产一线人员，不符合研发人员统计口径。",
        today=publicity_day,
    )
    objection_resolve(
        objection=o, actor=officer, upheld=True, resolution="经核查，研发人员数据不实，异议成立。"
    )
    _move(objected, [S.REJECTED], officer)
    complaint = decided[0]
    o = objection_lodge(
        application=complaint,
        name="某公司",
        contact="service@example.cn",
        content="该企业发明专利存在权属纠纷，请核查。",
        today=publicity_day,
    )
    objection_resolve(
        objection=o, actor=officer, upheld=False, resolution="经核查，专利权属清晰，异议不成立。"
    )
    for a in decided[:-2]:
        _move(a, [S.RECOGNISED], officer, today=dt.date(2025, 11, 12))
    close_as_of(
        call25,
        actor=officer,
        opened=dt.datetime(2025, 7, 1, tzinfo=dt.UTC),
        closed=dt.datetime(2025, 8, 31, 15, 59, tzinfo=dt.UTC),
    )

    # ---- 2026: open municipal call with applications in the early stages
    call26 = open_call(
        scheme=municipal,
        year=2026,
        title="2026年度长春市企业技术中心认定",
        days=(20, 25),
        quota=30,
        notice="各有关企业：现开展2026年度市级企业技术中心认定工作，请于截止日期前在线提交申报材料。",
        actor=officer,
    )
    orgs26 = _eligible(call26, firms, 40, used | ({anchor.pk} if anchor else set()))
    stages: list[tuple[int, list[str]]] = [
        (5, []),
        (8, [S.SUBMITTED]),
        (7, [S.SUBMITTED, S.FORMAL_CHECK]),
        (4, [S.SUBMITTED, S.FORMAL_CHECK, S.RETURNED]),
        (16, [S.SUBMITTED, S.FORMAL_CHECK, S.EXPERT_REVIEW]),
    ]
    plans = [path for count, path in stages for _ in range(count)]
    for org, plan in zip(orgs26, plans, strict=False):
        _move(_apply(call26, org), plan, officer)
    panel26 = panel_for_owner(owner=call26)
    if panel26 is not None:
        panel_assign(panel=panel26, actor=officer, seed=2026)
        # scoring has started: the demo's experts find their score sheets on the workbench
        try:
            panel_open(panel=panel26, actor=officer)
        except ApplicationError as exc:  # too few conflict-free experts: the panel stays forming
            stdout.write(f"  recognition: 2026 panel not opened ({exc.message})\n")

    # ---- 2026: provincial and IP calls, open
    for scheme, actor, quota in ((provincial, province_officer, 50), (ip, officer, 20)):
        open_call(
            scheme=scheme,
            year=2026,
            title=f"2026年度{scheme.name}",
            days=(10, 40),
            quota=quota,
            notice=f"现开展2026年度{scheme.name}工作。",
            actor=actor,
        )
    load_awards(stdout=stdout, admin=admin, officer=officer, ip_scheme=ip)
    stdout.write(
        f"  recognition: {Scheme.objects.count()} schemes, {Call.objects.count()} calls, "
        f"{Application.objects.count()} applications\n"
    )
