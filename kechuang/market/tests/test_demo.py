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


def test_csl_achievements_belong_to_an_institution_of_their_field(db):
    """Optics at 长春光机所 (or another optics institution), agriculture at 吉林农业大学 …; a paper on
    pensions is not a transferable achievement; the TRL is one usual for the field."""
    from kechuang.market import csl

    optics = f.OrganizationFactory(name="中国科学院长春光学精密机械与物理研究所", kind="institute")
    farm = f.OrganizationFactory(name="吉林农业大学", kind="university")
    f.OrganizationFactory(name="某师范学院", kind="university")
    records = [
        {"id": f"o{i}", "title": "激光器封装", "abstract": "…", "discipline": "光学工程", "category": "工学"}
        for i in range(6)
    ] + [
        {"id": "a1", "title": "河蟹池塘养殖", "abstract": "…", "discipline": "水产", "category": "农学"},
        {
            "id": "e1",
            "title": "现收现付制养老保险与经济增长",
            "abstract": "…",
            "discipline": "应用经济学",
            "category": "经济学",
        },
        {"id": "m1", "title": "一类微分方程的解", "abstract": "…", "discipline": "数学", "category": "理学"},
    ]
    rows = csl.achievement_rows(records, rng=random.Random(3))
    assert [r["title"] for r in rows].count("激光器封装") == 6 and "现收现付制养老保险与经济增长" not in [
        r["title"] for r in rows
    ]
    assert "一类微分方程的解" not in [r["title"] for r in rows]
    assert {r["owner"] for r in rows if r["title"] == "激光器封装"} == {optics}
    crab = next(r for r in rows if r["title"] == "河蟹池塘养殖")
    assert crab["owner"] == farm and 4 <= crab["trl"] <= 8
    for r in rows:
        assert ("合作开发" in r["transfer_modes"]) or r["trl"] > 4
