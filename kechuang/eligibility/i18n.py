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
    """The message ``key`` in the current language, with ``{name}`` placeholders filled; ``{{`` and
    ``}}`` read as one brace, with parameters or without."""
    if params:
        zh, en = MESSAGES[key]
        return (en if _current.get() == EN else zh).format(**params)
    zh, en = _PLAIN[key]
    return en if _current.get() == EN else zh


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
    "sep.colon": ("：", ": "),
    "error.at_char": ("第 {col} 个字符处：{reason}", "at character {col}: {reason}"),
    # expressions (syntax)
    "syntax.bad_unit": (
        "数字后面的“{word}”无法识别，单位只能是 %、万、亿、万元、亿元、元",
        "“{word}” after a number is not understood; units are %, 万, 亿, 万元, 亿元, 元",
    ),
    "syntax.unclosed_string": ("字符串缺少结束引号", "the text is missing its closing quote"),
    "syntax.bad_char": ("无法识别的字符“{ch}”", "unknown character “{ch}”"),
    "syntax.expected": ("这里应当是{what}", "expected {what} here"),
    "syntax.token": ("“{tok}”", "“{tok}”"),
    "syntax.close_or_comma": ("“{close}”或“,”", "“{close}” or “,”"),
    "syntax.but_ended": ("{reason}，但表达式已经结束", "{reason}, but the expression has ended"),
    "syntax.empty": ("表达式为空", "the expression is empty"),
    "syntax.extra": (
        "多余的内容“{text}”，前面的表达式已经完整",
        "unexpected “{text}”: the expression before it is already complete",
    ),
    "syntax.if_without_else": ("“if”后面缺少“else”", "“if” without “else”"),
    "syntax.dot_needs_field": ("“.”后面应当是字段名", "a field name must follow “.”"),
    "syntax.positional_after_named": (
        "位置参数不能写在命名参数之后",
        "positional arguments cannot follow named arguments",
    ),
    "syntax.bad_number": ("数字格式不正确", "the number is malformed"),
    "syntax.missing_value": ("这里缺少一个值", "a value is missing here"),
    "syntax.not_a_value": (
        "这里不能出现“{text}”，应当是一个值",
        "“{text}” cannot appear here, a value is expected",
    ),
    # expressions (checking against the catalogue)
    "compile.need_condition": (
        "这里需要一个条件（结果为真或假），实际是{got}",
        "a condition (true or false) is needed here, this is {got}",
    ),
    "compile.list_constants": (
        "列表里只能写常量（数字、文字或日期）",
        "a list may only hold constants (numbers, text or dates)",
    ),
    "compile.stats_needs_year": (
        "“stats”后面要写年度和字段，例如 stats[last_year].revenue",
        "“stats” needs a year and a field, e.g. stats[last_year].revenue",
    ),
    "compile.stat_as_fact": (
        "“{name}”是年度统计数据，要写成 stats[年度].{name}，例如 stats[last_year].{name}",
        "“{name}” is a yearly statistic: write stats[year].{name}, e.g. stats[last_year].{name}",
    ),
    "compile.unknown_name": ("未知的事实或条件“{name}”{hint}", "unknown fact or condition “{name}”{hint}"),
    "compile.did_you_mean": ("，是不是“{name}”？", ", did you mean “{name}”?"),
    "compile.cycle": (
        "命名条件循环引用：{chain}",
        "named conditions refer to each other in a cycle: {chain}",
    ),
    "compile.definition_type": (
        "命名条件“{name}”必须是条件或数值",
        "the named condition “{name}” must be a condition or a number",
    ),
    "compile.unknown_stat": ("未知的年度统计字段“{name}”{hint}", "unknown yearly statistic “{name}”{hint}"),
    "compile.dot_only_stats": (
        "只有 stats[年度].字段 这种写法可以使用“.”",
        "“.” can only be used as in stats[year].field",
    ),
    "compile.year": (
        "年度应写成 last_year、last_year - 1 或具体年份（如 2024）",
        "write the year as last_year, last_year - 1 or a year such as 2024",
    ),
    "compile.stats_needs_field": (
        "stats[年度] 后面还要写字段，例如 .revenue",
        "stats[year] needs a field after it, e.g. .revenue",
    ),
    "compile.index_only_stats": ("只有 stats 可以用 [年度] 取值", "only stats can be indexed with [year]"),
    "compile.neg_number": ("负号只能用于数值，这里是{got}", "a minus sign needs a number, this is {got}"),
    "compile.date_arith": (
        "日期加减只能用于 today 或日期常量；比较企业日期时请把运算写在另一边",
        "date arithmetic only works on today or a date constant; put the arithmetic on the other side of the comparison",
    ),
    "compile.arith_numbers": (
        "“{op}”两边都必须是数值，这里是{got}",
        "both sides of “{op}” must be numbers, this is {got}",
    ),
    "compile.division_by_zero": ("除数为零", "division by zero"),
    "compile.cannot_compare": ("不能比较{got}", "{got} cannot be compared"),
    "compile.compare_types": (
        "“{op}”两边类型不同：左边是{left}，右边是{right}",
        "the two sides of “{op}” differ: the left is {left}, the right is {right}",
    ),
    "compile.eq_only": ("{type}只能用 == 或 != 比较", "{type} can only be compared with == or !="),
    "compile.bad_choice": (
        "“{fact}”没有取值“{value}”，可选：{allowed}",
        "“{fact}” has no value “{value}”; choose from: {allowed}",
    ),
    "compile.in_needs_list": (
        '“in”后面应当是一个列表，例如 ["small", "micro"]',
        '“in” needs a list after it, e.g. ["small", "micro"]',
    ),
    "compile.in_type": ("{type}不能用“in”判断", "{type} cannot be used with “in”"),
    "compile.list_item_type": (
        "列表里的值应当是{want}，这里是{got}",
        "the list's values must be {want}, this is {got}",
    ),
    "compile.empty_list": ("列表不能为空", "the list cannot be empty"),
    "compile.under_left": (
        "“under”（属于）的左边只能是 region 或 industry 这类分级代码",
        "the left of “under” must be a hierarchical code such as region or industry",
    ),
    "compile.under_right": (
        '“under”（属于）的右边应当是代码文字，例如 "220000"',
        'the right of “under” must be a code in quotes, e.g. "220000"',
    ),
    "compile.empty_code": ("代码不能为空", "the code cannot be empty"),
    "compile.if_types": (
        "“if … else …”两个分支类型必须相同：{a} 与 {b}",
        "both branches of “if … else …” must have the same type: {a} and {b}",
    ),
    "compile.unknown_function": (
        "未知的函数“{name}”，可用：{available}",
        "unknown function “{name}”; available: {available}",
    ),
    "compile.arg_count": (
        "函数“{name}”需要 {count} 个参数，实际 {got} 个",
        "function “{name}” takes {count} arguments, {got} given",
    ),
    "compile.no_such_arg": ("函数“{name}”没有参数“{arg}”", "function “{name}” has no argument “{arg}”"),
    "compile.date_arg": (
        'date() 的参数应当是 "YYYY-MM-DD" 形式的文字',
        'date() takes a text of the form "YYYY-MM-DD"',
    ),
    "compile.bad_date": (
        "日期“{value}”不正确，应当是 YYYY-MM-DD",
        "the date “{value}” is wrong, write YYYY-MM-DD",
    ),
    "compile.date_out_of_range": (
        "从{date}起加减后的日期超出了可以计算的范围（公元1年至9999年）",
        "the date computed from {date} is outside the range that can be computed (years 1 to 9999)",
    ),
    "compile.int_constant": ("{name}() 的参数必须是整数常量", "{name}() takes a whole-number constant"),
    "compile.designated_arg": (
        'designated() 的参数应当是资质名称，例如 "高新技术企业"',
        'designated() takes the name of a designation, e.g. "高新技术企业"',
    ),
    "compile.unknown_designation": ("未知的资质“{name}”{hint}", "unknown designation “{name}”{hint}"),
    "compile.on_date": ("on= 应当是日期，例如 today - years(1)", "on= must be a date, e.g. today - years(1)"),
    "compile.known_arg": ("known() 的参数应当是一个事实", "known() takes a fact"),
    "compile.two_args": ("{name}() 至少需要两个参数", "{name}() needs at least two arguments"),
    "compile.number_args": ("{name}() 的参数必须是数值", "{name}() takes numbers"),
    "compile.stat_name": (
        "这里应当是年度统计字段名，例如 rd_expenditure",
        "a yearly statistic's name is expected here, e.g. rd_expenditure",
    ),
    "compile.year_count": (
        "年数应当是 1 到 10 的整数",
        "the number of years must be a whole number from 1 to 10",
    ),
    "compile.need_number": ("这里需要一个数值，实际是{got}", "a number is needed here, this is {got}"),
    # labels the compiler gives to values
    "facts.unknown": ("未知的事实“{name}”{hint}", "unknown fact “{name}”{hint}"),
    "facts.unknown_stat": ("未知的年度统计字段“{name}”{hint}", "unknown yearly statistic “{name}”{hint}"),
    "facts.did_you_mean": ("，是不是“{name}”？", ", did you mean “{name}”?"),
    "facts.not_number": ("{field}：不是数值：{value}", "{field}: not a number: {value}"),
    "facts.negative": ("{field}：不能为负数：{value}", "{field}: cannot be negative: {value}"),
    "facts.not_date": ("{field}：不是日期：{value}", "{field}: not a date: {value}"),
    "facts.bad_designations": (
        "资质认定情况应为列表，每项写作 {{kind: …, valid_from: …, valid_to: …}}：{value}",
        "designations must be a list, each written {{kind: …, valid_from: …, valid_to: …}}: {value}",
    ),
    "facts.bad_designation": (
        "资质认定情况第 {index} 项应写作 {{kind: …, valid_from: …, valid_to: …}}：{value}",
        "designation {index} must be written {{kind: …, valid_from: …, valid_to: …}}: {value}",
    ),
    "facts.bad_year": ("年度“{year}”不是年份", "“{year}” is not a year"),
    "facts.founded_after": (
        "成立日期 {founded} 晚于申请日 {today}",
        "the founding date {founded} is after the application date {today}",
    ),
    "label.today": ("申请日", "application date"),
    "label.stat": ("{year}年{label}", "{year} {label}"),
    "label.sum_years": ("{first}—{last}年{label}合计", "{label}, {first}–{last} total"),
    "label.sum_operating_years": (
        "{first}—{last}年（按实际经营年度）{label}合计",
        "{label}, {first}–{last} total (years in operation)",
    ),
    "label.growth": ("{year}年{label}增长率", "{year} {label} growth"),
    # explanations
    "label.designations": ("资质认定情况", "designations"),
    "step.compare": ("{head} {actual}，要求 {op} {threshold}", "{head} {actual}, required {op} {threshold}"),
    "step.compare_with": (
        "{head} {actual}，要求 {op} {threshold}（{other}）",
        "{head} {actual}, required {op} {threshold} ({other})",
    ),
    "step.in": ("{head} {actual}，要求为 {options} 之一", "{head} {actual}, required one of {options}"),
    "step.in_one": ("{head} {actual}，要求为 {options}", "{head} {actual}, required {options}"),
    "step.not_in": ("{head} {actual}，不得为 {options} 之一", "{head} {actual}, must not be {options}"),
    "step.under": ("{head} {actual}，要求属于 {code}", "{head} {actual}, required within {code}"),
    "step.on": ("（{day}）", " (on {day})"),
    "step.designated_missing": ("{name}：缺少资质认定情况", "{name}: designations not provided"),
    "step.valid_until": ("，有效期至 {day}", ", valid until {day}"),
    "step.certificate": ("证书 {number}", "certificate {number}"),
    "step.designated": ("已认定", "designated"),
    "step.designation_expired": (
        "{name}：资质不在有效期内（{period}）",
        "{name}: not valid on that date ({period})",
    ),
    "step.designation_none": ("{name}：未取得{kind}资质", "{name}: not designated {kind}"),
    "step.known": ("{name}已填报", "{name} reported"),
    "step.unknown": ("{name}未填报", "{name} not reported"),
    "step.group": ("{name}（{ok}/{total} 项满足）", "{name} ({ok} of {total} met)"),
    "step.value": ("{name} {value}", "{name} {value}"),
    # the smallest change
    "change.supply": ("补充{what}", "provide {what}"),
    "change.obtain": ("取得{kind}资质", "obtain the {kind} designation"),
    "change.not_current": ("{what}不得为当前的“{value}”", "{what} must not be the current “{value}”"),
    "change.one_of": ("{what}须为 {options} 之一", "{what} must be one of {options}"),
    "change.under": ("{what}须属于 {code}", "{what} must be within {code}"),
    "change.date_le": ("{what}须不晚于{value}", "{what} must be on or before {value}"),
    "change.date_lt": ("{what}须早于{value}", "{what} must be before {value}"),
    "change.date_ge": ("{what}须不早于{value}", "{what} must be on or after {value}"),
    "change.date_gt": ("{what}须晚于{value}", "{what} must be after {value}"),
    "change.must": ("{what}须{op} {value}", "{what} must be {op} {value}"),
    "change.not_met": ("{name}：不满足", "{name}: not met"),
    "change.is": ("{what} {current}，要求 {op} {value}", "{what} {current}, required {op} {value}"),
    "change.raise": ("{what}从 {current} 提高到 {target}", "raise {what} from {current} to {target}"),
    "change.lower": ("{what}从 {current} 降低到 {target}", "lower {what} from {current} to {target}"),
    # what-if thresholds
    "whatif.tier": ("分档值", "tier value"),
    "whatif.otherwise": ("否则（{cond} 不成立）", "otherwise ({cond} not true)"),
    "whatif.when": ("{name}：{when}时", "{name}: when {when}"),
    # rule files
    "rule.missing_key": ("规则缺少“{key}”", "the rule has no “{key}”"),
    "rule.unknown_key": (
        "未知的字段“{key}”，可用字段：{keys}",
        "unknown field “{key}”; the fields are: {keys}",
    ),
    "rule.source": (
        "source 必须写明 document（文件名称），并尽量写明 number（文号）和 article（条款）",
        "source must give the document (its title), and if possible its number and article",
    ),
    "rule.effective_order": (
        "有效期结束日期早于开始日期",
        "the end of the effective period is before its start",
    ),
    "rule.benefit_type": (
        "未知的优惠类型“{value}”，可选：{choices}",
        "unknown benefit type “{value}”; choose from: {choices}",
    ),
    "rule.mode": (
        "未知的兑现方式“{value}”，可选：apply（依申请）、automatic（免申即享）",
        "unknown mode “{value}”; choose apply (on application) or automatic (granted without application)",
    ),
    "rule.define": (
        "命名条件应当是表达式，或写成 {{label: …, expr: …}}",
        "a named condition is an expression, or {{label: …, expr: …}}",
    ),
    "rule.period": ("{start}至{end}", "{start} to {end}"),
    "rule.open_start": ("不限", "any time"),
    "rule.open_end": ("长期", "no end date"),
    "rule.gate": (
        "政策有效期 {period}，申请日 {today} 不在有效期内",
        "the policy is in force {period}; the application date {today} is outside it",
    ),
    "rule.not_in_force": ("政策不在有效期内", "the policy is not in force"),
    "rule.condition_keys": (
        "条件应当只写 all、any、not、when、use 之一（可另加 label、format）",
        "a condition has exactly one of all, any, not, when, use (and optionally label, format)",
    ),
    "rule.nonempty_list": ("“{key}”后面应当是非空列表", "“{key}” needs a non-empty list"),
    "rule.unknown_condition": (
        "未知的条件写法“{key}”，可用 all、any、not、when、use",
        "unknown condition “{key}”; use all, any, not, when, use",
    ),
    "rule.condition": (
        "条件应当是表达式文字或 all/any/not 映射",
        "a condition is an expression or an all/any/not mapping",
    ),
    "rule.source_text": (
        "source.text 应为 quote（条文原文）或 summary（摘要），而不是“{value}”",
        "source.text must be quote (the article's words) or summary, not “{value}”",
    ),
    "source.quote": ("以上为条文原文摘录", "The above quotes the article"),
    "source.summary": (
        "以上为条文内容摘要，并非原文，以文件原文为准",
        "The above summarises the article in our words; the document's text prevails",
    ),
    "source.checked": ("{note}（已对照{checked}核对）", "{note} (checked against {checked})"),
    "source.unchecked": (
        "{note}（文号、条款未能对照官方原文核对）",
        "{note} (number and article not checked against the official text)",
    ),
    "coverage.false": ("没有案例使“{condition}”不满足", "no case fails “{condition}”"),
    "coverage.true": ("没有案例使“{condition}”满足", "no case meets “{condition}”"),
    "coverage.unknown": ("没有案例缺少“{condition}”所需的数据", "no case lacks the data of “{condition}”"),
    "coverage.edge": (
        "没有案例恰好处在“{condition}”的边界（两边相等）",
        "no case sits exactly on the edge of “{condition}” (both sides equal)",
    ),
    "coverage.before": (
        "没有申请日早于“{condition}”施行日期的案例",
        "no case is dated before “{condition}” took effect",
    ),
    "coverage.after": (
        "没有申请日晚于“{condition}”失效日期的案例",
        "no case is dated after “{condition}” ceased to apply",
    ),
    "coverage.cites": (
        "案例“{condition}”没有注明所测试的条款（cites：第几条第几项）",
        "the case “{condition}” does not name the article it tests (cites:)",
    ),
    "step.depends": ("视{what}而定", "depends on {what}"),
    "yaml.bad_date": (
        "日期不正确（月份或日期超出范围），应当是 YYYY-MM-DD",
        "a date is wrong (month or day out of range), write YYYY-MM-DD",
    ),
    "case.mapping": ("案例应当是映射", "a case must be a mapping"),
    "case.today": ("案例缺少 today（申请日）", "the case has no today (application date)"),
    "case.expected": (
        "expected 应当是 eligible、ineligible、unknown 或 held（已持有）",
        "expected must be eligible, ineligible, unknown or held",
    ),
    "case.name": ("案例{n}", "case {n}"),
    # results
    "status.eligible": ("符合", "eligible"),
    "status.ineligible": ("不符合", "not eligible"),
    "status.unknown": ("无法判断（缺少数据）", "cannot tell (figures missing)"),
    "status.held": ("已持有", "already held"),
    "held.head": ("已持有{kind}资质", "already holds the {kind} designation"),
    "held.number": ("证书 {number}", "certificate {number}"),
    "held.until": ("有效期至{day}", "valid until {day}"),
    "held.no_end": ("长期有效", "valid without end date"),
    "held.renew": ("{renewal}应于{day}前申请", "apply for {renewal} before {day}"),
    "held.outlook": ("按现有数据，{renewal}时：{status}", "on the present figures, at {renewal}: {status}"),
    "result.reasons": ("不符合的原因（无法通过自身调整）：", "why not (the enterprise cannot change this):"),
    "result.also": ("此外还需：", "also needed:"),
    "rule.grants": (
        "grants 应当写明 designation（授予的资质，{kinds} 之一）",
        "grants must name the designation granted (one of {kinds})",
    ),
    "rule.grants_months": (
        "grants.before_months 应当是 0 到 36 的整数（到期前几个月申请）",
        "grants.before_months must be a whole number from 0 to 36 (months before expiry)",
    ),
    "result.basis": ("依据{source}，申请日 {today}", "under {source}, application date {today}"),
    "result.head": ("{title}：{status}（{basis}）", "{title}: {status} ({basis})"),
    "result.missing": ("缺少：{facts}", "missing: {facts}"),
    "result.to_qualify": ("达到条件还需：", "to qualify:"),
    "result.no_change": ("无法计算最小调整方案", "no smallest change can be computed"),
    "result.reviewed": ("由评审核实（数据无法判断）：", "checked by reviewers (the data cannot tell):"),
    "rule.reviewed": (
        "reviewed 应当是由评审核实的条件（文字）的列表",
        "reviewed must be a list of the conditions reviewers check (text)",
    ),
    "result.amount": ("预计金额：{amount}", "estimated amount: {amount}"),
    "change.fixed": ("（无法通过自身调整）", " (cannot be changed by the enterprise)"),
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
    "list.comma": ("，", ", "),
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
    "境内研发费用": "R&D expenditure in China",
    "技术转让所得": "income from technology transfer",
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
    "著名商标企业": "Famous Trademark Enterprise",
    "质量奖获奖单位": "Quality Award Winner",
    "科学技术奖获奖单位": "Science and Technology Award Winner",
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

# The messages as shown when they have no placeholders to fill ("{{" written for a literal brace).
_PLAIN: dict[str, tuple[str, str]] = {
    key: (zh.replace("{{", "{").replace("}}", "}"), en.replace("{{", "{").replace("}}", "}"))
    for key, (zh, en) in MESSAGES.items()
}
