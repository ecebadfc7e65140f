"""Nightly qualification counts: how many organisations qualify for each published measure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kechuang.policies import selectors
from kechuang.policies.choices import MeasureStatus


class Command(BaseCommand):
    help = "统计各已发布政策事项的符合条件主体数（所有事项一次查询完成），范围为指定用户可见的主体"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--user", required=True, help="按该用户（科技部门工作人员或平台管理员）的可见范围统计"
        )
        parser.add_argument("--date", type=dt.date.fromisoformat, help="申请日（默认今天），YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"用户“{options['user']}”不存在")
        on = options["date"] or selectors.today()
        measures = list(selectors.measure_list(user=user).filter(status=MeasureStatus.PUBLISHED))
        counts = selectors.qualified_many(user=user, measures=measures, on=on)
        for m in measures:
            self.stdout.write(f"{m.code}\t{len(counts[m.pk])}\t{m.title}")
        self.stdout.write(f"共 {len(measures)} 项政策事项，申请日 {on.isoformat()}")
