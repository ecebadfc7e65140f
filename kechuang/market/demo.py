"""Demo data of the technology market: real CSL abstracts as achievements, demands of the demo
enterprise, expert research directions, a matchmaking event and registered contracts."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from kechuang.market import csl, services
from kechuang.market.models import Achievement, Demand
from kechuang.registry.models import Expert, Organization, Region

DEMANDS = [
    (
        "汽车轮毂轻量化镁合金压铸",
        "需要镁合金压铸轻量化技术，提高轮毂强度并降低重量。",
        ["镁合金", "压铸", "轻量化"],
        5,
    ),
    (
        "玉米深加工废水处理",
        "玉米淀粉生产废水COD高，需要低成本生物处理工艺。",
        ["废水处理", "玉米", "生物处理"],
        6,
    ),
    (
        "光电器件图像缺陷自动检测",
        "产线需要基于深度学习的光学元件表面缺陷自动检测系统。",
        ["缺陷检测", "深度学习", "图像"],
        6,
    ),
]


GENERIC = frozenset(
    {
        "试验",
        "试验研究",
        "研究",
        "主题",
        "应用",
        "分析",
        "影响",
        "效果",
        "经济效益",
        "社会效益",
        "儿童",
        "对策",
    }
)


def _directional(keyword: str) -> bool:
    """A keyword that says what someone works on (not a place, a number, or a word every paper has)."""
    return (
        2 <= len(keyword) <= 12
        and keyword not in GENERIC
        and not keyword.endswith(("省", "市", "县", "区"))
        and not any(ch.isdigit() or ch in "()（）" for ch in keyword)
    )


def load(*, stdout: Any, rng: random.Random) -> None:
    if Achievement.objects.filter(source="CSL").exists():
        stdout.write("market demo already loaded; skipping\n")
        return
    User = get_user_model()
    admin = User.objects.filter(is_platform_admin=True).order_by("pk").first()
    if admin is None:
        stdout.write("market demo: no platform admin; skipping\n")
        return
    path = csl.csl_path()
    if path is not None:
        rows = csl.achievement_rows(csl.read_records(path, limit=1600), rng=rng)
        created, _ = services.achievements_import(actor=admin, rows=rows, source="CSL")
        stdout.write(f"market demo: {created} achievements from CSL\n")
    else:
        stdout.write("market demo: no CSL file found; no achievements imported\n")
    enterprise_user = User.objects.filter(username="enterprise").first()
    org = (
        enterprise_user.memberships.first().organization
        if enterprise_user and enterprise_user.memberships.exists()
        else None
    )
    if org is not None:
        for title, problem, kw, trl in DEMANDS:
            if not Demand.objects.filter(owner=org, title=title).exists():
                services.demand_create(
                    actor=enterprise_user,
                    owner=org,
                    publish=True,
                    data={
                        "title": title,
                        "problem": problem,
                        "keywords": kw,
                        "min_trl": trl,
                        "confidential_detail": "产线参数与成本数据（接受对接后可见）",
                        "budget": "800000",
                        "cooperation_modes": ["合作开发", "转让"],
                    },
                )
        seller = Organization.objects.filter(kind="university").order_by("pk").first()
        if seller is not None:
            for i, ctype in enumerate(["transfer", "development", "service", "license", "consulting"]):
                services.contract_register(
                    actor=admin,
                    data={
                        "seller": seller,
                        "buyer": org,
                        "contract_type": ctype,
                        "title": f"演示技术合同{i + 1}",
                        "amount": str(200000 * (i + 1)),
                        "tech_amount": str(150000 * (i + 1)),
                        "signed_on": (timezone.localdate() - dt.timedelta(days=30 * i)).isoformat(),
                    },
                )
        event = services.event_create(
            actor=admin,
            organizer=org,
            title="长春新材料产学研对接会",
            starts_at=timezone.now() + dt.timedelta(days=14),
            region=Region.objects.get(code="220100"),
            location="长春国际会展中心",
            description="高校院所成果路演与企业技术需求发布。",
        )
        for a in Achievement.objects.filter(source="CSL").order_by("pk")[:5]:
            services.event_item_add(event=event, actor=admin, achievement=a)
        services.event_publish(event=event, actor=admin)
    # Research directions of the pool's experts from what their own institution has done: the keywords of
    # one or two of its achievements (a coherent line of work), not a generic word — an expert of 长春光机所
    # works on optics, one of 吉林农业大学 on crops. Place names, numbers and generic words are left out.
    profiled = 0
    experts = Expert.objects.filter(is_active=True, organization__isnull=False).select_related("organization")
    for expert in experts[:80]:
        works = list(
            Achievement.objects.filter(owner=expert.organization)
            .order_by("pk")
            .values_list("keywords", flat=True)
        )
        if not works:
            continue
        picked: list[str] = []
        for keywords in rng.sample(works, k=min(2, len(works))):
            picked += [kw for kw in keywords or [] if _directional(kw) and kw not in picked]
        if len(picked) >= 2:
            services.expert_profile_set(expert=expert, actor=admin, keywords=picked[:5], bio="")
            profiled += 1
    stdout.write(f"market demo: {profiled} experts with research directions from their institution's work\n")
    stdout.write("market demo loaded\n")
