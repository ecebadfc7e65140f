"""Demo expert pool: the demo ``expert`` user plus experts from the registry's universities and institutes.

The pool is the registry's; this loader fills it for the review demo (the registry's demo already made the
``expert`` account an expert; here it gets its workplace and fields like the others)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction

from kechuang.accounts.models import User
from kechuang.accounts.services import user_create
from kechuang.registry.models import Expert, Organization
from kechuang.registry.services_experts import expert_cooperation_add, expert_create, expert_update

TITLES = ["教授", "研究员", "高级工程师", "教授级高级工程师", "副教授", "副研究员"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "志强", "海燕", "晓东", "文博", "立群", "振华", "秀英", "明远", "子涵", "思源", "国栋"]
FIELDS = ["C26", "C27", "C34", "C35", "C38", "C39", "C40", "I65", "M73", "C30", "C31", "C33"]


@transaction.atomic
def load(*, stdout: TextIO, rng: random.Random, experts: int = 40) -> None:
    if Expert.objects.exclude(user__username="expert").exists():
        stdout.write("  review: expert pool already present, skipped\n")
        return
    admin = User.objects.filter(is_platform_admin=True).order_by("id").first()
    hosts = list(Organization.objects.filter(kind__in=["university", "institute"]).order_by("id")[:40])
    enterprises = list(Organization.objects.filter(kind="enterprise").order_by("id")[:400])
    demo_user = User.objects.filter(username="expert").first()
    created = 0
    for n in range(experts):
        user = demo_user if n == 0 and demo_user else None
        if user is None:
            username = f"expert{n:02d}"
            user = User.objects.filter(username=username).first() or user_create(
                actor=admin, username=username, password=None
            )
        host = hosts[n % len(hosts)] if hosts else None
        name = user.display_name if user.display_name else rng.choice(SURNAMES) + rng.choice(GIVEN)
        details = {
            "name": name,
            "organization": host,
            "region": host.region if host else None,
            "title": rng.choice(TITLES),
            "fields": rng.sample(FIELDS, 3),
        }
        existing = Expert.objects.filter(user=user).first()
        if existing is not None:
            expert = expert_update(expert=existing, actor=admin, data=details)
        else:
            expert = expert_create(user=user, actor=admin, **details)
        for _ in range(rng.randint(0, 3)):
            if enterprises:
                expert_cooperation_add(
                    expert=expert,
                    organization=rng.choice(enterprises),
                    occurred_on=dt.date(rng.randint(2019, 2026), rng.randint(1, 12), 1),
                    description="横向技术合作",
                    actor=admin,
                )
        created += 1
    stdout.write(f"  review: {created} experts\n")
