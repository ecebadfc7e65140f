"""The base of the policies' nightly commands that act within one user's scope on one application date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.policies import selectors


class ScopedCommand(BaseCommand):
    user_help = "该用户（科技部门工作人员或平台管理员）的可见范围"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help=self.user_help)
        parser.add_argument("--date", type=dt.date.fromisoformat, help="申请日（默认今天），YYYY-MM-DD")

    def scope(self, options: dict[str, Any]) -> tuple[Any, dt.date]:
        """The user named by ``--user`` (refused with a clear message if unknown) and the application date."""
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"用户“{options['user']}”不存在")
        on = options["date"]
        if on is None:
            return user, selectors.today()
        try:
            return user, check_date_range(on, field="date", label="申请日（--date）")
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
