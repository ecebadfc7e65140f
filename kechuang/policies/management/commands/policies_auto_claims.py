"""Nightly 免申即享: automatic claims for every published automatic measure in a user's scope."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from kechuang.core.errors import ApplicationError
from kechuang.policies import services
from kechuang.policies.management.commands._scoped import ScopedCommand
from kechuang.policies.models import Measure


class Command(ScopedCommand):
    help = "为指定用户可见范围内所有已发布的“免申即享”事项生成兑现清单（所有事项一次筛选）"

    user_help = "以该用户（科技部门工作人员或平台管理员）的身份和范围生成"

    def handle(self, *args: Any, **options: Any) -> None:
        user, on = self.scope(options)
        try:
            created = services.auto_claims_generate_many(actor=user, on=on)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        titles = dict(Measure.objects.filter(pk__in=created).values_list("pk", "code"))
        for pk, count in created.items():
            self.stdout.write(f"{titles[pk]}\t{count}")
        self.stdout.write(
            f"共 {len(created)} 项免申即享事项，新生成 {sum(created.values())} 条，申请日 {on.isoformat()}"
        )
