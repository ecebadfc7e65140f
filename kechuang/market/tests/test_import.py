from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from kechuang.market import search
from kechuang.market.models import Achievement


def test_import_csl_is_idempotent(cast, university, tmp_path):
    path = tmp_path / "csl.jsonl"
    rows = [
        {
            "id": "csl-1",
            "title": "湖泊水体富营养化评价模型",
            "abstract": "基于三角模糊数的富营养化评价。",
            "keywords": ["富营养化"],
            "category": "工学",
        },
        {"id": "csl-2", "title": None, "abstract": "没有标题的记录不导入。", "category": "理学"},
        {
            "id": "csl-3",
            "title": "玉米秸秆发电",
            "abstract": "秸秆直燃发电技术。",
            "keywords": None,
            "category": "农学",
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    call_command("import_csl_achievements", "--path", str(path))
    assert Achievement.objects.filter(source="CSL", status="published", owner=university).count() == 2
    assert search.get_index("achievements").search("富营养化", k=1)[0].id == str(
        Achievement.objects.get(title="湖泊水体富营养化评价模型").pk
    )
    call_command("import_csl_achievements", "--path", str(path))
    assert Achievement.objects.filter(source="CSL").count() == 2


def test_import_without_file(cast, tmp_path):
    with pytest.raises(CommandError, match="CSL file not found"):
        call_command("import_csl_achievements", "--path", str(tmp_path / "missing.jsonl"))
