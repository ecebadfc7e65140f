"""Turning CSL records (Chinese Scientific Literature, Apache-2.0, ``../shared/data/csl/``) into
achievements attributed to the registry's universities and research institutes."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import zlib
from pathlib import Path
from typing import Any

from kechuang.registry.models import Industry, Organization

# CSL category (门类) → GB/T 4754 section of the achievement's field
CATEGORY_SECTION = {
    "工学": "C",
    "理学": "M",
    "农学": "A",
    "医学": "Q",
    "管理学": "L",
    "经济学": "J",
    "教育学": "P",
    "法学": "S",
    "文学": "R",
    "艺术学": "R",
    "历史学": "R",
    "哲学": "R",
    "军事学": "M",
}


BUNDLED_CSL = Path(__file__).resolve().parent / "data" / "csl_apache.jsonl.gz"


def csl_path() -> Path | None:
    """The shared CSL file where the site has one, else the 1,600 Apache-2.0 records shipped with the code."""
    return shared_csl_path() or (BUNDLED_CSL if BUNDLED_CSL.exists() else None)


def shared_csl_path() -> Path | None:
    env = os.environ.get("KECHUANG_SHARED_DATA")
    candidates = [Path(env) / "csl" / "csl_shared.jsonl"] if env else []
    root = Path(__file__).resolve().parents[2]
    candidates += [p / "shared" / "data" / "csl" / "csl_shared.jsonl" for p in (root, *root.parents)]
    return next((p for p in candidates if p.exists()), None)


# A paper title's ASCII colon after a Chinese word ("灾后重建:自建+援建") is shown as Chinese typesets it.
_CJK_COLON = re.compile(r"(?<=[\u4e00-\u9fff）])\s*:\s*")


def read_records(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("title") and r.get("abstract"):
                out.append(r)
                if limit and len(out) >= limit:
                    break
    return out


# Which institutions of the demo province a CSL discipline's achievement plausibly comes from (the first
# present in the registry is preferred, the others share the rest), and how ripe such work usually is: a
# range of TRL (技术就绪度). Disciplines whose papers are not transferable technology are left out.
FAMILIES: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[int, int]], ...] = (
    (
        ("光学工程", "电子科学与技术", "物理学"),
        ("中国科学院长春光学精密机械与物理研究所", "长春理工大学", "吉林大学"),
        (3, 7),
    ),
    (
        ("化学/化学工程与技术", "材料科学与工程", "纺织科学与工程", "冶金工程"),
        ("中国科学院长春应用化学研究所", "吉林大学", "长春工业大学", "吉林化工学院"),
        (3, 7),
    ),
    (("中医学/中药学",), ("长春中医药大学", "吉林省中医药科学院"), (3, 6)),
    (
        ("药学", "基础医学/临床医学", "口腔医学", "公共卫生与预防医学"),
        ("吉林大学", "吉林医药学院", "长春中医药大学"),
        (2, 6),
    ),
    (
        (
            "食品科学与工程",
            "园艺学",
            "作物学",
            "水产",
            "农业工程",
            "畜牧学/兽医学",
            "植物保护",
            "农业资源利用",
        ),
        ("吉林农业大学", "吉林省农业科学院", "中国农业科学院特产研究所"),
        (4, 8),
    ),
    (("林学/林业工程",), ("吉林省林业科学研究院", "北华大学"), (4, 7)),
    (
        ("地理学", "环境科学与工程", "大气科学", "海洋科学", "地球物理学", "测绘科学与技术"),
        ("中国科学院东北地理与农业生态研究所", "东北师范大学", "吉林大学"),
        (3, 6),
    ),
    (
        ("交通运输工程", "机械工程", "力学", "动力工程及工程热物理", "兵器科学与技术", "船舶与海洋工程"),
        ("吉林大学", "长春工业大学", "长春工程学院", "长春理工大学"),
        (4, 7),
    ),
    (("电气工程", "核科学与技术"), ("东北电力大学", "吉林大学"), (4, 7)),
    (
        ("信息与通信工程", "计算机科学与技术", "控制科学与工程", "航空宇航科学与技术"),
        ("吉林大学", "长春理工大学", "东北师范大学"),
        (4, 7),
    ),
    (("土木工程", "建筑学", "水利工程"), ("吉林建筑大学", "长春工程学院"), (4, 7)),
    (
        ("矿业工程", "石油与天然气工程", "地质学/地质资源与地质工程"),
        ("吉林大学", "东北电力大学"),
        (3, 6),
    ),
    (("生物学/生物科学与工程",), ("吉林大学", "东北师范大学", "吉林农业大学"), (2, 5)),
)
# CSL categories (门类) whose papers are not technology to transfer (humanities, law, economics,
# management …): not offered as achievements. 理学's 数学 and 天文学 likewise.
NOT_TRANSFERABLE_CATEGORIES = frozenset(
    {"哲学", "历史学", "法学", "文学", "艺术学", "教育学", "经济学", "管理学", "军事学"}
)
NOT_TRANSFERABLE_DISCIPLINES = frozenset({"数学", "天文学", "体育学", "心理学", "新闻传播学"})
# By category when a record names no discipline of the families above.
CATEGORY_FAMILY = {"工学": 7, "理学": 6, "农学": 4, "医学": 3}


def _family(record: dict[str, Any]) -> tuple[tuple[str, ...], tuple[int, int]] | None:
    discipline, category = record.get("discipline") or "", record.get("category") or ""
    if category in NOT_TRANSFERABLE_CATEGORIES or discipline in NOT_TRANSFERABLE_DISCIPLINES:
        return None
    for disciplines, owners, trl in FAMILIES:
        if discipline in disciplines:
            return owners, trl
    index = CATEGORY_FAMILY.get(category)
    return (FAMILIES[index][1], FAMILIES[index][2]) if index is not None else None


def _transfer_modes(trl: int, rng: random.Random) -> list[str]:
    """What an owner offers at that ripeness: joint development early, licences and sale when proven."""
    if trl <= 4:
        return ["合作开发"]
    if trl <= 6:
        return rng.choice((["许可", "合作开发"], ["合作开发"], ["技术服务"]))
    return rng.choice((["转让", "许可"], ["转让"], ["许可", "作价投资"]))


def achievement_rows(records: list[dict[str, Any]], *, rng: random.Random) -> list[dict[str, Any]]:
    """Achievements from CSL records: owned by an institution of the record's field (optics at 长春光机所,
    agriculture at 吉林农业大学 …), with a TRL usual for such work and transfer modes that fit it;
    humanities, law and economics papers are left out."""
    everyone = list(Organization.objects.filter(kind__in=["university", "institute"]).order_by("pk"))
    if not everyone:
        raise ValueError("no university or research institute in the registry")
    by_name = {o.name: o for o in everyone}
    sections = {i.code: i for i in Industry.objects.filter(level="section")}
    rows = []
    for r in records:
        family = _family(r)
        if family is None:
            continue
        names, (low, high) = family
        owners = [by_name[n] for n in names if n in by_name] or everyone
        # the first institution of the field takes half, the others share the rest (stable per record)
        h = zlib.crc32(r["id"].encode())
        owner = owners[0] if h % 2 == 0 or len(owners) == 1 else owners[1 + (h // 2) % (len(owners) - 1)]
        trl = rng.randint(low, high)
        rows.append(
            {
                "owner": owner,
                "title": _CJK_COLON.sub("：", r["title"])[:200],
                "summary": r["abstract"],
                "keywords": (r.get("keywords") or [])[:10],
                "field": sections.get(CATEGORY_SECTION.get(r.get("category") or "", "M")),
                "maturity": "lab" if trl <= 4 else "pilot" if trl <= 6 else "industrial",
                "trl": trl,
                "transfer_modes": _transfer_modes(trl, rng),
            }
        )
    return rows
