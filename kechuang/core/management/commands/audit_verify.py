from django.core.management.base import BaseCommand, CommandError

from kechuang.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken link."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        checked, broken = audit_verify()
        if broken is None:
            self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} records verified"))
            return
        raise CommandError(
            f"audit chain broken at record {broken.record_id}: {broken.reason} ({checked} records before it are intact)"
        )
