"""Tokeniser and Pratt parser for rule expressions.

The grammar, loosest binding first::

    expr     := or ["if" or "else" expr]            条件值：a if 条件 else b
    or       := and ("or" | "或" and)*
    and      := not ("and" | "且" | "并且" not)*
    not      := ("not" | "非") not | cmp
    cmp      := sum ((op sum)+ | ["not"] "in" sum | "under" sum)?
                op: == != < <= > >= ≥ ≤ ≠ ＝ ；a <= x < b 为区间
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := "-" unary | postfix
    postfix  := atom ("." name | "[" expr "]" | "(" args ")")*
    atom     := number [% | 万 | 亿 | 万元 | 亿元 | 元] | "string" | “string” | [list] | (expr)
              | name | true | false

Numbers take Chinese units: ``3%`` is 0.03, ``5000万`` is 50 000 000 and ``2亿`` is 200 000 000.
Identifiers may be Chinese (named conditions such as ``中小企业``).

Why a hand-written parser and not Python's ``ast`` or a library such as simpleeval / asteval /
json-logic: rule writers are Chinese policy officers, so errors must say, in Chinese, which character
is wrong; numbers need Chinese units (3%, 5000万); full-width operators (≥, ＝, “”) appear in copied
policy text; and the result must be a plain tree that can be checked against the fact catalogue,
evaluated with three-valued logic and compiled to SQL — none of those libraries gives positions in
Chinese, units, or a tree we control, and Python's parser would accept far more than we can compile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .errors import RuleError, Span
from .i18n import t as tr

# --- syntax tree (untyped; resolved into kechuang.eligibility.nodes by the checker) -------------


@dataclass(slots=True)
class S:
    span: Span


@dataclass(slots=True)
class SNum(S):
    value: Decimal
    unit: str = ""


@dataclass(slots=True)
class SStr(S):
    value: str


@dataclass(slots=True)
class SBool(S):
    value: bool


@dataclass(slots=True)
class SName(S):
    name: str


@dataclass(slots=True)
class SAttr(S):
    obj: S
    attr: str
    attr_span: Span


@dataclass(slots=True)
class SIndex(S):
    obj: S
    index: S


@dataclass(slots=True)
class SCall(S):
    func: str
    func_span: Span
    args: list[S]
    kwargs: dict[str, S] = field(default_factory=dict)


@dataclass(slots=True)
class SList(S):
    items: list[S]


@dataclass(slots=True)
class SUnary(S):
    op: str
    operand: S


@dataclass(slots=True)
class SBin(S):
    op: str
    left: S
    right: S


@dataclass(slots=True)
class SCompare(S):
    ops: list[tuple[str, Span]]
    operands: list[S]


@dataclass(slots=True)
class SIn(S):
    left: S
    right: S
    negate: bool


@dataclass(slots=True)
class SUnder(S):
    left: S
    right: S


@dataclass(slots=True)
class SBool3(S):
    op: str  # "and" | "or"
    items: list[S]


@dataclass(slots=True)
class SNot(S):
    operand: S


@dataclass(slots=True)
class SIf(S):
    cond: S
    then: S
    else_: S


# --- tokens ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Tok:
    kind: str  # num, str, name, op, end
    value: str
    span: Span
    unit: str = ""


KEYWORDS = {
    "and": "and",
    "且": "and",
    "并且": "and",
    "or": "or",
    "或": "or",
    "或者": "or",
    "not": "not",
    "非": "not",
    "in": "in",
    "under": "under",
    "属于": "under",
    "if": "if",
    "else": "else",
    "true": "true",
    "false": "false",
    "是": "true",
    "否": "false",
}

OPERATORS = {
    "==": "==",
    "=": "==",
    "＝": "==",
    "!=": "!=",
    "≠": "!=",
    "<=": "<=",
    "≤": "<=",
    ">=": ">=",
    "≥": ">=",
    "<": "<",
    "＜": "<",
    ">": ">",
    "＞": ">",
    "+": "+",
    "＋": "+",
    "-": "-",
    "－": "-",
    "*": "*",
    "×": "*",
    "/": "/",
    "÷": "/",
    "(": "(",
    "（": "(",
    ")": ")",
    "）": ")",
    "[": "[",
    "【": "[",
    "]": "]",
    "】": "]",
    ",": ",",
    "，": ",",
    "、": ",",
    ".": ".",
}
UNITS = {
    "%": Decimal("0.01"),
    "％": Decimal("0.01"),
    "万元": Decimal(10000),
    "亿元": Decimal(10**8),
    "万": Decimal(10000),
    "亿": Decimal(10**8),
    "元": Decimal(1),
}
QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」"}
COMPARE_OPS = {"==", "!=", "<", "<=", ">", ">="}


def _is_name_start(ch: str) -> bool:
    return ch == "_" or ch.isalpha()


def _is_name_char(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch == "\u3000":
            i += 1
            continue
        start = i
        if ch.isdigit() and ch.isascii():
            while i < n and ((text[i].isdigit() and text[i].isascii()) or text[i] in "_"):
                i += 1
            if i < n - 1 and text[i] == "." and text[i + 1].isdigit():
                i += 1
                while i < n and text[i].isdigit() and text[i].isascii():
                    i += 1
            raw = text[start:i].replace("_", "")
            unit = ""
            for u in sorted(UNITS, key=len, reverse=True):
                if text.startswith(u, i):
                    unit = u
                    i += len(u)
                    break
            if i < n and _is_name_char(text[i]) and not unit:
                j = i
                while j < n and _is_name_char(text[j]):
                    j += 1
                raise RuleError(
                    tr("syntax.bad_unit", word=text[i:j]),
                    text=text,
                    span=Span(i, j),
                )
            toks.append(Tok("num", raw, Span(start, i), unit))
            continue
        if ch in QUOTES:
            close = QUOTES[ch]
            j = text.find(close, i + 1)
            if j < 0:
                raise RuleError(tr("syntax.unclosed_string"), text=text, span=Span(start, n))
            toks.append(Tok("str", text[i + 1 : j], Span(start, j + 1)))
            i = j + 1
            continue
        if _is_name_start(ch):
            while i < n and _is_name_char(text[i]):
                i += 1
            word = text[start:i]
            kw = KEYWORDS.get(word)
            if kw is None:
                # a Chinese keyword glued to a name, e.g. "高新技术企业且": split at the keyword
                for k in ("并且", "或者", "且", "或", "属于"):
                    pos = word.find(k)
                    if pos > 0 and not word.isascii():
                        i = start + pos
                        word = text[start:i]
                        break
            if kw is not None:
                toks.append(Tok("kw", kw, Span(start, i)))
            else:
                toks.append(Tok("name", word, Span(start, i)))
            continue
        two = text[i : i + 2]
        if two in OPERATORS:
            toks.append(Tok("op", OPERATORS[two], Span(start, i + 2)))
            i += 2
            continue
        if ch in OPERATORS:
            toks.append(Tok("op", OPERATORS[ch], Span(start, i + 1)))
            i += 1
            continue
        raise RuleError(tr("syntax.bad_char", ch=ch), text=text, span=Span(start, start + 1))
    toks.append(Tok("end", "", Span(n, n)))
    return toks


class Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.i = 0

    # helpers
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def advance(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def at(self, kind: str, value: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (value is None or t.value == value)

    def expect_op(self, value: str, what: str) -> Tok:
        if not self.at("op", value):
            raise self.error(tr("syntax.expected", what=what))
        return self.advance()

    def error(self, reason: str, span: Span | None = None) -> RuleError:
        t = self.tok
        if span is None:
            span = t.span if t.kind != "end" else Span(len(self.text), len(self.text) + 1)
            if t.kind == "end":
                reason = tr("syntax.but_ended", reason=reason)
        return RuleError(reason, text=self.text, span=span)

    # grammar
    def parse(self) -> S:
        if self.at("end"):
            raise RuleError(tr("syntax.empty"), text=self.text, span=Span(0, 1))
        node = self.expr()
        if not self.at("end"):
            raise self.error(tr("syntax.extra", text=self.text[self.tok.span.start : self.tok.span.end]))
        return node

    def expr(self) -> S:
        node = self.or_()
        if self.at("kw", "if"):
            self.advance()
            cond = self.or_()
            if not self.at("kw", "else"):
                raise self.error(tr("syntax.if_without_else"))
            self.advance()
            other = self.expr()
            return SIf(node.span.join(other.span), cond, node, other)
        return node

    def or_(self) -> S:
        items = [self.and_()]
        while self.at("kw", "or"):
            self.advance()
            items.append(self.and_())
        if len(items) == 1:
            return items[0]
        return SBool3(items[0].span.join(items[-1].span), "or", items)

    def and_(self) -> S:
        items = [self.not_()]
        while self.at("kw", "and"):
            self.advance()
            items.append(self.not_())
        if len(items) == 1:
            return items[0]
        return SBool3(items[0].span.join(items[-1].span), "and", items)

    def not_(self) -> S:
        if self.at("kw", "not"):
            t = self.advance()
            operand = self.not_()
            return SNot(t.span.join(operand.span), operand)
        return self.cmp()

    def cmp(self) -> S:
        left = self.sum_()
        if self.at("kw", "in") or (self.at("kw", "not") and self.toks[self.i + 1].value == "in"):
            negate = self.advance().value == "not"
            if negate:
                self.advance()
            right = self.sum_()
            return SIn(left.span.join(right.span), left, right, negate)
        if self.at("kw", "under"):
            self.advance()
            right = self.sum_()
            return SUnder(left.span.join(right.span), left, right)
        ops: list[tuple[str, Span]] = []
        operands = [left]
        while self.tok.kind == "op" and self.tok.value in COMPARE_OPS:
            t = self.advance()
            ops.append((t.value, t.span))
            operands.append(self.sum_())
        if not ops:
            return left
        return SCompare(left.span.join(operands[-1].span), ops, operands)

    def sum_(self) -> S:
        node = self.product()
        while self.tok.kind == "op" and self.tok.value in ("+", "-"):
            op = self.advance().value
            right = self.product()
            node = SBin(node.span.join(right.span), op, node, right)
        return node

    def product(self) -> S:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.value in ("*", "/"):
            op = self.advance().value
            right = self.unary()
            node = SBin(node.span.join(right.span), op, node, right)
        return node

    def unary(self) -> S:
        if self.at("op", "-"):
            t = self.advance()
            operand = self.unary()
            return SUnary(t.span.join(operand.span), "-", operand)
        return self.postfix()

    def postfix(self) -> S:
        node = self.atom()
        while True:
            if self.at("op", "."):
                self.advance()
                if not self.at("name"):
                    raise self.error(tr("syntax.dot_needs_field"))
                t = self.advance()
                node = SAttr(node.span.join(t.span), node, t.value, t.span)
            elif self.at("op", "["):
                self.advance()
                index = self.expr()
                end = self.expect_op("]", tr("syntax.token", tok="]"))
                node = SIndex(node.span.join(end.span), node, index)
            elif self.at("op", "(") and isinstance(node, SName):
                self.advance()
                args: list[S] = []
                kwargs: dict[str, S] = {}
                while not self.at("op", ")"):
                    if (
                        self.at("name")
                        and self.toks[self.i + 1].kind == "op"
                        and self.toks[self.i + 1].value == "=="
                    ):
                        key = self.advance().value
                        self.advance()
                        kwargs[key] = self.expr()
                    else:
                        if kwargs:
                            raise self.error(tr("syntax.positional_after_named"))
                        args.append(self.expr())
                    if not self.at("op", ","):
                        break
                    self.advance()
                end = self.expect_op(")", tr("syntax.close_or_comma", close=")"))
                node = SCall(node.span.join(end.span), node.name, node.span, args, kwargs)
            else:
                return node

    def atom(self) -> S:
        t = self.tok
        if t.kind == "num":
            self.advance()
            try:
                value = Decimal(t.value)
            except InvalidOperation as exc:  # pragma: no cover - tokenizer only lets digits through
                raise RuleError(tr("syntax.bad_number"), text=self.text, span=t.span) from exc
            if t.unit:
                value = value * UNITS[t.unit]
            return SNum(t.span, value, t.unit)
        if t.kind == "str":
            self.advance()
            return SStr(t.span, t.value)
        if t.kind == "name":
            self.advance()
            return SName(t.span, t.value)
        if t.kind == "kw" and t.value in ("true", "false"):
            self.advance()
            return SBool(t.span, t.value == "true")
        if self.at("op", "("):
            self.advance()
            node = self.expr()
            self.expect_op(")", tr("syntax.token", tok=")"))
            return node
        if self.at("op", "["):
            start = self.advance()
            items: list[S] = []
            while not self.at("op", "]"):
                items.append(self.expr())
                if not self.at("op", ","):
                    break
                self.advance()
            end = self.expect_op("]", tr("syntax.close_or_comma", close="]"))
            return SList(start.span.join(end.span), items)
        if t.kind == "end":
            raise self.error(tr("syntax.missing_value"))
        raise self.error(tr("syntax.not_a_value", text=self.text[t.span.start : t.span.end]))


def parse(text: str) -> S:
    """Parse one expression; raise :class:`RuleError` with the position on failure."""
    return Parser(text).parse()
