"""The policy documents shipped with the product (see ``data/README.md``) and their metadata."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
SEEDS_DIR = DATA_DIR / "seeds"
LAWS_FILE = DATA_DIR / "laws.jsonl"
ART5 = "国家机关官方文件，依《著作权法》第五条不受著作权保护"


@dataclass(frozen=True, slots=True)
class DocumentData:
    source: str  # seed | law
    source_ref: str
    title: str
    issuer: str
    number: str
    level: str
    region_code: str | None
    issued_on: dt.date | None
    full_text: str
    licence_note: str


# Hand-written metadata for the five seeds; the text itself is loaded unchanged.
SEED_METADATA: dict[str, dict[str, Any]] = {
    "000_8613fc821a6f127f.txt": {
        "title": "工业和信息化部关于进一步加强技术创新工作的通知",
        "issuer": "工业和信息化部",
        "number": "",
        "level": "national",
        "region": None,
        "issued_on": dt.date(2009, 9, 2),
    },
    "001_5f72899b5b7a64ae.txt": {
        "title": "市科技局2009年科技创新工作计划",
        "issuer": "市科学技术局",
        "number": "",
        "level": "municipal",
        "region": None,
        "issued_on": dt.date(2009, 1, 1),
    },
    "002_faecf0468a71545c.txt": {
        "title": "吉林省人民政府办公厅关于印发吉林省加快推进工业企业产品创新实施方案的通知",
        "issuer": "吉林省人民政府办公厅",
        "number": "吉政办发〔2014〕44号",
        "level": "provincial",
        "region": "220000",
        "issued_on": dt.date(2014, 11, 12),
    },
    "003_c71c1125cc33fc18.txt": {
        "title": "科技局推进科技入园工程的意见",
        "issuer": "科技局",
        "number": "",
        "level": "municipal",
        "region": None,
        "issued_on": None,
    },
    "004_fd8e01496c2e1927.txt": {
        "title": "国家发展和改革委员会、中国科学院关于印发中科院科技服务东北老工业基地振兴行动计划(2012-2015年)的通知",
        "issuer": "国家发展和改革委员会 中国科学院",
        "number": "发改东北〔2012〕2568号",
        "level": "national",
        "region": None,
        "issued_on": dt.date(2012, 9, 27),
    },
}

# Local laws: which region they apply to
LAW_REGIONS = {"河南": "410000", "上海": "310000", "浙江": "330000", "北京": "110000", "山东": "370000",
               "广东": "440000", "重庆": "500000", "洛阳": "410300", "郑州": "410100", "杭州": "330100",
               "青岛": "370200", "宁波": "330200", "深圳": "440300", "广州": "440100"}  # fmt: skip


def seed_documents() -> Iterator[DocumentData]:
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        meta = SEED_METADATA.get(path.name)
        if meta is None:
            continue
        yield DocumentData(
            source="seed",
            source_ref=path.name,
            title=str(meta["title"]),
            issuer=str(meta["issuer"]),
            number=str(meta["number"]),
            level=str(meta["level"]),
            region_code=meta["region"],
            issued_on=meta["issued_on"],
            full_text=path.read_text(encoding="utf-8"),
            licence_note=ART5,
        )


def law_documents(path: Path = LAWS_FILE) -> Iterator[DocumentData]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            region = None
            if d.get("scope") == "local":
                for name, code in sorted(LAW_REGIONS.items(), key=lambda kv: -len(kv[0])):
                    if d["title"].startswith(name):
                        region = code
                        break
            level = (
                "national"
                if d.get("scope") == "national"
                else ("provincial" if region and region.endswith("0000") else "municipal")
            )
            issued = None
            if d.get("version_date"):
                try:
                    issued = dt.date.fromisoformat(d["version_date"])
                except ValueError:
                    issued = None
            number = (d.get("promulgation") or [""])[0][:120]
            yield DocumentData(
                source="law",
                source_ref=d["id"],
                title=d["title"],
                issuer=d.get("level") or "",
                number=number,
                level=level,
                region_code=region,
                issued_on=issued,
                full_text=d.get("text") or "",
                licence_note=f"{ART5}；整理自 {d.get('source_repo', '')}@{str(d.get('source_commit', ''))[:10]}",
            )
