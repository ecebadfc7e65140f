"""Chinese text normalisation for search.

Everything that goes into the index or into a query passes through :func:`normalize_text`, so a query
typed in Traditional Chinese, with full-width letters or upper case, finds the same documents as its
Simplified, half-width, lower-case form.

Steps, in order:

1. NFKC: full-width ASCII (``ＡＢＣ１２３``) and compatibility forms become half-width.
2. Conversion noise: some documents on government sites went through a converter that appended the
   pinyin of every converted character, e.g. ``關(guān)于`` or ``發(fā)展``.  A parenthesised run of Latin
   letters that carries at least one tone mark, directly after a CJK character, is removed.  Genuine
   parentheses such as ``(IGBT)`` or ``市(州)`` carry no tone marks and are kept.
3. Traditional → Simplified with OpenCC's ``t2s`` tables.  OpenCC's pure-Python converter is slow, so it
   only runs on text that contains at least one character that OpenCC would change.
4. Lower case.

>>> normalize_text("吉林省人民政府辦公廳關(guān)于印發(fā)")
'吉林省人民政府办公厅关于印发'
>>> normalize_text("ＩＧＢＴ模块(MOSFET)")
'igbt模块(mosfet)'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A CJK character followed by "(pinyin)" where the pinyin has a tone mark: the converter's noise.
_PINYIN_NOISE = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[a-zü"
    + _TONE_VOWELS
    + r"]*["
    + _TONE_VOWELS
    + r"])[a-zü"
    + _TONE_VOWELS
    + r"]{1,8}\)",
    re.IGNORECASE,
)


@functools.cache
def _opencc():  # pragma: no cover - trivial
    from opencc import OpenCC

    return OpenCC("t2s")


@functools.cache
def _traditional_chars() -> frozenset[str]:
    """Every character OpenCC's t2s table would change."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars: list[str] = []
    with table.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0]:
                continue
            source = parts[0]
            target = parts[1].split(" ")[0]
            if len(source) == 1 and target != source:
                chars.append(source)
    return frozenset(chars)


def strip_conversion_noise(text: str) -> str:
    """Remove pinyin annotations such as ``(guān)`` left behind by a Traditional/Simplified converter."""
    return _PINYIN_NOISE.sub("", text)


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC t2s); Simplified text is returned unchanged quickly."""
    if _traditional_chars().isdisjoint(text):
        return text
    return _opencc().convert(text)


def normalize_text(text: str | None) -> str:
    """Return the canonical search form of ``text`` (see the module docstring)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if "(" in text:
        text = strip_conversion_noise(text)
    text = to_simplified(text)
    text = text.lower()
    return " ".join(text.split())
