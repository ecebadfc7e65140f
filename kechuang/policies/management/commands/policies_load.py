"""Load the shipped policy documents and create/refresh the measures from the rule files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from kechuang.policies import services


class Command(BaseCommand):
    help = "导入政策文件（五份原始文件与科技法律法规）并按规则文件生成政策事项"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--laws",
            type=Path,
            help="另行导入的法律法规 JSONL（如 shared/data/policy/st_laws_regulations.jsonl）",
        )
        parser.add_argument("--no-measures", action="store_true", help="只导入文件，不生成政策事项")

    def handle(self, *args: Any, **options: Any) -> None:
        docs = services.documents_load(actor=None, laws_path=options["laws"])
        self.stdout.write(f"政策文件：{docs} 份")
        if not options["no_measures"]:
            measures = services.measures_sync(actor=None)
            self.stdout.write(f"政策事项：{len(measures)} 项")
