"""The engine's message catalogue: explanation texts, parse errors and fact labels in Chinese and English.

Plain Python (no Django). Every text the engine writes is a template here, keyed by a message id,
with the Simplified Chinese original and the English translation::

    with language("en"):            # the Django layer passes get_language()
        rule.explain(facts, today)  # → "2025 R&D expenditure ¥800,000, required ≥ ¥1 million"

Chinese is the default. Texts a rule writer wrote (``label:``, ``title:``, named conditions) are the
policy's own words and stay as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

ZH, EN = "zh-hans", "en"
LANGUAGES = (ZH, EN)

_current: ContextVar[str] = ContextVar("eligibility_language", default=ZH)


def normalise(lang: str | None) -> str:
    """``en``, ``en-us``, ``en_GB`` → ``en``; anything else (``zh-hans``, ``zh-cn``, None) → Chinese."""
    if lang and lang.lower().replace("_", "-").split("-")[0] == "en":
        return EN
    return ZH


def current() -> str:
    return _current.get()


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Texts produced inside the block are in ``lang`` (``None`` keeps the current language)."""
    if lang is None:
        yield _current.get()
        return
    token = _current.set(normalise(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def t(key: str, /, **params: Any) -> str:
    """The message ``key`` in the current language, with ``{name}`` placeholders filled."""
    zh, en = MESSAGES[key]
    template = en if _current.get() == EN else zh
    return template.format(**params) if params else template


def term(zh: str) -> str:
    """A catalogue term (fact label, choice, designation, type) in the current language; Chinese stays
    Chinese, and a term without a translation is shown as it is."""
    if _current.get() == EN:
        return TERMS_EN.get(zh, zh)
    return zh


# --- messages: key → (Simplified Chinese, English) -------------------------------------------------

MESSAGES: dict[str, tuple[str, str]] = {
    # where
    "where.line_column": ("第{line}行第{column}列", "line {line}, column {column}"),
    "where.line": ("（第{line}行）", " (line {line})"),
    "error.at_char": ("第 {col} 个字符处：{reason}", "at character {col}: {reason}"),
    # YAML
    "yaml.mapping_values": (
        "此处不能出现“:”（冒号后缺少空格，或缩进不对？含冒号的表达式请加引号）",
        "a ':' is not allowed here (missing space after the colon, or wrong indentation? "
        "quote expressions that contain a colon)",
    ),
    "yaml.expected_colon": (
        "这里应当是“名称: 值”，缺少冒号",
        "expected 'name: value' here, the colon is missing",
    ),
    "yaml.tab": ("不能用制表符（Tab）缩进，请用空格", "tabs cannot be used for indentation, use spaces"),
    "yaml.indent": (
        "缩进不对：同一层的内容应当对齐",
        "wrong indentation: items of the same level must line up",
    ),
    "yaml.unclosed_quote": ("引号没有闭合", "a quote is not closed"),
    "yaml.unclosed_bracket": (
        "方括号“[”没有闭合，或列表项之间缺少逗号",
        "a '[' is not closed, or a comma is missing",
    ),
    "yaml.unclosed_brace": (
        "花括号“{{”没有闭合，或各项之间缺少逗号",
        "a '{{' is not closed, or a comma is missing",
    ),
    "yaml.anchor": ("YAML 锚点或别名有误", "a YAML anchor or alias is wrong"),
    "yaml.bad_char": ("这里有不能出现的字符", "a character that cannot appear here"),
    "yaml.other": ("YAML 格式错误：{problem}", "YAML format error: {problem}"),
    # values
    "value.missing": ("（缺少数据）", "(no data)"),
    "value.yes": ("是", "yes"),
    "value.no": ("否", "no"),
    "value.labelled": ("{label}（{code}）", "{label} ({code})"),
    # describing a rule
    "describe.all": ("以下条件须全部满足", "all of the following"),
    "describe.any": ("以下条件满足其一即可", "any one of the following"),
    "describe.not": ("不得：{what}", "not: {what}"),
    "describe.is_true": ("{what}", "{what}"),
    "describe.is_false": ("{what}：否", "{what}: no"),
    "describe.in": ("{what} 为 {options} 之一", "{what} is one of {options}"),
    "describe.eq": ("{what} 为 {options}", "{what} is {options}"),
    "describe.not_in": ("{what} 不得为 {options}", "{what} is not {options}"),
    "describe.under": ("{what} 属于 {code}", "{what} within {code}"),
    "describe.designated": ("具有{kind}资质", "holds the {kind} designation"),
    "describe.known": ("{what}已填报", "{what} is reported"),
    "describe.named": ("{name}：{what}", "{name}: {what}"),
    "list.sep": ("、", ", "),
    "step.always": ("总是成立", "always true"),
    "step.never": ("不成立", "never true"),
    "rule.not_mapping": (
        "规则应当是 YAML 映射（“名称: 值”）",
        "a rule must be a YAML mapping ('name: value')",
    ),
}


# --- catalogue terms: Chinese → English ------------------------------------------------------------

TERMS_EN: dict[str, str] = {
    # organisation facts
    "主体类型": "Organization type",
    "所在地区": "Region",
    "所属行业": "Industry",
    "企业规模": "Enterprise size",
    "成立日期": "Founding date",
    "信息已核验": "Information verified",
    "位于园区": "Located in a park",
    # yearly statistics
    "营业收入": "revenue",
    "工业总产值": "gross industrial output",
    "研发费用": "R&D expenditure",
    "新产品产值": "new product output",
    "出口额": "exports",
    "利润总额": "total profit",
    "纳税总额": "total tax paid",
    "从业人员数": "employees",
    "研发人员数": "R&D staff",
    "有效发明专利数": "valid invention patents",
    "专利申请数": "patent applications",
    "科技人员数": "S&T staff",
    "高新技术产品（服务）收入": "high-tech product (service) revenue",
    "有效知识产权数": "valid IP rights",
    "资产总额": "total assets",
    "研发机构数": "R&D institutions",
    "省部级以上研发机构数": "provincial-level or higher R&D institutions",
    # choices
    "企业": "Enterprise",
    "高等院校": "University",
    "科研院所": "Research institute",
    "中介服务机构": "Intermediary",
    "园区运营机构": "Park operator",
    "政府部门": "Government body",
    "大型": "Large",
    "中型": "Medium",
    "小型": "Small",
    "微型": "Micro",
    # designations
    "高新技术企业": "High and New Technology Enterprise",
    "科技型中小企业": "Technology-based SME",
    "专精特新中小企业": "Specialised and Sophisticated SME",
    "专精特新“小巨人”企业": "Specialised and Sophisticated “Little Giant” Enterprise",
    "瞪羚企业": "Gazelle Enterprise",
    "知识产权优势企业": "IP Advantage Enterprise",
    "知识产权示范企业": "IP Demonstration Enterprise",
    "创新型试点企业": "Innovation Pilot Enterprise",
    "名牌产品企业": "Famous-brand Product Enterprise",
    "资质认定情况": "designations",
    # value types (parse errors)
    "数值": "a number",
    "文字": "text",
    "条件（真/假）": "a condition (true/false)",
    "日期": "a date",
    "时长": "a duration",
    "年度": "a year",
    "列表": "a list",
}
