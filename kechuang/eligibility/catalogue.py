"""The fact catalogue: every fact a rule may name, with its Chinese label and type.

A rule naming a fact that is not here is refused. The Django side maps each fact to a column
or a sub-query of the registry; the Python evaluator reads it from a plain ``dict``.

Fact types
    ``money``   amount in 元 (shown in 万元)        ``count``  whole number
    ``number``  plain number                        ``ratio``  fraction, shown as a percentage
    ``date``    calendar date                       ``bool``   yes / no
    ``enum``    one of ``choices``                  ``code``   hierarchical code (region, industry):
                                                               ``region under "220000"`` is true for
                                                               the code itself and its descendants
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NUMERIC_TYPES = frozenset({"money", "number", "ratio", "count"})
MOVES = frozenset({"up", "down", "both", "none"})


@dataclass(frozen=True, slots=True)
class FactDef:
    """One fact: ``name`` as written in rules, ``label`` as shown to people."""

    name: str
    label: str
    type: str
    per_year: bool = False
    choices: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    signed: bool = False  # a money or count fact that may be below zero (a loss); others are refused
    # Which way the fact can sensibly move (``up``, ``down``, ``both``, ``none``) and whether the
    # organisation can act on it to qualify (spend more on R&D, hire R&D staff, file a patent: yes; grow or
    # shrink its revenue or assets, change its founding date or region: no). The smallest change
    # (:mod:`.changes`) only moves a fact its way; a change the organisation cannot act on is a reason
    # it does not qualify, not advice.
    moves: str = "none"
    actionable: bool = False

    def __post_init__(self) -> None:
        if self.moves not in MOVES:
            raise ValueError(f"{self.name}: moves must be one of {sorted(MOVES)}")

    def allows(self, up: bool) -> bool:
        """Whether the fact can sensibly move up (``True``) or down (``False``)."""
        return self.moves == "both" or self.moves == ("up" if up else "down")

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def value_type(self) -> str:
        """The type used for checking: every numeric fact is a ``number``."""
        if self.numeric:
            return "number"
        if self.type in ("enum", "code"):
            return "string"
        return self.type


class Catalogue:
    """A set of declared facts: organisation facts and per-year statistics (``stats[year].field``)."""

    def __init__(self, facts: Iterable[FactDef]) -> None:
        self._facts: dict[str, FactDef] = {}
        self._stats: dict[str, FactDef] = {}
        for f in facts:
            (self._stats if f.per_year else self._facts)[f.name] = f

    def fact(self, name: str) -> FactDef | None:
        return self._facts.get(name)

    def stat(self, name: str) -> FactDef | None:
        return self._stats.get(name)

    @property
    def facts(self) -> list[FactDef]:
        return list(self._facts.values())

    @property
    def stats(self) -> list[FactDef]:
        return list(self._stats.values())

    def describe(self) -> str:
        """A Markdown table of the catalogue, for the rule-writers' guide."""
        lines = ["| 写法 | 含义 | 类型 |", "| --- | --- | --- |"]
        for f in self.facts:
            lines.append(f"| `{f.name}` | {f.label} | {f.type} |")
        for f in self.stats:
            lines.append(f"| `stats[年度].{f.name}` | {f.label}（按年度） | {f.type} |")
        return "\n".join(lines)


# Values and labels as in kechuang.registry.choices (a Django test checks they stay in sync).
ORGANIZATION_KINDS = {
    "enterprise": "企业",
    "university": "高等院校",
    "institute": "科研院所",
    "intermediary": "中介服务机构",
    "park_operator": "园区运营机构",
    "government": "政府部门",
}

ORGANIZATION_SIZES = {
    "large": "大型",
    "medium": "中型",
    "small": "小型",
    "micro": "微型",
}

DEFAULT_FACTS: list[FactDef] = [
    FactDef("kind", "主体类型", "enum", choices=ORGANIZATION_KINDS),
    FactDef("region", "所在地区", "code", description="GB/T 2260 行政区划代码，含上级地区"),
    FactDef("industry", "所属行业", "code", description="GB/T 4754-2017 行业代码，含门类、大类、中类"),
    FactDef("size", "企业规模", "enum", choices=ORGANIZATION_SIZES),
    FactDef("founded_on", "成立日期", "date"),
    FactDef("verified", "信息已核验", "bool"),
    FactDef("in_park", "位于园区", "bool", description="在任一园区有入园记录"),
    # per-year statistics (stats[year].name): the registry's yearly statistics …
    # (the size of the business grows but is not a lever to qualify; R&D effort, staff and IP are)
    FactDef("revenue", "营业收入", "money", per_year=True, moves="up"),
    FactDef("total_output", "工业总产值", "money", per_year=True, moves="up"),
    FactDef("rd_expenditure", "研发费用", "money", per_year=True, moves="up", actionable=True),
    FactDef(
        "domestic_rd_expenditure",
        "境内研发费用",
        "money",
        per_year=True,
        description="在中国境内发生的研究开发费用（国科发火〔2016〕32号 第十一条（五））",
        moves="up",
        actionable=True,
    ),
    FactDef("new_product_output", "新产品产值", "money", per_year=True, moves="up", actionable=True),
    FactDef("exports", "出口额", "money", per_year=True, moves="up"),
    FactDef("profit", "利润总额", "money", per_year=True, signed=True, moves="up"),
    FactDef("tax_paid", "纳税总额", "money", per_year=True, moves="up"),
    FactDef("employees", "从业人员数", "count", per_year=True, moves="up"),
    FactDef("rd_staff", "研发人员数", "count", per_year=True, moves="up", actionable=True),
    FactDef("valid_invention_patents", "有效发明专利数", "count", per_year=True, moves="up", actionable=True),
    FactDef("patent_applications", "专利申请数", "count", per_year=True, moves="up", actionable=True),
    # … and the figures enterprises declare for policy purposes (kechuang.policies PolicyStatistics)
    FactDef("tech_staff", "科技人员数", "count", per_year=True, moves="up", actionable=True),
    FactDef(
        "high_tech_revenue", "高新技术产品（服务）收入", "money", per_year=True, moves="up", actionable=True
    ),
    FactDef(
        "ip_count",
        "有效知识产权数",
        "count",
        per_year=True,
        description="发明、实用新型、软件著作权等合计",
        moves="up",
        actionable=True,
    ),
    FactDef("total_assets", "资产总额", "money", per_year=True, moves="up"),
    FactDef("rd_institutions", "研发机构数", "count", per_year=True, moves="up", actionable=True),
    FactDef(
        "rd_institutions_provincial",
        "省部级以上研发机构数",
        "count",
        per_year=True,
        moves="up",
        actionable=True,
    ),
    FactDef(
        "tech_transfer_income",
        "技术转让所得",
        "money",
        per_year=True,
        description="技术转让收入减除技术转让成本和相关税费后的所得（企业所得税法实施条例 第九十条）",
        moves="up",
    ),
]

DEFAULT_CATALOGUE = Catalogue(DEFAULT_FACTS)

# designations a rule may name in designated("…"); a typo is refused
DESIGNATION_KINDS = frozenset(
    {
        "高新技术企业",
        "科技型中小企业",
        "专精特新中小企业",
        "专精特新“小巨人”企业",
        "瞪羚企业",
        "知识产权优势企业",
        "知识产权示范企业",
        "创新型试点企业",
        "名牌产品企业",
        "著名商标企业",
        "质量奖获奖单位",
        "科学技术奖获奖单位",
    }
)
