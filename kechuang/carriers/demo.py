"""Demo carriers and alliances over the registry's organizations (loaded before recognition)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction

from kechuang.accounts.models import User
from kechuang.carriers.choices import AllianceRole, CarrierKind, ChainPosition, HostRole, Tier
from kechuang.carriers.demo_workstations import load_workstations
from kechuang.carriers.models import Alliance, Carrier
from kechuang.carriers.services import (
    alliance_create,
    alliance_member_add,
    alliance_project_add,
    carrier_create,
    carrier_record_recognition,
)
from kechuang.registry.demo import ANCHOR_USCC
from kechuang.registry.models import Department, Industry, Organization

KINDS_FOR_INSTITUTIONS = [
    CarrierKind.KEY_LAB,
    CarrierKind.ENGINEERING_RESEARCH_CENTER,
    CarrierKind.ENGINEERING_LAB,
    CarrierKind.TECH_TRANSFER_AGENCY,
    CarrierKind.UNIVERSITY_SCIENCE_PARK,
    CarrierKind.ACADEMICIAN_WORKSTATION,
]
ALLIANCES = [
    ("吉林省汽车电子产业技术创新联盟", "汽车零部件—汽车电子—整车", "C36"),
    ("吉林省光电子产业技术创新联盟", "光学材料—光电器件—激光装备", "C39"),
    ("吉林省生物医药产业技术创新联盟", "原料药—制剂—医疗器械", "C27"),
    ("吉林省新材料产业技术创新联盟", "碳纤维原丝—碳纤维—复合材料制品", "C28"),
]


@transaction.atomic
def load(*, stdout: TextIO, rng: random.Random) -> None:
    if Carrier.objects.exists():
        stdout.write("  carriers: already present, skipped\n")
        return
    admin = User.objects.filter(is_platform_admin=True).order_by("id").first()
    province = Department.objects.filter(region_id="220000", kind="science").first()
    changchun = Department.objects.filter(region_id="220100", kind="science").first()
    institutions = list(Organization.objects.filter(kind__in=["university", "institute"]).order_by("id")[:30])
    enterprises = list(
        Organization.objects.filter(kind="enterprise", verification_status="verified").order_by("id")[:600]
    )
    count = 0
    for i, host in enumerate(institutions):
        kind = KINDS_FOR_INSTITUTIONS[i % len(KINDS_FOR_INSTITUTIONS)]
        tier = rng.choice([Tier.PROVINCIAL, Tier.PROVINCIAL, Tier.NATIONAL])
        partners = [(e, rng.choice([HostRole.JOINT, HostRole.CO_BUILT])) for e in rng.sample(enterprises, 2)]
        recognised = dt.date(rng.randint(2012, 2024), rng.randint(1, 12), 1)
        carrier_create(
            name=f"{host.name}{CarrierKind(kind).label}",
            kind=kind,
            tier=tier,
            region=host.region,
            hosts=[(host, HostRole.LEAD), *partners],
            actor=admin,
            responsible_department=province,
            industry=host.industry,
            certificate_no=f"JL-{kind[:3].upper()}-{recognised.year}-{i + 1:03d}",
            recognised_on=recognised,
            valid_until=recognised.replace(year=recognised.year + 5) if tier != Tier.NATIONAL else None,
        )
        count += 1
    # enterprise technology centers climbing the ladder 市级 → 省级 → 国家级 (anchor excluded: it applies in 2026)
    changchun_firms = [
        e for e in enterprises if e.region_path.startswith("220000/220100/") and e.uscc != ANCHOR_USCC
    ]
    for e in changchun_firms[40:80]:
        steps = rng.choice(
            [
                [Tier.MUNICIPAL],
                [Tier.MUNICIPAL, Tier.PROVINCIAL],
                [Tier.MUNICIPAL, Tier.PROVINCIAL, Tier.NATIONAL],
            ]
        )
        year = rng.randint(2012, 2016)
        for tier in steps:
            carrier_record_recognition(
                organization=e,
                kind=CarrierKind.ENTERPRISE_TECH_CENTER,
                tier=tier,
                name=f"{e.name}企业技术中心",
                actor=admin,
                responsible_department=changchun if tier == Tier.MUNICIPAL else province,
                certificate_no=f"{tier[:2].upper()}-ETC-{year}-{e.pk}",
                recognised_on=dt.date(year, 6, 30),
                valid_until=None,
            )
            year += rng.randint(2, 4)
        count += 1
    for name, chain, industry in ALLIANCES:
        if Alliance.objects.filter(name=name).exists():
            continue
        lead = rng.choice(enterprises)
        alliance = alliance_create(
            name=name,
            lead=lead,
            region=lead.region,
            actor=admin,
            chain=chain,
            industry=Industry.objects.filter(code=industry[1:]).first(),
            tier=Tier.PROVINCIAL,
            established_on=dt.date(rng.randint(2010, 2015), 3, 1),
            description=f"由{lead.name}牵头，联合上下游企业、高校和科研院所组建。",
        )
        members = rng.sample(enterprises, 8) + rng.sample(institutions, 3)
        for org in members:
            if org.pk == lead.pk:
                continue
            alliance_member_add(
                alliance=alliance,
                organization=org,
                actor=admin,
                role=AllianceRole.VICE_CHAIR if org in institutions[:1] else AllianceRole.MEMBER,
                chain_position=rng.choice(ChainPosition.values),
                joined_on=alliance.established_on,
            )
        alliance_project_add(
            alliance=alliance,
            title=f"{chain.split('—')[-1]}关键共性技术联合攻关",
            participants=[lead, *members[:3]],
            actor=admin,
            started_on=dt.date(2022, 1, 1),
            ended_on=dt.date(2024, 12, 31),
            results="形成企业标准2项，申请发明专利5件，新产品实现销售收入3200万元。",
        )
    stations = load_workstations(admin=admin, department=province, enterprises=enterprises, rng=rng)
    stdout.write(
        f"  carriers: {count} carriers, {stations} workstations with residents, "
        f"{Alliance.objects.count()} alliances\n"
    )
