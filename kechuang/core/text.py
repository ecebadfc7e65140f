"""Chinese text helpers shared by search fields: Traditional → Simplified, full-width → half-width, pinyin."""

from __future__ import annotations

import functools
import unicodedata

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def normalize_for_search(text: str) -> str:
    """Simplified, half-width, lower-case, whitespace-collapsed text (for search columns and queries)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text)
    return " ".join(text.lower().split())


def pinyin_initials(text: str) -> str:
    """``长春市`` → ``ccs``: what users type in pickers."""
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(initials).lower()
