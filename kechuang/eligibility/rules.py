"""Rule files: a measure's eligibility rule with its legal source, effective dates and cases.

A rule file (YAML) looks like this — see ``docs/rule-language.md`` for the whole language::

    id: rd-super-deduction-2023
    title: 研发费用税前加计扣除（100%）
    source:
      document: 财政部 税务总局关于进一步完善研发费用税前加计扣除政策的公告
      number: 财政部 税务总局公告2023年第7号
      article: 第一条
    effective: {from: 2023-01-01}
    benefit: {type: tax_relief, text: 研发费用按实际发生额的100%在税前加计扣除,
              amount: "stats[last_year].rd_expenditure * 100% * 25%"}
    define:
      负面清单行业: industry under "16" or industry under "C17" ...
    rule:
      all:
        - kind == "enterprise"
        - label: 上年度发生研发费用
          when: stats[last_year].rd_expenditure > 0
        - not: 负面清单行业
    cases:
      - name: 制造业企业
        today: 2026-05-01
        facts: {...}
        expected: eligible
        reason: 制造业企业、发生研发费用

Condition trees: a string is an expression; a mapping is one of ``all: [...]`` / ``any: [...]`` /
``not: ...`` / ``when: <expression>`` / ``use: <name>``, each optionally with ``label`` (the name
shown in explanations) and ``format`` (``percent``, ``money``, ``count``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from . import nodes as n
from .catalogue import DEFAULT_CATALOGUE, DESIGNATION_KINDS, Catalogue
from .changes import ChangeFinder
from .compiler import Compiler, Context, Definition, compile_condition, compile_value
from .errors import RuleError, Span
from .explain import Change, Explainer, Step
from .facts import Facts, check_dates
from .format import fmt_date, fmt_value
from .held import HELD, Held, held_designation, parse_grant
from .i18n import current as current_language
from .i18n import language
from .i18n import t as tr
from .threevalued import STATUS, Evaluator

BENEFIT_TYPES = {
    "subsidy": "资金补助",
    "tax_relief": "税收优惠",
    "award": "奖励",
    "recognition": "资格认定",
    "voucher": "创新券",
    "loan_interest": "贷款贴息",
    "service": "服务支持",
    "other": "其他",
}
MODES = {"apply": "依申请", "automatic": "免申即享"}
SOURCE_TEXTS = ("quote", "summary")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = loader.construct_mapping(node, deep=True)  # type: ignore[assignment]
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _strip_lines(x) for k, x in v.items() if k != "__line__"}
    if isinstance(v, list):
        return [_strip_lines(x) for x in v]
    return v


def read_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        try:
            return yaml.load(fh, Loader=_LineLoader)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = tr("where.line_column", line=mark.line + 1, column=mark.column + 1) if mark else ""
            raise RuleError(
                tr("yaml.other", problem=getattr(e, "problem", "") or e), where=where, file=str(path)
            ) from None
        except ValueError:  # an unquoted date the calendar refuses (2026-13-01)
            raise RuleError(tr("yaml.bad_date"), file=str(path)) from None


@dataclass(frozen=True, slots=True)
class Source:
    document: str
    number: str = ""
    issuer: str = ""
    article: str = ""
    url: str = ""
    date: dt.date | None = None
    # How the rule's ``summary`` relates to the article: ``quote`` (the article's words) or ``summary`` (our
    # words; the text prevails); ``checked``: the text the citation (and a quote) was checked against.
    text: str = "summary"
    checked: str = ""

    def cite(self) -> str:
        parts = [f"《{self.document}》"]
        if self.number:
            parts.append(f"（{self.number}）")
        if self.article:
            parts.append(self.article)
        return "".join(parts)

    def text_note(self) -> str:
        """What the summary is, for the reader: the article's words (and where they were checked) or a
        summary in our words, the document's text prevailing."""
        note = tr("source.quote" if self.text == "quote" else "source.summary")
        if self.checked:
            return tr("source.checked", note=note, checked=self.checked)
        return tr("source.unchecked", note=note)


@dataclass(slots=True)
class Case:
    name: str
    facts: dict[str, Any]
    expected: str
    today: dt.date
    reason: str = ""
    missing: list[str] | None = None
    explains: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    amount: Decimal | None = None
    line: int = 0
    cites: str = ""  # the article (and clause) of the law the case tests


@dataclass(slots=True)
class Condition:
    """One node of the YAML condition tree, before compilation."""

    kind: str  # expr | all | any | not
    where: str
    text: str = ""
    label: str = ""
    fmt: str = ""
    items: list[Condition] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    """The answer for one organisation and one rule."""

    rule: Rule
    value: bool | None
    step: Step
    changes: list[Change] | None
    amount: Decimal | None
    today: dt.date
    held: Held | None = None  # a valid designation the measure grants, already held

    @property
    def status(self) -> str:
        """eligible / ineligible / unknown — or ``held`` when the organisation already holds what the
        measure grants (``value`` then says how a renewal would be judged on the present figures)."""
        return HELD if self.held is not None else STATUS[self.value]

    @property
    def reasons(self) -> list[Change]:
        """Why it does not qualify: the changes the organisation cannot act on (its size, age, region…)."""
        return [c for c in self.changes or [] if not c.actionable]

    @property
    def advice(self) -> list[Change]:
        """The changes the organisation can make (more R&D, R&D staff, a patent…)."""
        return [c for c in self.changes or [] if c.actionable]

    @property
    def missing(self) -> dict[str, str]:
        return self.step.missing if self.value is None else {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "title": self.rule.title,
            "status": self.status,
            "missing": [{"fact": k, "label": v} for k, v in self.missing.items()],
            "explanation": self.step.as_dict(),
            "changes": None if self.changes is None else [c.as_dict() for c in self.changes],
            "reasons": [c.text for c in self.reasons],
            "held": None if self.held is None else self.held.as_dict(),
            "amount": None if self.amount is None else float(self.amount),
            "source": self.rule.source.cite(),
            "today": self.today.isoformat(),
            "reviewed": list(self.rule.reviewed),
        }

    def render(self) -> str:
        basis = tr("result.basis", source=self.rule.source.cite(), today=fmt_date(self.today))
        lines = [tr("result.head", title=self.rule.title, status=tr("status." + self.status), basis=basis)]
        if self.held is not None:
            lines.append("  " + self.held.text())
            outlook = tr("status." + STATUS[self.value])
            lines.append(
                "  " + tr("held.outlook", renewal=self.held.renewal or self.rule.title, status=outlook)
            )
        lines.append(self.step.render(1))
        if self.missing:
            lines.append("  " + tr("result.missing", facts=tr("list.sep").join(self.missing.values())))
        if self.value is False:
            if self.reasons:
                lines.append("  " + tr("result.reasons"))
                lines += [f"    - {c.text}" for c in self.reasons]
            if self.advice:
                lines.append("  " + tr("result.also" if self.reasons else "result.to_qualify"))
                lines += [f"    - {c.text}" for c in self.advice]
            elif self.changes is None:
                lines.append("  " + tr("result.no_change"))
        if self.amount is not None:
            lines.append("  " + tr("result.amount", amount=fmt_value(self.amount, "money")))
        if self.rule.reviewed:
            lines.append("  " + tr("result.reviewed"))
            lines += [f"    - {c}" for c in self.rule.reviewed]
        return "\n".join(lines)


def _reviewed(raw: Any) -> list[str]:
    """``reviewed:``: the conditions of the measure the data cannot check, quoted from the law (由评审核实);
    every answer lists them."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise RuleError(tr("rule.reviewed"), where="reviewed")
    return [x.strip() for x in raw]


class Rule:
    """A measure's eligibility rule, loaded from a rule file and compiled per application date."""

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        file: str = "",
        catalogue: Catalogue = DEFAULT_CATALOGUE,
        library: Mapping[str, Definition] | None = None,
        designation_kinds: frozenset[str] = DESIGNATION_KINDS,
    ) -> None:
        self.file = file
        self.catalogue = catalogue
        self.designation_kinds = designation_kinds
        try:
            self._load(data, dict(library or {}))
        except RuleError as e:
            raise e.located(file=file) from None
        self._compiled: dict[tuple[dt.date, str], tuple[n.Node, n.Node | None]] = {}
        self.check()

    def _load(self, data: Mapping[str, Any], library: dict[str, Definition]) -> None:
        def need(key: str) -> Any:
            if key not in data or data[key] in (None, ""):
                raise RuleError(tr("rule.missing_key", key=key), where=key)
            return data[key]

        known = {"id", "title", "summary", "source", "effective", "benefit", "define", "rule", "cases",
                 "cases_today", "mode", "department", "materials", "tags", "reviewed", "grants", "__line__"}  # fmt: skip
        for key in data:
            if key not in known:
                raise RuleError(
                    tr("rule.unknown_key", key=key, keys=tr("list.sep").join(sorted(known - {"__line__"}))),
                    where=key,
                )
        self.id = str(need("id"))
        self.title = str(need("title"))
        self.summary = str(data.get("summary") or "")
        src = need("source")
        if not isinstance(src, Mapping) or not src.get("document"):
            raise RuleError(
                tr("rule.source"),
                where="source",
            )
        self.source = Source(
            document=str(src["document"]),
            number=str(src.get("number") or ""),
            issuer=str(src.get("issuer") or ""),
            article=str(src.get("article") or ""),
            url=str(src.get("url") or ""),
            date=_date(src.get("date"), "source.date"),
            text=str(src.get("text") or "summary"),
            checked=str(src.get("checked") or ""),
        )
        if self.source.text not in SOURCE_TEXTS:
            raise RuleError(tr("rule.source_text", value=self.source.text), where="source.text")
        eff = data.get("effective") or {}
        self.effective_from = _date(eff.get("from"), "effective.from")
        self.effective_to = _date(eff.get("to"), "effective.to")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise RuleError(tr("rule.effective_order"), where="effective")
        benefit = data.get("benefit") or {}
        self.benefit_type = str(benefit.get("type") or "other")
        if self.benefit_type not in BENEFIT_TYPES:
            raise RuleError(
                tr("rule.benefit_type", value=self.benefit_type, choices=tr("list.sep").join(BENEFIT_TYPES)),
                where="benefit.type",
            )
        self.benefit_text = str(benefit.get("text") or "")
        self.amount_text = str(benefit.get("amount") or "")
        self.mode = str(data.get("mode") or "apply")
        if self.mode not in MODES:
            raise RuleError(tr("rule.mode", value=self.mode), where="mode")
        self.department = str(data.get("department") or "")
        self.materials = [str(m) for m in data.get("materials") or []]
        self.tags = [str(t) for t in data.get("tags") or []]
        self.reviewed = _reviewed(data.get("reviewed"))
        self.grants = parse_grant(data.get("grants"), self.designation_kinds)
        self.definitions = {**library, **_definitions(data.get("define"), "define.")}
        self.condition = _condition(need("rule"), "rule")
        self.raw_cases = list(data.get("cases") or [])
        self.cases_today = _date(data.get("cases_today"), "cases_today")
        self.data = _strip_lines(dict(data))

    # compilation -------------------------------------------------------------------------------
    def context(self, today: dt.date) -> Context:
        return Context(self.catalogue, today, self.definitions, self.designation_kinds)

    def in_force(self, today: dt.date) -> bool:
        return (self.effective_from is None or self.effective_from <= today) and (
            self.effective_to is None or today <= self.effective_to
        )

    def compile(self, today: dt.date) -> n.Node:
        """The backend-neutral tree for this application date (cached)."""
        return self._compile(today)[0]

    def amount_tree(self, today: dt.date) -> n.Node | None:
        return self._compile(today)[1]

    def _compile(self, today: dt.date) -> tuple[n.Node, n.Node | None]:
        key = (today, current_language())  # labels are compiled in the active language
        got = self._compiled.get(key)
        if got is None:
            ctx = self.context(today)
            try:
                body = _build(self.condition, ctx)
                amount = compile_value(self.amount_text, ctx) if self.amount_text else None
            except RuleError as e:
                raise e.located(file=self.file) from None
            if not self.in_force(today):
                period = tr(
                    "rule.period",
                    start=fmt_date(self.effective_from) if self.effective_from else tr("rule.open_start"),
                    end=fmt_date(self.effective_to) if self.effective_to else tr("rule.open_end"),
                )
                gate = n.BoolConst(False, label=tr("rule.gate", period=period, today=fmt_date(today)))
                body = n.And([gate, body], label=tr("rule.not_in_force"))
            got = (body, amount)
            if len(self._compiled) > 64:
                self._compiled.clear()
            self._compiled[key] = got
        return got

    def check(self) -> None:
        """Compile once for a representative date so a wrong rule is refused when loaded."""
        day = max(self.effective_from or dt.date(2025, 1, 1), dt.date(2000, 1, 1))
        self._compile(day)
        ctx = self.context(day)
        for name, d in self.definitions.items():
            if d.where.startswith("define."):  # this file's own definitions, even unused ones
                Compiler(name, ctx).reference(name, Span(0, len(name)))

    # evaluation --------------------------------------------------------------------------------
    def evaluate(self, facts: Facts | Mapping[str, Any], today: dt.date) -> bool | None:
        f = facts if isinstance(facts, Facts) else Facts(facts, self.catalogue)
        return Evaluator(f).visit(self.compile(today))  # type: ignore[no-any-return]

    def explain(
        self,
        facts: Facts | Mapping[str, Any],
        today: dt.date,
        *,
        changes: bool = True,
        lang: str | None = None,
    ) -> Result:
        """The answer with its explanation; texts in ``lang`` (``zh-hans`` or ``en``; default: the
        current language of :mod:`.i18n`, Chinese unless set)."""
        with language(lang):
            return self._explain(facts, today, changes=changes)

    def _explain(self, facts: Facts | Mapping[str, Any], today: dt.date, *, changes: bool) -> Result:
        f = facts if isinstance(facts, Facts) else Facts(facts, self.catalogue)
        tree, amount_tree = self._compile(today)
        check_dates(f, today)
        step = Explainer(f, today).step(tree)
        heads = (tr("describe.all"), tr("describe.any"))
        if not step.label or step.label in heads:
            step.label = self.title
            step.text = step.text.replace(heads[0], self.title, 1).replace(heads[1], self.title, 1)
        value = step.value
        found = ChangeFinder(f).find(tree) if (changes and value is False and self.in_force(today)) else None
        amount = None
        if value is True and amount_tree is not None:
            amount = Evaluator(f).visit(amount_tree)
            if amount is not None:
                amount = max(Decimal(0), amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # 四舍五入
        held = held_designation(self.grants, f, today)
        return Result(self, value, step, found if value is False else [], amount, today, held)

    def cases(self) -> list[Case]:
        out = []
        for i, c in enumerate(self.raw_cases):
            where = f"cases[{i}]"
            if not isinstance(c, Mapping):
                raise RuleError(tr("case.mapping"), where=where, file=self.file)
            today = _date(c.get("today"), f"{where}.today") or self.cases_today
            if today is None:
                raise RuleError(tr("case.today"), where=where, file=self.file)
            expected = str(c.get("expected") or "")
            if expected not in (*STATUS.values(), HELD):
                raise RuleError(tr("case.expected"), where=where, file=self.file)
            amount = c.get("amount")
            out.append(
                Case(
                    name=str(c.get("name") or tr("case.name", n=i + 1)),
                    facts=_strip_lines(dict(c.get("facts") or {})),
                    expected=expected,
                    today=today,
                    reason=str(c.get("reason") or ""),
                    missing=[str(m) for m in c["missing"]] if c.get("missing") is not None else None,
                    explains=[str(x) for x in c.get("explains") or []],
                    changes=[str(x) for x in c.get("changes") or []],
                    reasons=[str(x) for x in c.get("reasons") or []],
                    amount=None if amount is None else Decimal(str(amount)),
                    line=int(c.get("__line__", 0)),
                    cites=str(c.get("cites") or ""),
                )
            )
        return out


def _definitions(define: Any, where: str) -> dict[str, Definition]:
    """The named conditions and values of a ``define:`` mapping (``where`` prefixes their place)."""
    defs: dict[str, Definition] = {}
    for name, d in (define or {}).items():
        if name == "__line__":
            continue
        if isinstance(d, str):
            defs[name] = Definition(name, d, where=f"{where}{name}")
        elif isinstance(d, Mapping) and d.get("expr"):
            label, fmt = str(d.get("label") or ""), str(d.get("format") or "")
            defs[name] = Definition(name, str(d["expr"]), label, fmt, f"{where}{name}")
        else:
            raise RuleError(tr("rule.define"), where=f"{where}{name}")
    return defs


def _date(v: Any, where: str) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise RuleError(tr("compile.bad_date", value=v), where=where) from None


def _condition(v: Any, where: str) -> Condition:
    if isinstance(v, str | int | float | bool) and not isinstance(v, bool):
        return Condition("expr", where, text=str(v))
    if isinstance(v, Mapping):
        label = str(v.get("label") or "")
        fmt = str(v.get("format") or "")
        keys = [k for k in v if k not in ("label", "format", "__line__")]
        line = v.get("__line__")
        at = where + tr("where.line", line=line) if line else where
        if len(keys) != 1:
            raise RuleError(tr("rule.condition_keys"), where=at)
        key = keys[0]
        body = v[key]
        if key in ("all", "any"):
            if not isinstance(body, list) or not body:
                raise RuleError(tr("rule.nonempty_list", key=key), where=at)
            items = [_condition(x, f"{where}.{key}[{i}]") for i, x in enumerate(body)]
            return Condition(key, at, label=label, fmt=fmt, items=items)
        if key == "not":
            return Condition("not", at, label=label, items=[_condition(body, f"{where}.not")])
        if key in ("when", "use"):
            return Condition("expr", at, text=str(body), label=label, fmt=fmt)
        raise RuleError(tr("rule.unknown_condition", key=key), where=at)
    raise RuleError(tr("rule.condition"), where=where)


def _build(c: Condition, ctx: Context) -> n.Node:
    node: n.Node
    if c.kind == "expr":
        try:
            node = compile_condition(c.text, ctx)
        except RuleError as e:
            raise e.located(where=c.where) from None
    elif c.kind == "all":
        node = n.And([_build(i, ctx) for i in c.items])
    elif c.kind == "any":
        node = n.Or([_build(i, ctx) for i in c.items])
    else:
        node = n.Not(_build(c.items[0], ctx))
    if c.label:
        if isinstance(node, n.Ref):  # do not relabel the shared definition object
            node = n.Ref(node.name, node.body, label=c.label, fmt=node.fmt, text=node.text)
        else:
            node.label = c.label
    if c.fmt:
        node.fmt = c.fmt
        if isinstance(node, n.Compare):
            node.left.fmt = c.fmt
    return node


# --- loading ----------------------------------------------------------------------------------


def load_library(paths: Iterable[Path]) -> dict[str, Definition]:
    """Shared named conditions from ``_*.yaml`` files (``define:`` mapping)."""
    defs: dict[str, Definition] = {}
    for p in paths:
        try:
            defs.update(_definitions((read_yaml(p) or {}).get("define"), f"{p.name}: define."))
        except RuleError as e:
            raise e.located(file=str(p)) from None
    return defs


def load_library_in(directory: Path | str) -> dict[str, Definition]:
    """The shared named conditions of a rule directory: its ``_*.yaml`` files, in name order."""
    return load_library(sorted(Path(directory).glob("_*.yaml")))


def load_rule(path: Path | str, *, library: Mapping[str, Definition] | None = None, **kw: Any) -> Rule:
    """One rule file; by default with the shared definitions of the directory it is in."""
    path = Path(path)
    if library is None:
        library = load_library_in(path.parent)
    data = read_yaml(path)
    if not isinstance(data, Mapping):
        raise RuleError(tr("rule.not_mapping"), file=str(path))
    return Rule(data, file=str(path), library=library, **kw)


def load_rules(directory: Path | str, **kw: Any) -> list[Rule]:
    """Every rule file of a directory (not the ``_*.yaml`` libraries), with the directory's library."""
    directory = Path(directory)
    library = load_library_in(directory)
    return [
        load_rule(p, library=library, **kw)
        for p in sorted(directory.glob("*.yaml"))
        if not p.name.startswith("_")
    ]


def rule_files(path: Path | str) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return [p for p in sorted(path.rglob("*.yaml")) if not p.name.startswith("_")]
    return [path]
