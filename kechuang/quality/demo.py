"""Demo registers, credit events and complaints over the registry's organizations.

Patents follow the registry's figures: each chosen enterprise gets exactly as many valid invention patents
as its latest yearly figure (有效发明专利) says, so the register and the figures agree; a few utility-model
applications are added (they do not count). A few credit events give the grades A–D; three complaints sit
at different steps of their workflow.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kechuang.accounts.models import User
from kechuang.quality.choices import (
    ComplaintStatus,
    CreditEventKind,
    LicenceScope,
    PatentDealKind,
    PatentStatus,
    StandardLevel,
    StandardRole,
)
from kechuang.quality.cnipa import check_digit
from kechuang.quality.models import Patent
from kechuang.quality.selectors import complaint_departments
from kechuang.quality.services.complaints import complaint_lodge, complaint_transition
from kechuang.quality.services.credit import credit_event_create
from kechuang.quality.services.events import event_create
from kechuang.quality.services.ip import patent_create, standard_create, trademark_create
from kechuang.quality.services.registers import patent_deal_record, product_create, standard_level_for
from kechuang.registry.demo import ANCHOR_USCC
from kechuang.registry.models import Membership, Organization, YearlyStatistics

INVENTORS = ["王建华", "李晓东", "张丽", "刘洋", "陈志强", "赵敏", "孙浩", "周婷", "吴磊", "郑伟"]
CATEGORIES = ["trademark", "metrology", "product_quality"]
TOPICS = [
    "光电探测器",
    "激光测距装置",
    "车载控制单元",
    "生物传感芯片",
    "碳纤维复合构件",
    "智能检测系统",
    "精密光栅",
]


def _number(year: int, kind_digit: str, serial: int) -> str:
    body = f"{year}{kind_digit}{serial:07d}"
    return f"{body}.{check_digit(body)}"


def _enterprises() -> list[tuple[Organization, int, int]]:
    """``(organization, figure, year)``: the anchor and 40 enterprises whose latest figure is 1–12."""
    latest = YearlyStatistics.objects.filter(organization=OuterRef("pk")).order_by("-year")
    qs = Organization.objects.filter(kind="enterprise", verification_status="verified").annotate(
        figure=Subquery(latest.values("valid_invention_patents")[:1]),
        figure_year=Subquery(latest.values("year")[:1]),
    )
    anchor = qs.filter(uscc=ANCHOR_USCC)
    others = qs.filter(figure__gte=1, figure__lte=12).exclude(uscc=ANCHOR_USCC).order_by("id")[:40]
    return [(o, o.figure or 0, o.figure_year or 2025) for o in [*anchor, *others]]


@transaction.atomic
def load(*, stdout: TextIO, rng: random.Random) -> None:
    if Patent.objects.exists():
        stdout.write("  quality: already present, skipped\n")
        return
    admin = User.objects.filter(is_platform_admin=True).order_by("id").first()
    serial = 100000
    chosen = _enterprises()
    for org, figure, year in chosen:
        for i in range(figure):
            serial += 1
            applied = dt.date(rng.randint(year - 8, year - 2), rng.randint(1, 12), rng.randint(1, 28))
            granted = min(applied + dt.timedelta(days=rng.randint(500, 900)), dt.date(year, 12, 31))
            patent_create(
                organization=org,
                actor=admin,
                application_no=_number(applied.year, "1", serial),
                kind="invention",
                title=f"一种{rng.choice(TOPICS)}及其制备方法（{i + 1}）",
                applied_on=applied,
                granted_on=granted,
                grant_no=f"CN{serial + 110000000}B",
                status=PatentStatus.VALID,
                inventors="、".join(rng.sample(INVENTORS, 3)),
            )
        serial += 1
        patent_create(
            organization=org,
            actor=admin,
            application_no=_number(year, "2", serial),
            kind="utility",
            title=f"一种{rng.choice(TOPICS)}的固定结构",
            applied_on=dt.date(year, 6, 1),
            status=PatentStatus.PENDING,
        )
    for i, (org, _figure, year) in enumerate(chosen[:6]):
        trademark_create(
            organization=org,
            actor=admin,
            registration_no=str(30000000 + i),
            name=org.name[2:6],
            nice_class=9,
            fame="famous" if i < 2 else "none",
            fame_since=dt.date(year, 3, 1) if i < 2 else None,
            fame_valid_until=dt.date(year + 3, 12, 31) if i < 2 else None,
            valid_until=dt.date(year + 8, 12, 31),
        )
        standard_create(
            organization=org,
            actor=admin,
            number=f"T/JLQX {100 + i}-{year}",
            title=f"{rng.choice(TOPICS)}技术规范",
            level=StandardLevel.GROUP if i % 2 else StandardLevel.ENTERPRISE,
            role=StandardRole.LEAD if i < 3 else StandardRole.PARTICIPANT,
            issued_on=dt.date(year, 9, 1),
        )
    _credit(chosen, admin)
    _complaints(chosen, admin)
    _deals(chosen, admin)
    _products(chosen, admin, rng)
    _events(chosen, admin, rng)
    stdout.write(
        f"  quality: patents for {len(chosen)} enterprises, products, events, credit events and complaints\n"
    )


def _credit(chosen: list[tuple[Organization, int, int]], admin: User | None) -> None:
    recent = dt.date(2025, 11, 1)
    plan = [
        [
            (CreditEventKind.INSPECTION_PASSED, "吉林省市场监督管理局产品质量监督抽查"),
            (CreditEventKind.HONOUR, "吉林省质量奖"),
        ],
        [(CreditEventKind.INSPECTION_FAILED, "长春市市场监督管理局抽检")],
        [
            (CreditEventKind.RECALL, "国家市场监督管理总局缺陷产品召回"),
            (CreditEventKind.INSPECTION_FAILED, "抽检"),
        ],
        [(CreditEventKind.PENALTY, "长春市市场监督管理局行政处罚决定书")],
        [(CreditEventKind.MAJOR_PENALTY, "吉林省市场监督管理局重大行政处罚决定书")],
    ]
    for (org, _f, _y), events in zip(chosen, plan, strict=False):
        for kind, source in events:
            credit_event_create(organization=org, actor=admin, kind=kind, occurred_on=recent, source=source)


def _complaints(chosen: list[tuple[Organization, int, int]], admin: User | None) -> None:
    """Three complaints by the anchor's admin about another enterprise: lodged, assigned, answered."""
    if len(chosen) < 3:
        return
    lodger = (
        Membership.objects.filter(organization=chosen[0][0]).select_related("user").order_by("id").first()
    )
    if lodger is None:
        return
    about = chosen[2][0]
    subjects = ["发现假冒本公司注册商标的产品", "采购的检测设备计量不准", "合作方产品存在质量缺陷"]
    for step, subject in enumerate(subjects):
        complaint = complaint_lodge(
            actor=lodger.user,
            subject=subject,
            category=CATEGORIES[step],
            body=f"{subject}，请予以核查处理。",
            region=about.region,
            about=about,
            lodging_organization=chosen[0][0],
        )
        departments = complaint_departments(complaint=complaint)
        department = departments.filter(kind="market_regulation").last() or departments.last()
        if step >= 1 and department is not None:
            complaint_transition(
                complaint=complaint, to=ComplaintStatus.ASSIGNED, actor=admin, department=department
            )
        if step >= 2 and department is not None:
            complaint_transition(
                complaint=complaint, to=ComplaintStatus.ANSWERED, actor=admin, answer="已立案调查并责令整改。"
            )


def _deals(chosen: list[tuple[Organization, int, int]], admin: User | None) -> None:
    """A licence of a valid invention patent and the transfer of a pending application (专利申请权转让,
    which moves it; the valid inventions stay where the yearly figures say they are)."""
    if len(chosen) < 4:
        return
    patents = list(Patent.objects.filter(organization=chosen[1][0], status=PatentStatus.VALID)[:1])
    patents += list(Patent.objects.filter(organization=chosen[1][0], status=PatentStatus.PENDING)[:1])
    if patents:
        patent_deal_record(
            patent=patents[0],
            actor=admin,
            kind=PatentDealKind.LICENCE,
            counterparty=chosen[3][0].name,
            counterparty_organization=chosen[3][0],
            licence_scope=LicenceScope.ORDINARY,
            signed_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2028, 6, 30),
            amount=Decimal("300000"),
        )
    if len(patents) > 1:
        patent_deal_record(
            patent=patents[1],
            actor=admin,
            kind=PatentDealKind.TRANSFER,
            counterparty=chosen[3][0].name,
            counterparty_organization=chosen[3][0],
            signed_on=dt.date(2025, 9, 15),
            contract_no="2025-JL-ZR-0915",
            amount=Decimal("800000"),
        )


PRODUCTS = ["光电探测器", "激光测距仪", "车载控制器", "生物传感器", "碳纤维构件", "智能检测仪", "精密光栅尺"]
STANDARDS = ["GB/T 13823.1-2021", "GB/T 2423.1-2008", "JB/T 9329-2015", "T/CAS 115-2022", "Q/22QM 001-2024"]


def _products(chosen: list[tuple[Organization, int, int]], admin: User | None, rng: random.Random) -> None:
    """Two products per enterprise; about nine in ten made to at least one standard."""
    for org, _figure, _year in chosen:
        for name in rng.sample(PRODUCTS, 2):
            standards = [] if rng.random() < 0.1 else rng.sample(STANDARDS, rng.randint(1, 2))
            product_create(
                organization=org,
                actor=admin,
                name=name,
                model_spec=f"{name[:2]}-{rng.randint(100, 999)}",
                standards=[(n, standard_level_for(n)) for n in standards],
            )


EVENTS = [
    ("ip_week", "4.26知识产权宣传周启动仪式暨专利政策宣讲会", "科技大市场报告厅"),
    ("ip_week", "知识产权进园区专题培训", "高新区创业服务中心"),
    ("ip_week", "商标品牌保护咨询日", "市民广场"),
    ("science_month", "科技活动月科普展览", "科技馆"),
    ("science_month", "科技活动月院士专家进企业", "汽车产业开发区"),
    ("quality_month", "质量月质量提升推进会", "市政务服务中心"),
]


def _events(chosen: list[tuple[Organization, int, int]], admin: User | None, rng: random.Random) -> None:
    """Events of 2025 and 2026 organised by demo organizations in their regions."""
    for year in (2025, 2026):
        for i, (kind, title, place) in enumerate(EVENTS):
            org = chosen[i % len(chosen)][0]
            day = {"ip_week": dt.date(year, 4, 26), "science_month": dt.date(year, 5, 18)}.get(
                kind, dt.date(year, 9, 10)
            )
            if day > timezone.localdate():
                continue
            event_create(
                organiser=org,
                actor=admin,
                kind=kind,
                title=f"{year}年{title}",
                held_on=day,
                place=place,
                participants=rng.randint(80, 600),
                outcome=f"发放宣传资料{rng.randint(5, 30) * 100}份，现场咨询{rng.randint(30, 200)}人次。",
            )
