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
