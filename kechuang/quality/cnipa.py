"""CNIPA (国家知识产权局) patent application numbers: format and check digit.

Since 2003 an application number has 12 digits and a check character: ``YYYY T NNNNNNN . C`` — the filing
year, the kind (1 发明, 2 实用新型, 3 外观设计, 8 PCT 发明 entering China, 9 PCT 实用新型), a serial number,
then the check character. Before 2003 the number had 8 digits (``YY T NNNNN . C``). The check character
is the sum of the digits weighted 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (cycling from the left) modulo 11;
a remainder of 10 is written ``X``. A leading ``CN`` and the dot are optional on input.
"""

from __future__ import annotations

import operator
import re

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
_WEIGHTS_12 = _WEIGHTS + _WEIGHTS[:4]  # the weights of a 12-digit body, cycled once
_PATTERN = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})\.?([0-9X])$")
KIND_DIGITS = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}


def check_digit(digits: str) -> str:
    """The check character of an 8- or 12-digit application number body."""
    total = sum(map(operator.mul, map(int, digits), _WEIGHTS_12))  # zip stops at the 8th digit too
    rest = total % 11
    return "X" if rest == 10 else str(rest)


class InvalidApplicationNumber(ValueError):
    """``code``: ``format`` (not a CNIPA number), ``check`` (wrong check digit) or ``kind`` (unknown kind)."""

    def __init__(self, code: str, expected: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.expected = expected


def parse_application_number(raw: str) -> tuple[str, str]:
    """``(normalised number, kind)`` of ``raw`` — e.g. ``CN202310123456.6`` → ``("202310123456.6",
    "invention")`` — or :class:`InvalidApplicationNumber`."""
    text = "".join(str(raw or "").split()).upper()  # every whitespace out
    match = _PATTERN.match(text)
    if not match:
        raise InvalidApplicationNumber("format")
    body, given = match.groups()
    kind_digit = body[4] if len(body) == 12 else body[2]
    kind = KIND_DIGITS.get(kind_digit)
    if kind is None:
        raise InvalidApplicationNumber("kind")
    expected = check_digit(body)
    if given != expected:
        raise InvalidApplicationNumber("check", expected)
    return f"{body}.{expected}", kind
