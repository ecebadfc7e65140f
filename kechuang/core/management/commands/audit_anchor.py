from django.core.management.base import BaseCommand, CommandError

from kechuang.core.audit_anchor import AnchorError, write_anchor


class Command(BaseCommand):
    help = (
        "Write a signed anchor of the audit chain's head (sequence, hash, time; HMAC-SHA256 with "
        "KECHUANG_AUDIT_ANCHOR_KEY) to DIRECTORY. Run daily; keep the files away from the database."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("directory", help="where the anchor file is written (kept by the operator)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            path = write_anchor(options["directory"])
        except (AnchorError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"audit chain head anchored: {path}"))
