"""Demo shared resources: real kinds of large instruments at the demo region's universities and institutes
(吉林大学, 长春光机所, 长春应化所…), a 2026 innovation-voucher scheme of 长春市科学技术局, a voucher of
the demo enterprise redeemed against a used booking and claimed by the provider; then service agencies,
a voucher application and a commissioner (demo_services.py)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from kechuang.accounts.models import User
from kechuang.registry.models import Department, Organization
from kechuang.resources.choices import BookingStatus
from kechuang.resources.demo_services import load_services
from kechuang.resources.models import Instrument
from kechuang.resources.services.bookings import (
    booking_record_use,
    booking_request,
    booking_transition,
    instrument_create,
)
from kechuang.resources.services.vouchers import (
    scheme_create,
    settlement_claim,
    voucher_issue,
    voucher_redeem,
)

# (owner name contains, instrument, category, model, value 元, fee internal/external 元/小时, what it measures)
INSTRUMENTS = [
    (
        "吉林大学",
        "场发射扫描电子显微镜",
        "microscopy",
        "JSM-7900F",
        3_800_000,
        300,
        600,
        "材料表面形貌观察、能谱成分分析",
    ),
    (
        "吉林大学",
        "X射线衍射仪",
        "diffraction",
        "D8 ADVANCE",
        2_100_000,
        150,
        300,
        "物相定性定量分析、晶粒尺寸、残余应力",
    ),
    (
        "吉林大学",
        "核磁共振波谱仪",
        "spectroscopy",
        "AVANCE NEO 500",
        4_600_000,
        200,
        450,
        "有机化合物结构鉴定（1H、13C、二维谱）",
    ),
    (
        "吉林大学",
        "透射电子显微镜",
        "microscopy",
        "JEM-2100F",
        9_800_000,
        500,
        1200,
        "纳米材料微观结构、高分辨像、电子衍射",
    ),
    (
        "长春光学精密机械与物理研究所",
        "大口径光学元件面形干涉仪",
        "measurement",
        "ZYGO DynaFiz",
        5_200_000,
        400,
        900,
        "光学元件面形、波前像差检测",
    ),
    (
        "长春光学精密机械与物理研究所",
        "光谱辐射计量标准装置",
        "measurement",
        "自研",
        3_300_000,
        300,
        700,
        "光谱辐亮度、辐照度定标",
    ),
    (
        "长春应用化学研究所",
        "电感耦合等离子体质谱仪",
        "analytical",
        "Agilent 7900",
        1_900_000,
        180,
        400,
        "痕量元素与稀土元素含量分析",
    ),
    (
        "长春应用化学研究所",
        "凝胶渗透色谱仪",
        "analytical",
        "Waters 1515",
        650_000,
        80,
        200,
        "高分子分子量及分布测定",
    ),
    (
        "长春理工大学",
        "激光粒度分析仪",
        "measurement",
        "Mastersizer 3000",
        700_000,
        60,
        150,
        "粉体与乳液粒径分布",
    ),
    (
        "长春工业大学",
        "万能材料试验机",
        "measurement",
        "Instron 5982",
        1_200_000,
        100,
        250,
        "拉伸、压缩、弯曲力学性能测试",
    ),
]


def _org(name: str) -> Organization | None:
    return Organization.objects.filter(name__contains=name).order_by("id").first()


@transaction.atomic
def load(*, stdout: TextIO, rng: random.Random) -> None:
    if Instrument.objects.exists():
        stdout.write("  resources: instruments already present, skipped\n")
        return
    admin = User.objects.filter(is_platform_admin=True).order_by("id").first()
    made: list[Instrument] = []
    for owner_name, name, category, model, value, internal, external, measures in INSTRUMENTS:
        owner = _org(owner_name)
        if owner is None:
            continue
        made.append(
            instrument_create(
                actor=admin,
                owner=owner,
                name=name,
                category=category,
                model_number=model,
                location=f"{owner.name}大型仪器共享平台",
                original_value=Decimal(value),
                fee_internal=Decimal(internal),
                fee_external=Decimal(external),
                measures=measures,
                opening_hours="工作日 8:30—17:00，节假日预约",
                rules="首次使用须经操作培训；样品须提前说明成分与危险性。",
            )
        )
    stdout.write(f"  resources: {len(made)} instruments\n")
    officer = User.objects.filter(username="officer").first()
    enterprise_user = User.objects.filter(username="enterprise").first()
    university_user = User.objects.filter(username="university").first()
    science = Department.objects.filter(name="长春市科学技术局").first()
    if not (officer and enterprise_user and university_user and science and made):
        return
    today = timezone.localdate()
    scheme = scheme_create(
        actor=officer,
        department=science,
        name="2026年度长春市科技创新券",
        year=2026,
        budget=Decimal("5000000"),
        share_percent=Decimal("50"),
        cap_per_enterprise=Decimal("200000"),
        valid_from=dt.date(2026, 1, 1),
        valid_until=max(dt.date(2026, 12, 31), today + dt.timedelta(days=30)),
        eligibility_rule='kind == "enterprise"',
    )
    enterprise = enterprise_user.memberships.get().organization
    voucher = voucher_issue(actor=officer, scheme=scheme, enterprise=enterprise, amount=Decimal("100000"))
    sem = next((i for i in made if i.owner in university_user_orgs(university_user)), None)
    if sem is None:
        return
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1, hours=1)
    booking = booking_request(
        actor=enterprise_user,
        instrument=sem,
        organization=enterprise,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        sample_description="激光器封装焊点断面样品4件，观察形貌并做能谱分析",
    )
    booking_transition(booking=booking, to=BookingStatus.APPROVED, actor=university_user)
    booking_record_use(
        booking=booking,
        actor=university_user,
        hours=Decimal("3"),
        samples=4,
        fee=Decimal("1800"),
        result_delivered=True,
    )
    redemption = voucher_redeem(actor=enterprise_user, voucher=voucher, booking=booking)
    settlement_claim(actor=university_user, redemption=redemption)
    later = start + dt.timedelta(days=2)
    booking_request(
        actor=enterprise_user,
        instrument=sem,
        organization=enterprise,
        starts_at=later,
        ends_at=later + dt.timedelta(hours=2),
        sample_description="镀膜样品2件，表面形貌观察",
    )
    stdout.write("  resources: 1 voucher scheme, 1 voucher, 2 bookings, 1 settlement claim\n")
    load_services(
        stdout=stdout,
        admin=admin,
        officer=officer,
        enterprise_user=enterprise_user,
        university_user=university_user,
        voucher=voucher,
    )


def university_user_orgs(user: User) -> list[Organization]:
    return [m.organization for m in user.memberships.select_related("organization")]
