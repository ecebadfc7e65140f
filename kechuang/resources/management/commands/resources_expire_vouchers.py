"""Expire the open vouchers whose scheme has ended (their balances return to the budgets), acting as the
given officer or platform admin (audited under that name); then print what returned."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kechuang.accounts.models import User
from kechuang.resources.selectors import managed_vouchers
from kechuang.resources.services.applications import vouchers_expire_due


class Command(BaseCommand):
    help = "Expire open vouchers of ended schemes (as --user), returning their balances to the budgets."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="username of the officer or platform admin")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"no user {options['user']!r}")
        expired = vouchers_expire_due(actor=actor, vouchers=managed_vouchers(user=actor))
        for v in expired:
            self.stdout.write(f"voucher {v.pk}: {v.expired_amount} returned to scheme {v.scheme_id}")
        self.stdout.write(f"{len(expired)} voucher(s) expired")
