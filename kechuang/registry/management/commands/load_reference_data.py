from pathlib import Path

from django.core.management.base import BaseCommand

from kechuang.registry.reference import default_industry_file, load_industries, load_regions


class Command(BaseCommand):
    help = "Load GB/T 2260 regions and GB/T 4754-2017 industries (idempotent: re-running changes nothing)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--industry-file", type=Path, help="full GB/T 4754-2017 table (CSV)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        regions = load_regions()
        path = options["industry_file"] or default_industry_file()
        industries = load_industries(path)
        self.stdout.write(
            f"regions: {regions.created} created, {regions.updated} updated, {regions.unchanged} unchanged\n"
            f"industries ({path.name}): {industries.created} created, {industries.updated} updated, "
            f"{industries.unchanged} unchanged"
        )
