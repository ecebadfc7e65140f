from __future__ import annotations

import io
import json
import random

from kechuang.market import demo
from kechuang.market.models import Achievement, Demand, TechContract
from tests import factories as f


def test_demo_loader(cast, university, tmp_path, monkeypatch):
    csl_dir = tmp_path / "csl"
    csl_dir.mkdir()
    rows = [
        {
            "id": f"csl-{i}",
            "title": f"镁合金压铸工艺研究{i}",
            "abstract": "镁合金压铸工艺与组织性能。",
            "keywords": ["镁合金"],
            "category": "工学",
        }
        for i in range(8)
    ]
    (csl_dir / "csl_shared.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    monkeypatch.setenv("KECHUANG_SHARED_DATA", str(tmp_path))
    f.MembershipFactory(organization=cast.org, user__username="enterprise")
    out = io.StringIO()
    demo.load(stdout=out, rng=random.Random(1))
    assert Achievement.objects.filter(source="CSL").count() == 8
    assert Demand.objects.filter(owner=cast.org, status="open").count() == len(demo.DEMANDS)
    assert TechContract.objects.count() == 5
    demo.load(stdout=out, rng=random.Random(1))  # a second run adds nothing
    assert Achievement.objects.filter(source="CSL").count() == 8
    assert "already loaded" in out.getvalue()


def test_bundled_csl_records_stand_in_for_the_shared_file(monkeypatch):
    from kechuang.market import csl

    monkeypatch.setattr(csl, "shared_csl_path", lambda: None)
    assert csl.csl_path() == csl.BUNDLED_CSL
    records = csl.read_records(csl.BUNDLED_CSL)
    assert len(records) == 1600
    assert all(r["title"] and r["abstract"] and r["source"].startswith("ydli-ai/CSL") for r in records)
    assert len({r["id"] for r in records}) == 1600


def test_import_command_defaults_to_the_bundled_records(cast, university, monkeypatch):
    from django.core.management import call_command

    from kechuang.market import csl

    monkeypatch.setattr(csl, "shared_csl_path", lambda: None)
    call_command("import_csl_achievements", "--limit", "5", stdout=io.StringIO())
    assert Achievement.objects.filter(source="CSL", status="published").count() == 5
