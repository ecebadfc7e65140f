"""Nightly 免申即享: automatic claims for every published automatic measure in a user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kechuang.core.errors import ApplicationError
from kechuang.policies import selectors, services
from kechuang.policies.models import Measure


class Command(BaseCommand):
    help = "为指定用户可见范围内所有已发布的“免申即享”事项生成兑现清单（所有事项一次筛选）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--user", required=True, help="以该用户（科技部门工作人员或平台管理员）的身份和范围生成"
        )
        parser.add_argument("--date", type=dt.date.fromisoformat, help="申请日（默认今天），YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"用户“{options['user']}”不存在")
        on = options["date"] or selectors.today()
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
