"""Rules of the rule text's reader found unguarded by the mutation run (issue 19, ``benchmarks/mutation.py
eligibility_syntax``): an empty expression is refused pointing at its first character; a text that ends
too early is refused pointing just past its end."""

from __future__ import annotations

import pytest

from kechuang.eligibility import RuleError
from kechuang.eligibility import syntax as s
from kechuang.eligibility.errors import Span


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_an_empty_expression_is_refused_at_its_first_character(text):
    """Rule: an expression with nothing in it (or only spaces) is refused at character 1, with the caret
    under it."""
    with pytest.raises(RuleError) as e:
        s.parse(text)
    assert (e.value.reason, e.value.position, e.value.span) == ("表达式为空", 0, Span(0, 1))
    if text:  # an empty text has no character to show under the message
        assert str(e.value).startswith("第 1 个字符处：表达式为空")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("(1", "这里应当是“)”，但表达式已经结束"), ("1 +", "这里缺少一个值，但表达式已经结束")],
)
def test_a_text_that_ends_too_early_is_refused_just_past_its_end(text, reason):
    """Rule: what is missing at the end is pointed at the character after the last one, and the reason
    says the expression ended."""
    with pytest.raises(RuleError) as e:
        s.parse(text)
    assert (e.value.reason, e.value.position) == (reason, len(text))
    assert str(e.value).splitlines()[-1] == "    " + " " * len(text) + "^"
