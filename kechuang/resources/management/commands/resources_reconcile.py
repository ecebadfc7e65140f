"""Check that every voucher scheme's money is accounted for (issued = redeemed + expired + open) and that
no booking was redeemed beyond its fee; print each scheme and provider, then any mismatch."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kechuang.resources.models import VoucherScheme
from kechuang.resources.selectors import reconcile


class Command(BaseCommand):
    help = "Reconcile innovation vouchers: issued = redeemed + expired + open, per scheme and per provider."

    def handle(self, *args: Any, **options: Any) -> None:
        result = reconcile(schemes=VoucherScheme.objects.all())
        for s in result.schemes:
            self.stdout.write(
                f"scheme {s.scheme.pk} {s.scheme.name}: issued {s.issued} = redeemed {s.redeemed} "
                f"+ expired {s.expired} + open {s.open}"
            )
        for p in result.providers:
            statuses = ", ".join(f"{k} {v}" for k, v in sorted(p.by_status.items()))
            self.stdout.write(f"provider {p.provider_id} {p.provider}: redeemed {p.redeemed} ({statuses})")
        if result.mismatches:
            for line in result.mismatches:
                self.stderr.write(f"MISMATCH {line}")
            raise CommandError(f"{len(result.mismatches)} mismatch(es)")
        self.stdout.write(f"{len(result.schemes)} scheme(s), {len(result.providers)} provider(s) balanced")
        self.stdout.write("OK")
