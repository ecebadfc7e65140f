"""Errors raised while reading a rule: always with a position and a reason (Chinese by default, see
:mod:`.i18n`)."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import t


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` inside one expression text."""

    start: int
    end: int

    def join(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


class RuleError(ValueError):
    """A rule that does not parse, names an unknown fact or mixes incompatible types.

    ``reason`` is the explanation (in Chinese, or in English inside ``i18n.language("en")``); ``where`` names the place in the rule file
    (for example ``rule.all[2]`` or ``define.rd_ratio``), ``position`` is the 0-based character
    offset inside the expression text and ``text`` the expression itself, so the message can
    point at the offending character.
    """

    def __init__(
        self,
        reason: str,
        *,
        text: str = "",
        span: Span | None = None,
        where: str = "",
        file: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.reason = reason
        self.text = text
        self.span = span
        self.where = where
        self.file = file
        self.line = line  # 1-based line and column in the rule file's text, when known
        self.column = column
        super().__init__(self.render())

    @property
    def position(self) -> int | None:
        return None if self.span is None else self.span.start

    def located(self, *, where: str = "", file: str = "") -> RuleError:
        """Return a copy that also names the place in the rule file."""
        return RuleError(
            self.reason,
            text=self.text,
            span=self.span,
            where=self.where or where,
            file=self.file or file,
            line=self.line,
            column=self.column,
        )

    def at(self, line: int | None, column: int | None) -> RuleError:
        """Return a copy that also knows the line and column in the rule file's text."""
        return RuleError(
            self.reason,
            text=self.text,
            span=self.span,
            where=self.where,
            file=self.file,
            line=line,
            column=column,
        )

    def render(self) -> str:
        head = []
        if self.file:
            head.append(self.file)
        if self.where:
            head.append(self.where)
        sep = t("sep.colon")
        prefix = sep.join(head)
        if self.span is not None and self.text:
            col = self.span.start + 1
            msg = t("error.at_char", col=col, reason=self.reason)
            width = max(1, min(self.span.end, len(self.text)) - self.span.start)
            caret = "\n    " + self.text + "\n    " + _pad(self.text[: self.span.start]) + "^" * width
        else:
            msg = self.reason
            caret = ""
        return (f"{prefix}{sep}{msg}" if prefix else msg) + caret

    def as_dict(self) -> dict[str, object]:
        return {
            "reason": self.reason,
            "where": self.where,
            "file": self.file,
            "position": self.position,
            "text": self.text,
            "line": self.line,
            "column": self.column,
        }


class FactsError(RuleError):
    """Facts that cannot be true: an unknown name, a value that is not a number or not a date, a negative
    amount or count, a founding date after the application date. ``field`` names the fact as written
    (``stats[2025].rd_expenditure``); the reason names it as people read it."""

    def __init__(self, reason: str, *, field: str = "") -> None:
        super().__init__(reason, where=field)
        self.field = field

    def located(self, *, where: str = "", file: str = "") -> RuleError:
        return self


def _pad(prefix: str) -> str:
    """Spaces under ``prefix``, two per wide (CJK) character so the caret lines up in a terminal."""
    return "".join("  " if ord(ch) > 0x2E80 else " " for ch in prefix)
