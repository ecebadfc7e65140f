"""Demo programs: 吉林省重点研发计划 (吉林省科学技术厅, the demo ``province`` officer) with a published
2026 call of two topics and a few applications from demo enterprises, drafted, submitted and recommended;
and two 2025 calls of 吉林省科技成果转化专项 further on: one in expert review (its panel scoring, a
recommending unit set), one on 立项公示 (reviewed, ranked, funded within its budget)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from kechuang.accounts.models import User
from kechuang.accounts.services import user_create
from kechuang.core.errors import ApplicationError
from kechuang.programs import demo_execution
from kechuang.programs.models import Application, Call, ProgramType
from kechuang.programs.services import (
    application_create,
    application_submit,
    application_transition,
    call_create,
    call_publish,
    call_review_scheme_set,
    funding_decide,
    program_type_create,
    publicity_start,
    recommender_add,
    review_results_collect,
    topic_add,
)
from kechuang.registry.choices import MembershipRole, VerificationStatus
from kechuang.registry.models import Department, Membership, Organization
from kechuang.registry.selectors import membership_list
from kechuang.registry.services_members import invitation_accept, invitation_create, officer_appoint
from kechuang.review.selectors import panel_assignments, panel_for_owner
from kechuang.review.services import panel_assign, panel_close, panel_open, score_submit

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
    bureaus = _county_bureaus(call=call, officer=officer, organizations=[m.organization for m in chosen])
    submitted: list[Application] = []
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
        submitted.append(application_submit(application=application, actor=membership.user))
    # staff of the county bureaus: the demo's ``county`` user serves one with an application left waiting
    waiting = [a.recommender.organization_id for a in submitted[1:] if a.recommender is not None]
    bureaus.sort(key=lambda b: b.organization_id not in waiting)
    units = _county_staff(bureaus=bureaus, admin=admin)
    if submitted:  # the first submitted one is recommended by its county bureau (the others wait)
        first = submitted[0]
        unit_user = units.get(first.recommender.organization_id) if first.recommender else None
        application_transition(application=first, to="recommended", actor=unit_user or officer)
    stdout.write(
        f"  programs: 1 program type, 1 call, {len(topics)} topics, {len(chosen)} applications, "
        f"{len(units)} county bureaus recommending\n"
    )
    if units:
        stdout.write(f"  county     {COUNTY_PASSWORD:<26} 县区科技局推荐人（{_county_name()}）\n")
    _deciding(stdout=stdout, rng=rng, admin=admin, officer=officer, province=province)
    demo_execution.load(stdout=stdout, rng=rng)


def _apply(call: Call, membership: Membership, title: str, n: int, asked: int) -> Application:
    topic = call.topics.order_by("id")[n % call.topics.count()]
    application = application_create(
        topic=topic, organization=membership.organization, actor=membership.user, title=title,
        leader_name=f"{'王李张刘陈杨赵周'[n % 8]}{['建国', '志强', '海燕', '晓东'][n % 4]}",
        leader_identifier=f"2201{call.pk:02d}19800101{n:04d}",
        summary=f"{membership.organization.name}牵头，围绕“{topic.title}”开展{title}。",
        requested_funds=asked, self_funds=asked,
        budget=[{"category": "equipment", "special_funds": asked - 10, "self_funds": asked - 10},
                {"category": "labour", "special_funds": 10, "self_funds": 10}],
        indicators=[{"text": "申请发明专利", "quantity": 2, "unit": "项"},
                    {"text": "新增销售收入", "quantity": 1000, "unit": "万元"}],
    )  # fmt: skip
    return application_submit(application=application, actor=membership.user)


TRANSFER_TITLES = ["稀土镁合金压铸件成果转化", "汽车轻量化铝合金车身部件产业化", "人参皂苷提取新工艺转化",
                   "光电子封装材料中试及产业化", "玉米秸秆生物炭基肥成果转化", "高速列车减振部件产业化"]  # fmt: skip


def _deciding(
    *, stdout: TextIO, rng: random.Random, admin: User, officer: User, province: Department
) -> None:
    """Two 2025 calls of 吉林省科技成果转化专项: one in review, one on publicity."""
    program_type = program_type_create(
        department=province, actor=admin, code="jl-transfer", name="吉林省科技成果转化专项",
        description="支持高校院所科技成果在省内企业转化和产业化。",
    )  # fmt: skip
    now = timezone.now()
    pool = list(
        Membership.objects.filter(
            role=MembershipRole.ADMIN,
            organization__kind__in=["enterprise", "university", "institute"],
            organization__verification_status=VerificationStatus.VERIFIED,
            organization__region_path__startswith=province.region.path,
        )
        .select_related("user", "organization")
        .order_by("organization_id")[:60]
    )
    rng.shuffle(pool)
    if not pool:
        return
    made: list[str] = []
    for batch, label in ((0, "第一批"), (1, "第二批")):
        call = call_create(
            program_type=program_type, actor=officer, year=2025,
            title=f"2025年度吉林省科技成果转化专项申报指南（{label}）",
            opens_at=now - dt.timedelta(days=40), closes_at=now + dt.timedelta(days=1), total_budget="300",
            leader_limit=1,
        )  # fmt: skip
        topic_add(call=call, actor=officer, title="高校院所成果省内转化", funding_cap="80", project_count=2,
                  duration_months=24, co_funding_ratio="1", description="支持高校院所成果在省内企业实现转化。")  # fmt: skip
        topic_add(call=call, actor=officer, title="先进制造成果产业化", funding_cap="60", project_count=2,
                  duration_months=24, co_funding_ratio="1", description="支持先进制造领域成果中试和产业化。")  # fmt: skip
        call = call_review_scheme_set(
            call=call, actor=officer, indicators_text="技术成熟度与先进性|35\n转化方案可行性|30\n"
            "承担单位条件|15\n经济社会效益|20", experts_per_item=3, publicity_days=7,
        )  # fmt: skip
        call_publish(call=call, actor=officer)
        chosen = [pool[(batch * 3 + n) % len(pool)] for n in range(3)]
        if batch == 0:  # a recommending unit: the staffed county bureau of one of the applicants
            for m in chosen:
                county = m.organization.region
                if county is None or county.level != "county":
                    continue
                bureau = Department.objects.filter(
                    region=county, kind="science", organization__memberships__isnull=False
                ).first()
                if bureau is not None and bureau.organization is not None:
                    recommender_add(
                        call=call, actor=officer, uscc=bureau.organization.uscc, region_code=county.code
                    )
                    break
        apps = [_apply(call, m, TRANSFER_TITLES[batch * 3 + n], n, 40 + 10 * n) for n, m in enumerate(chosen)]
        for app in apps:
            unit_user = officer
            if app.recommender is not None:
                unit_user = membership_list(organization=app.recommender.organization).first().user  # type: ignore[union-attr]
            application_transition(application=app, to="recommended", actor=unit_user)
            for to in ("formal_check", "in_review"):
                application_transition(application=Application.objects.get(pk=app.pk), to=to, actor=officer)
        panel = panel_for_owner(owner=call)
        if panel is None:
            continue
        try:
            panel_assign(panel=panel, actor=officer, seed=2025 + batch)
            panel_open(panel=panel, actor=officer)
        except ApplicationError as exc:  # too few conflict-free experts: the panel stays forming
            stdout.write(f"  programs: {call.title} panel not opened ({exc.message})\n")
            continue
        sheets = list(panel_assignments(panel=panel))
        for k, assignment in enumerate(sheets):
            if batch == 0 and k % 2:
                continue  # the call in review: half the sheets are still to come
            base = Decimal(rng.randint(60, 92)) / 100
            scores = {i["code"]: str((Decimal(i["max_score"]) * base).quantize(Decimal("0.5")))
                      for i in panel.indicators}  # fmt: skip
            score_submit(assignment=assignment, actor=assignment.expert.user, scores=scores,
                         comment="成果成熟度较高，转化路径清晰。")  # fmt: skip
        if batch == 0:
            made.append(f"{call.title}: in review")
            continue
        panel_close(panel=panel, actor=officer)
        review_results_collect(call=call, actor=officer)
        ranked = list(Application.objects.filter(topic__call=call).order_by("-review_score", "id"))
        amounts = {a.pk: min(a.requested_funds, a.topic.funding_cap) for a in ranked[:2]}
        funding_decide(call=call, actor=officer, amounts=amounts)
        for a in ranked[2:]:
            application_transition(
                application=a, to="rejected", actor=officer, note="专家评审得分较低，未列入支持范围。"
            )
        publicity_start(call=call, actor=officer)
        made.append(f"{call.title}: on publicity")
    stdout.write(f"  programs: {'; '.join(made)}\n")


COUNTY_USER = "county"
COUNTY_PASSWORD = "Kechuang-County-2026"


def _county_name() -> str:
    membership = Membership.objects.filter(user__username=COUNTY_USER).select_related("organization").first()
    return membership.organization.name if membership else ""


def _county_bureaus(*, call: Call, officer: User, organizations: list[Organization]) -> list[Department]:
    """The county science bureaus (县区科技局) of the applicants' counties become the call's recommending
    units, each covering its county (the applications of a county go to its bureau on submission)."""
    bureaus: dict[int, Department] = {}
    for organization in organizations:
        county = organization.region
        if county is None or county.level != "county":
            continue
        bureau = Department.objects.filter(region=county, kind="science", organization__isnull=False).first()
        if (
            bureau is not None
            and bureau.organization_id is not None
            and bureau.organization_id not in bureaus
        ):
            bureaus[bureau.organization_id] = bureau
            recommender_add(call=call, actor=officer, uscc=bureau.organization.uscc, region_code=county.code)
    return list(bureaus.values())


def _county_staff(*, bureaus: list[Department], admin: User) -> dict[int, User]:
    """One staff member per bureau (an officer of the bureau and an admin of its organization, through the
    services); the first is the demo's ``county`` user.  Returns ``{unit organization id: user}``."""
    users: dict[int, User] = {}
    for n, bureau in enumerate(bureaus):
        unit = bureau.organization
        assert unit is not None
        username = COUNTY_USER if n == 0 else f"county{n}"
        user = user_create(
            actor=admin, username=username, password=COUNTY_PASSWORD if n == 0 else None,
            display_name=f"{bureau.name} 周洋" if n == 0 else f"{bureau.name} 工作人员",
            email=f"{username}@example.cn",
        )  # fmt: skip
        officer_appoint(actor=admin, user=user, department=bureau)
        invitation = invitation_create(
            actor=admin, organization=unit, email=user.email, role=MembershipRole.ADMIN
        )
        invitation_accept(token=invitation.token, user=user)
        users[unit.pk] = user
    return users
