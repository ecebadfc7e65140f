from django.core.management.base import BaseCommand, CommandError

from kechuang.core.audit import audit_verify
from kechuang.core.audit_anchor import AnchorError, verify_anchor


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain and report the first broken link; with --anchor, also check that "
        "each anchored head (audit_anchor) is still in the chain, unchanged (detects truncation)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--anchor", nargs="+", default=[], metavar="FILE", help="anchor files written by audit_anchor"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(
                f"audit chain broken at record {broken.record_id}: {broken.reason} "
                f"({checked} records before it are intact)"
            )
        problems = []
        for path in options["anchor"]:
            try:
                data = verify_anchor(path)
            except AnchorError as exc:
                problems.append(str(exc))
                continue
            self.stdout.write(f"anchor holds: record {data['sequence']} as of {data['anchored_at']}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} records verified"))
