"""Demo brand and award schemes (名牌产品, 著名商标, 知识产权优势企业, 质量奖, 科学技术奖) and a 2025
知识产权示范企业 call in which 吉林大学 nominated an enterprise that was recognised — so the designation
shows on its page, in the plans' counts and in policy answers. The open 2026 award calls hold applications
in every early state (草稿, 已提交, 形式审查, 退回修改, 专家评审 with the panel scoring), so the officers' and
experts' workbenches have live items; the 科学技术奖 call's reviewed entries wait for 审定 or are on 公示; 科学技术奖 entries are nominated by 吉林大学, 著名商标 applications name
the trademark they put forward. Everything goes through the services."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from django.core.files.base import ContentFile

from kechuang.accounts.models import User
from kechuang.accounts.services import user_create
from kechuang.carriers.choices import Tier
from kechuang.core.errors import ApplicationError
from kechuang.quality.services.ip import trademark_create
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.demo_parts import (
    admin_of,
    applicant_admin,
    close_as_of,
    expert,
    open_call,
    threshold,
)
from kechuang.recognition.models import Call, Scheme
from kechuang.recognition.services import (
    application_create,
    application_nominate,
    application_transition,
    application_update,
    attachment_add,
    eligibility_check,
    scheme_create,
)
from kechuang.registry.models import Department, Organization
from kechuang.registry.services_members import officer_appoint
from kechuang.review.choices import PanelStatus
from kechuang.review.selectors import panel_assignments, panel_for_owner
from kechuang.review.services import panel_assign, panel_close, panel_open, score_submit

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


# The applications of each 2026 award call: how many stop in each state (the path from a new draft).
_STATES: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = {
    # the first 科学技术奖 entries have been through review: two wait for 审定, three are on 公示
    "ccsta": (
        (1, ()),
        (2, (S.SUBMITTED,)),
        (2, (S.SUBMITTED, S.FORMAL_CHECK)),
        (1, (S.SUBMITTED, S.FORMAL_CHECK, S.RETURNED)),
        (2, (S.SUBMITTED, S.FORMAL_CHECK, S.EXPERT_REVIEW, S.DECISION)),
        (3, (S.SUBMITTED, S.FORMAL_CHECK, S.EXPERT_REVIEW, S.DECISION, S.PUBLICITY)),
    ),
    "ccmp": (
        (1, ()),
        (1, (S.SUBMITTED,)),
        (1, (S.SUBMITTED, S.FORMAL_CHECK)),
        (3, (S.SUBMITTED, S.FORMAL_CHECK, S.EXPERT_REVIEW)),
    ),
    "cczm": (
        (1, ()),
        (2, (S.SUBMITTED,)),
        (1, (S.SUBMITTED, S.FORMAL_CHECK)),
        (1, (S.SUBMITTED, S.FORMAL_CHECK, S.RETURNED)),
    ),
    "ccipa": ((1, ()), (1, (S.SUBMITTED,)), (3, (S.SUBMITTED, S.FORMAL_CHECK, S.EXPERT_REVIEW))),
    "ccqa": ((1, ()), (2, (S.SUBMITTED,)), (1, (S.SUBMITTED, S.FORMAL_CHECK))),
}
_NOTES: dict[str, str] = {S.RETURNED: "证明材料不完整，请补充近三年的相关证明后重新提交。"}


# The demo officers of the departments that run the brand and IP schemes (the science bureau's is
# ``officer``): username, password, display name, department kind.
DEPARTMENT_OFFICERS: tuple[tuple[str, str, str, str], ...] = (
    ("quality", "Kechuang-Quality-2026", "长春市质监局 韩雪", "quality"),
    ("market", "Kechuang-Market-2026", "长春市市场监管局 高峰", "market_regulation"),
    ("ipoffice", "Kechuang-IP-2026", "长春市知识产权局 林涛", "intellectual_property"),
)


def _department_officers(*, admin: User, stdout: TextIO) -> dict[str, User]:
    """One officer appointed in each of 长春市's 质监, 市场监管 and 知识产权 departments (scope: 长春市), through
    the services; printed with the demo accounts. Returns ``{department kind: user}``."""
    officers: dict[str, User] = {}
    for username, password, name, kind in DEPARTMENT_OFFICERS:
        department = Department.objects.filter(region_id="220100", kind=kind).first()
        if department is None:
            continue
        user = user_create(
            actor=admin,
            username=username,
            password=password,
            display_name=name,
            email=f"{username}@example.cn",
        )
        officer_appoint(actor=admin, user=user, department=department)
        officers[kind] = user
        stdout.write(f"  {username:<10} {password:<26} {department.name} 工作人员（长春市）\n")
    return officers


def _fill_call(call: Call, *, decider: User) -> None:
    """Applications in several states, moved by an officer of the scheme's department. A panel is opened
    when some entered expert review; where later stages are planned, the experts score and it is closed."""
    scheme = call.scheme
    plan = [path for count, path in _STATES.get(scheme.code, ()) for _ in range(count)]
    university = Organization.objects.filter(name="吉林大学").first()
    nominator_admin = admin_of(university) if university is not None else None
    firms = Organization.objects.filter(
        kind="enterprise", verification_status="verified", region_path__startswith="220000/220100/"
    ).order_by("id")
    offset = 40 + 15 * [c for c, *_rest in AWARD_SCHEMES].index(scheme.code)  # different firms per call
    chosen = [o for o in firms[offset : offset + 60] if not eligibility_check(call=call, organization=o)]
    later: list[tuple[Any, tuple[str, ...]]] = []
    for org, path in zip(chosen, plan, strict=False):
        owner = applicant_admin(org)
        title = f"{org.name}{scheme.recognition_title}"
        if scheme.code == "ccsta" and university is not None and nominator_admin is not None:
            actor = nominator_admin
            application = application_nominate(
                call=call,
                nominator=university,
                organization=org,
                title=f"{org.name}产学研合作项目（{scheme.recognition_title}）",
                summary="项目成果已在企业实现产业化，形成发明专利多件，经济和社会效益显著。",
                actor=actor,
            )
        else:
            actor = owner
            application = application_create(
                call=call,
                organization=org,
                title=title,
                summary="企业建立了完善的质量管理体系，主导产品市场占有率居全省前列。",
                actor=actor,
            )
        if scheme.designation_kind == "famous_trademark":
            mark = trademark_create(
                organization=org,
                actor=owner,
                registration_no=str(40_000_000 + org.pk),
                name=org.name[2:6],
                nice_class=9,
                valid_until=dt.date(2033, 6, 30),
            )
            application = application_update(
                application=application,
                actor=actor,
                title=f"“{mark.name}”商标申报著名商标",
                summary=application.summary,
                trademark=mark.pk,
            )
        attachment_add(
            application=application,
            actor=actor,
            title="申报书及证明材料",
            file=ContentFile(b"%PDF-1.4\n% demo\n", name="materials.pdf"),
        )
        # up to expert review now; what follows it (审定, 公示) once the panel has scored
        cut = path.index(S.EXPERT_REVIEW) + 1 if S.EXPERT_REVIEW in path else len(path)
        application = _walk(application, path[:cut], applicant=actor, decider=decider)
        later.append((application, path[cut:]))
    panel = panel_for_owner(owner=call)
    if panel is None:
        return
    panel_assign(panel=panel, actor=decider, seed=call.pk)
    # scoring has started: the experts find their score sheets on the workbench (with too few
    # conflict-free experts the panel stays forming)
    with contextlib.suppress(ApplicationError):
        panel = panel_open(panel=panel, actor=decider)
    if not any(rest for _application, rest in later) or panel.status != PanelStatus.SCORING:
        return
    _score_all(panel)
    panel_close(panel=panel, actor=decider)
    for application, rest in later:
        _walk(application, rest, applicant=decider, decider=decider)


def _walk(application: Any, path: tuple[str, ...], *, applicant: User, decider: User) -> Any:
    for to in path:
        application = application_transition(
            application=application,
            to=to,
            actor=applicant if to == S.SUBMITTED else decider,
            note=_NOTES.get(to, "材料齐全，符合要求。"),
        )
    return application


def _score_all(panel: Any) -> None:
    """Every assigned expert scores (deterministic marks between 70 % and 94 % of each maximum)."""
    for assignment in panel_assignments(panel=panel):
        share = Decimal(70 + (assignment.pk * 7) % 25) / 100
        scores = {
            ind["code"]: str((Decimal(ind["max_score"]) * share).quantize(Decimal("0.5")))
            for ind in panel.indicators
        }
        score_submit(
            assignment=assignment,
            actor=assignment.expert.user,
            scores=scores,
            comment="成果创新性突出，应用成效明显，建议授奖。",
        )


def load_awards(*, stdout: TextIO, admin: User, officer: User, ip_scheme: Scheme) -> None:
    deciders = {"science": officer, **_department_officers(admin=admin, stdout=stdout)}
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
        call = open_call(
            scheme=scheme,
            year=2026,
            title=f"2026年度{name}",
            days=(5, 45),
            quota=30,
            notice=f"请各推荐单位于截止日期前在线提名本地区符合条件的单位参加{name}。",
            actor=admin,
        )
        _fill_call(call, decider=deciders.get(kind, admin))

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
