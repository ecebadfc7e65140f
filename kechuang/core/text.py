"""Chinese text helpers shared by search fields: Traditional → Simplified, full-width → half-width, pinyin."""

from __future__ import annotations

import functools
import unicodedata

from django.db.models import Q
from opencc import OpenCC
from pypinyin import Style, lazy_pinyin


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@functools.cache
def _t2s_trigger_chars() -> frozenset[str] | None:
    """Characters without which the t2s conversion cannot change a text.

    For every dictionary entry that changes its key, the characters that differ (or the whole key when the
    lengths differ). A text with none of them matches only identity entries, so conversion is a no-op —
    and the pure-Python converter costs ~50 µs per name, which adds up in 100,000-row imports.
    ``None`` (always convert) if the converter's internals are not what we expect.
    """
    converter = _t2s()
    converter.convert("測")  # loads the dictionaries
    chars: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, tuple) and node and isinstance(node[-1], dict):
            for key, value in node[-1].items():
                target = value.split(" ")[0]
                if target == key:
                    continue
                if len(target) == len(key):
                    chars.update(a for a, b in zip(key, target, strict=True) if a != b)
                else:
                    chars.update(key)
        else:
            raise TypeError(type(node))

    try:
        walk(converter._dict_chain_data)
    except (AttributeError, TypeError):
        return None
    return frozenset(chars) if chars else None


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s), skipping texts the conversion cannot change."""
    triggers = _t2s_trigger_chars()
    if triggers is not None and triggers.isdisjoint(text):
        return text
    return _t2s().convert(text)


def normalize_for_search(text: str) -> str:
    """Simplified, half-width, lower-case, whitespace-collapsed text (for search columns and queries)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    return " ".join(text.lower().split())


def pinyin_initials(text: str) -> str:
    """``长春市`` → ``ccs``: what users type in pickers."""
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(initials).lower()


def clean_name(value: object) -> str:
    """A name as typed, made safe to show and compare: control and format characters removed (bidi
    overrides, zero-width spaces and joiners, BOM), whitespace runs collapsed to one space. A name made
    only of such characters comes back empty — the caller refuses it like a missing name. (No NFKC: it
    would turn a Chinese name's full-width brackets （） into ASCII ones and change stored names.)"""
    text = "".join(
        ch for ch in str(value or "") if unicodedata.category(ch) not in {"Cc", "Cf"} or ch.isspace()
    )
    return " ".join(text.split())


def contains_text_q(text: str, *fields: str) -> Q:
    """Any of ``fields`` contains ``text`` as typed or normalised (``normalize_for_search``: Traditional
    or Simplified, full- or half-width, any case) — the search box of a list page. An empty text matches
    everything (``Q()``)."""
    raw = text.strip()
    if not raw:
        return Q()
    term = normalize_for_search(raw)
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": raw}) | Q(**{f"{field}__icontains": term})
    return match


def is_latin_query(text: str) -> bool:
    """Whether a search box's text is written in Latin letters only (``lithium battery``, ``PLC``): it has a
    Latin letter and no CJK character. Searches of Chinese texts say so when such a query finds nothing."""
    text = unicodedata.normalize("NFKC", text or "")
    has_letter = any("a" <= ch.lower() <= "z" for ch in text)
    return has_letter and not any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)
