"""Extract structured plans from the seed policy documents' text.

Plain Python (no Django import) so it can be tested on the raw files. Two documents are handled:

* seed 002, 吉政办发〔2014〕44号 《吉林省加快推进工业企业产品创新实施方案》: the quantified goals "到2020年"
  under 二、主要目标, the key tasks under 三、重点工作 and the annex 工作责任分工 (lead unit and
  participating units, each with its duties);
* seed 001, a city science & technology bureau's 2009 annual work plan: the eight tasks and the numbers
  promised in them (省级工程中心1-2家, 高新技术企业6-8家, 知识产权优势企业2家…).

The texts are mixed Traditional/Simplified with conversion noise (every character followed by its pinyin,
``關(guān)于``; lost bytes shown as ``?``). :func:`normalise_text` removes the pinyin glosses and converts to
Simplified Chinese with OpenCC; everything else works on the normalised text, by regular expressions over
the document's own wording — nothing here is a hand-typed copy of the results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

AT_LEAST = "at_least"
AT_MOST = "at_most"

SEED_DIR = Path(__file__).resolve().parent / "seeds"
SEED_002 = "002_faecf0468a71545c.txt"
SEED_001 = "001_5f72899b5b7a64ae.txt"

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin gloss right after a CJK character: 發(fā), 關(guān). Parenthesised ordinals (一), (1), acronyms
# (IGBT) and words such as (省校合作) are not glosses and survive.
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]+\)")
_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "－": "-", "—": "-"})

_CN_DIGITS = "一二三四五六七八九十"
_UNITS = "个|家|件|项|所|座|人|亿元|万元|元|%"


def _converter():
    import opencc  # imported lazily: module import stays cheap

    return opencc.OpenCC("t2s")


def normalise_text(text: str) -> str:
    """Remove pinyin glosses, unify punctuation and convert Traditional to Simplified Chinese."""
    text = _PINYIN_GLOSS.sub("", text)
    text = text.translate(_FULLWIDTH)
    text = _converter().convert(text)
    return text.replace("\r\n", "\n")


# --------------------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class ParsedIndicator:
    """One quantified goal: ``name`` reaches ``target`` (``unit``) by ``deadline``."""

    code: str
    name: str
    category: str
    unit: str
    target: Decimal
    deadline: date
    direction: str = AT_LEAST
    target_max: Decimal | None = None
    baseline: Decimal | None = None
    tier: str = ""
    approximate: bool = False
    source_text: str = ""


@dataclass(frozen=True)
class ParsedUnit:
    """A unit named in a responsibility annex, with its role and duties."""

    name: str
    role: str  # "lead" or "participating"
    duties: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class ParsedTask:
    """A key task (重点工作) of a plan, with the units responsible for it."""

    code: str
    title: str
    section: str
    text: str
    lead_unit: str = ""
    participating_units: tuple[str, ...] = ()
    indicator_codes: tuple[str, ...] = ()


@dataclass
class ParsedPlan:
    kind: str  # 规划 / 实施方案 / 年度工作计划
    title: str
    document_number: str
    issuer: str
    issued_on: date | None
    region_name: str
    period_start: date
    period_end: date
    indicators: list[ParsedIndicator] = field(default_factory=list)
    units: list[ParsedUnit] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)

    def unit(self, name: str) -> ParsedUnit:
        return next(u for u in self.units if u.name == name)

    def indicator(self, name: str) -> ParsedIndicator:
        return next(i for i in self.indicators if i.name == name)

    def responsibility(self, indicator_code: str) -> tuple[str, tuple[str, ...]]:
        """Lead unit and participating units for an indicator (through the task it belongs to)."""
        for task in self.tasks:
            if indicator_code in task.indicator_codes:
                return task.lead_unit, task.participating_units
        return "", ()


# --------------------------------------------------------------------------------------------- helpers
def _section(text: str, start: str, end: str | None) -> str:
    i = text.index(start) + len(start)
    j = text.index(end, i) if end else len(text)
    return text[i:j]


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,;。]", text) if c.strip()]


_TIER = re.compile(r"^(国家级|省级以上|省市级|省级|市级|县级)")
_LEADING_VERBS = re.compile(r"^(?:\d{4}年)?(?:争取|今年|力争|再)*(?:建设完善|组建|培育|实施|建设|新增|认定)?")


def _split_tier(name: str) -> tuple[str, str]:
    m = _TIER.match(name)
    return (m.group(1), name[m.end() :]) if m else ("", name)


def _clean_name(name: str) -> str:
    name = name.strip(" 、和及")
    for prefix in ("全省",):
        name = name.removeprefix(prefix)
    return name


def _noise(text: str) -> list[str]:
    """Fragments damaged beyond repair (a ``?`` where bytes were lost), with a little context."""
    found = [m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{2,4}\?+[^\s,。?]{0,4}", text)]
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------------------------- seed 002
# "<name>达到38%", "<name>保持在20%以上", "<name>达到1200件"
_GOAL_REACH = re.compile(
    rf"^(?P<name>.+?)(?:保持在|达到|达|不低于|不超过|控制在)(?P<num>\d+(?:\.\d+)?)(?P<unit>{_UNITS})"
    r"(?P<bound>以上|以下|左右)?$"
)
# "70个重点实验室" (inside an enumeration after 建设完善)
_GOAL_COUNT_FIRST = re.compile(rf"^(?P<num>\d+(?:\.\d+)?)(?P<unit>{_UNITS})(?P<name>[^\d]+)$")
# "重点领域主要工业产品85%以上按照国际标准…组织生产"
_GOAL_SHARE_INSIDE = re.compile(
    r"^(?P<head>[^\d]+?)(?P<num>\d+(?:\.\d+)?)%(?P<bound>以上|以下)?(?P<tail>[^\d]+)$"
)


def _goal_from_clause(clause: str) -> list[dict]:
    found: list[dict] = []
    m = _GOAL_REACH.match(clause)
    if m:
        direction = (
            AT_MOST if (m["bound"] == "以下" or "不超过" in clause or "控制在" in clause) else AT_LEAST
        )
        found.append(
            {
                "name": m["name"],
                "num": m["num"],
                "unit": m["unit"],
                "direction": direction,
                "bound": m["bound"],
            }
        )
        return found
    body = _LEADING_VERBS.sub("", clause)
    items = body.split("、")
    if all(_GOAL_COUNT_FIRST.match(it) for it in items):
        for it in items:
            mm = _GOAL_COUNT_FIRST.match(it)
            assert mm is not None
            found.append(
                {
                    "name": mm["name"],
                    "num": mm["num"],
                    "unit": mm["unit"],
                    "direction": AT_LEAST,
                    "bound": None,
                }
            )
        return found
    m = _GOAL_SHARE_INSIDE.match(clause)
    if m:
        name = m["head"] + m["tail"].removeprefix("按照").join(["按", ""]) + "的比重"
        direction = AT_MOST if m["bound"] == "以下" else AT_LEAST
        found.append(
            {"name": name, "num": m["num"], "unit": "%", "direction": direction, "bound": m["bound"]}
        )
    return found


_HEADER_DOCNO = re.compile(r"([\u4e00-\u9fff]{1,6}〔\d{4}〕\d+号)")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _parse_goals(goals: str, deadline: date, prefix: str) -> list[ParsedIndicator]:
    indicators: list[ParsedIndicator] = []
    for m in re.finditer(r"\(([一二三四五六七八九十]+)\)([^。]+)。([^\n]+)", goals):
        category = m.group(2)
        for clause in _clauses(m.group(3)):
            for g in _goal_from_clause(clause):
                name = _clean_name(g["name"])
                tier = _split_tier(name)[0]
                indicators.append(
                    ParsedIndicator(
                        code=f"{prefix}{len(indicators) + 1:02d}",
                        name=name,
                        category=category,
                        unit=g["unit"],
                        target=Decimal(g["num"]),
                        deadline=deadline,
                        direction=g["direction"],
                        tier=tier,
                        source_text=clause,
                    )
                )
    return indicators


def _parse_annex(annex: str) -> list[ParsedUnit]:
    units: list[ParsedUnit] = []
    role = ""
    for line in (ln.strip() for ln in annex.splitlines()):
        if line.startswith("牵头单位"):
            role = "lead"
            continue
        if line.startswith("参加单位"):
            role = "participating"
            continue
        m = re.match(r"^(省[\u4e00-\u9fff]{2,8}?(?:厅|委|局|办))。(.+)$", line)
        if not m or not role:
            continue
        duties: list[str] = []
        for sentence in re.split(r"[。;]", m.group(2)):
            for dm in re.finditer(r"负责(?:组织实施)?(.+?)(?=,?(?:具体)?负责|$)", sentence):
                chunk = re.sub(r"(?:建设)?等?(?:工作|建设|指导计划|计划)?$", "", dm.group(1))
                chunk = re.sub(r"(?:建设和|建设,以及|,以及|以及|,)", "、", chunk)
                for item in re.split(r"[、]|及(?=[\u4e00-\u9fff]{2,})", chunk):
                    item = re.sub(r"(?:等平台|平台|建设|等|工作)+$", "", item.strip())
                    if len(item) >= 2 and "?" not in item:
                        duties.append(item)
        units.append(ParsedUnit(name=m.group(1), role=role, duties=tuple(duties), text=m.group(2)))
    return units


def _stem(term: str) -> str:
    """The part of a duty or an indicator name that identifies the kind of thing ("企业技术中心")."""
    term = re.sub(r"^(?:国家认定|国家级|省级以上|省级|省|吉林省|行业|具体负责|牵头负责)", "", term)
    return term


def _matches(duty: str, name: str, min_len: int = 2) -> bool:
    stem = _stem(duty)
    if len(stem) < min_len or "?" in stem:
        return False
    if stem in name:
        return True
    # "名牌产品" in duties vs "吉林省名牌产品"; "著名商标创建" vs "吉林省著名商标"
    core = re.sub(r"(?:创建|保护|管理|运用|建设)$", "", stem)
    return len(core) >= min_len and core in name


def _units_for(title: str, units: list[ParsedUnit], body: str = "") -> tuple[str, tuple[str, ...]]:
    """Units whose duties name what the title names; the body only counts for longer, specific duties
    ("质量", "标准" are too general to assign a whole paragraph to 质监局)."""
    matched = [
        u for u in units if any(_matches(d, title) or (body and _matches(d, body, 3)) for d in u.duties)
    ]
    if not matched:
        return "", ()
    lead = next((u for u in matched if u.role == "lead"), matched[0])
    return lead.name, tuple(u.name for u in matched if u is not lead)


def _parse_tasks(works: str, units: list[ParsedUnit], indicators: list[ParsedIndicator]) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    section = ""
    subsection = ""
    for line in (ln.strip() for ln in works.splitlines()):
        m = re.match(r"^\(([一二三四五六七八九十]+)\)(.+?)。?$", line)
        if m and len(line) < 40:
            section = m.group(2).rstrip("。")
            subsection = ""
            continue
        m = re.match(r"^(\d+)\.([^。]+)。(.*)$", line)
        if m:
            subsection = m.group(2)
            if not m.group(3):
                continue
            title, body = m.group(2), m.group(3)
        else:
            m = re.match(r"^\((\d+)\)([^。]+)。(.*)$", line)
            if not m:
                continue
            title, body = m.group(2), m.group(3)
        lead, participating = _units_for(title, units, body)
        linked = tuple(
            ind.code
            for ind in indicators
            if _stem(_split_tier(ind.name)[1]) in title
            or (len(title) > 4 and _split_tier(ind.name)[1] in title)
        )
        tasks.append(
            ParsedTask(
                code=f"T{len(tasks) + 1:02d}",
                title=title,
                section=" / ".join(s for s in (section, subsection) if s),
                text=body,
                lead_unit=lead,
                participating_units=participating,
                indicator_codes=linked,
            )
        )
    return tasks


def _attach_indicator_tasks(
    plan_units: list[ParsedUnit], indicators: list[ParsedIndicator], tasks: list[ParsedTask]
) -> list[ParsedTask]:
    """Every indicator gets a responsibility: from its task, else from the annex's duties directly."""
    linked = {code for t in tasks for code in t.indicator_codes}
    extra: list[ParsedTask] = []
    for ind in indicators:
        if ind.code in linked:
            continue
        lead, participating = _units_for(_split_tier(ind.name)[1], plan_units)
        if not lead:
            continue
        extra.append(
            ParsedTask(
                code=f"T{len(tasks) + len(extra) + 1:02d}",
                title=f"{ind.name}达到{ind.target.normalize():f}{ind.unit}",
                section="主要目标 / " + ind.category,
                text=ind.source_text,
                lead_unit=lead,
                participating_units=participating,
                indicator_codes=(ind.code,),
            )
        )
    return tasks + extra


def parse_seed_002(text: str) -> ParsedPlan:
    """吉林省加快推进工业企业产品创新实施方案: goals to 2020, key tasks and the responsibility annex."""
    t = normalise_text(text)
    title_m = re.search(r"\n(\S+实施方案)\n按照", t)
    if title_m is None:
        raise ValueError("seed 002: plan title not found")
    title = title_m.group(1)
    docno_m = _HEADER_DOCNO.search(t)
    issuer_m = re.search(r"\n(\S+人民政府办公厅)\n(\d{4}年\d{1,2}月\d{1,2}日)", t)
    issued_on = None
    issuer = ""
    if issuer_m:
        issuer = issuer_m.group(1)
        dm = _DATE.match(issuer_m.group(2))
        assert dm is not None
        issued_on = date(int(dm[1]), int(dm[2]), int(dm[3]))
    goals = _section(t, "二、主要目标", "三、重点工作")
    year_m = re.search(r"到(\d{4})年", goals)
    if year_m is None:
        raise ValueError("seed 002: goal year not found")
    deadline = date(int(year_m.group(1)), 12, 31)
    indicators = _parse_goals(goals, deadline, "G")
    annex = _section(t, "附件\n工作责任分工", None)
    units = _parse_annex(annex)
    works = _section(t, "三、重点工作", "四、保障措施")
    tasks = _attach_indicator_tasks(units, indicators, _parse_tasks(works, units, indicators))
    region_m = re.match(r"^(\S{2,3}?省|\S{2,3}?市|\S+自治区)", title)
    return ParsedPlan(
        kind="实施方案",
        title=title,
        document_number=docno_m.group(1) if docno_m else "",
        issuer=issuer,
        issued_on=issued_on,
        region_name=region_m.group(1) if region_m else "",
        period_start=issued_on or date(deadline.year - 5, 1, 1),
        period_end=deadline,
        indicators=indicators,
        units=units,
        tasks=tasks,
        noise=_noise(t),
    )


# --------------------------------------------------------------------------------------------- seed 001
_ANNUAL_ITEM = re.compile(
    rf"^(?P<name>[^\d]+?)(?P<lo>\d+)(?:-(?P<hi>\d+))?(?P<unit>{_UNITS})(?P<approx>左右)?$"
)
# "今年争取再有6-8家企业获国家级高新技术企业认定"
_ANNUAL_RECOGNISED = re.compile(
    r"(?P<lo>\d+)(?:-(?P<hi>\d+))?(?P<unit>家)企业获(?P<name>[\u4e00-\u9fff]+?)认定"
)


def parse_seed_001(text: str) -> ParsedPlan:
    """A city bureau's 2009 annual science & technology work plan: eight tasks and their numbers."""
    t = normalise_text(text)
    year_m = re.search(r"\n?(\d{4})年,是我市", t)
    if year_m is None:
        raise ValueError("seed 001: plan year not found")
    year = int(year_m.group(1))
    deadline = date(year, 12, 31)
    issuer_m = re.search(r"整理了(\S+?局)", t)
    indicators: list[ParsedIndicator] = []
    tasks: list[ParsedTask] = []
    for m in re.finditer(r"\(([一二三四五六七八九十])\)([^\n]+?)\n([^\n]+)", t):
        number, heading, body = m.group(1), m.group(2).rstrip("。"), m.group(3)
        codes: list[str] = []
        for sentence in re.split(r"[。;]", body):
            found: list[tuple[str, str, str | None, str, bool, str]] = []
            rm = _ANNUAL_RECOGNISED.search(sentence)
            if rm:
                found.append((rm["name"], rm["lo"], rm["hi"], rm["unit"], False, sentence))
            else:
                for clause in re.split(r"[,、]", sentence):
                    clause = re.sub(r"^\d{4}年", "", clause.strip())
                    im = _ANNUAL_ITEM.match(clause)
                    if not im or "年" in im["name"][-1:]:
                        continue
                    found.append((im["name"], im["lo"], im["hi"], im["unit"], bool(im["approx"]), clause))
            for raw, lo, hi, unit, approx, source in found:
                name = _LEADING_VERBS.sub("", raw)
                name = re.sub(r"^(?:争取|今年|培育|组建|实施)+", "", name)
                tier = _split_tier(name)[0]
                code = f"A{len(indicators) + 1:02d}"
                indicators.append(
                    ParsedIndicator(
                        code=code,
                        name=name,
                        category=heading,
                        unit=unit,
                        target=Decimal(lo),
                        target_max=Decimal(hi) if hi else None,
                        deadline=deadline,
                        tier=tier,
                        approximate=approx,
                        source_text=source.strip(),
                    )
                )
                codes.append(code)
        tasks.append(
            ParsedTask(
                code=f"T{_CN_DIGITS.index(number) + 1:02d}",
                title=heading,
                section="重点工作",
                text=body,
                lead_unit=issuer_m.group(1) if issuer_m else "",
                indicator_codes=tuple(codes),
            )
        )
    issuer = issuer_m.group(1) if issuer_m else ""
    return ParsedPlan(
        kind="年度工作计划",
        title=f"{year}年科技工作计划",
        document_number="",
        issuer=issuer,
        issued_on=None,
        region_name="",  # the city's name is starred out in the source ("建设创新型*")
        period_start=date(year, 1, 1),
        period_end=deadline,
        indicators=indicators,
        tasks=tasks,
        noise=_noise(t),
    )


def load_seed(name: str, directory: Path | None = None) -> ParsedPlan:
    """Parse a seed file by its file name (from the copies shipped in ``kechuang/targets/seeds``)."""
    parsers = {"002": parse_seed_002, "001": parse_seed_001}
    parser = parsers.get(name[:3])
    if parser is None:
        raise ValueError(f"no parser for seed {name}")
    return parser(((directory or SEED_DIR) / name).read_text(encoding="utf-8"))
