"""Nightly qualification counts: how many organisations qualify for each published measure."""

from __future__ import annotations

from typing import Any

from kechuang.policies import selectors
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.management.commands._scoped import ScopedCommand


class Command(ScopedCommand):
    help = "统计各已发布政策事项的符合条件主体数（所有事项一次查询完成），范围为指定用户可见的主体"

    user_help = "按该用户（科技部门工作人员或平台管理员）的可见范围统计"

    def handle(self, *args: Any, **options: Any) -> None:
        user, on = self.scope(options)
        measures = list(selectors.measure_list(user=user).filter(status=MeasureStatus.PUBLISHED))
        counts = selectors.qualified_many(user=user, measures=measures, on=on)
        for m in measures:
            self.stdout.write(f"{m.code}\t{len(counts[m.pk])}\t{m.title}")
        self.stdout.write(f"共 {len(measures)} 项政策事项，申请日 {on.isoformat()}")
