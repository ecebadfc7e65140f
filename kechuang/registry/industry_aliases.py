"""Search words for the industry picker: what people type (光电, 芯片, 新能源 …) → the GB/T 4754 divisions
(大类) such firms are classified in. The words are data, ``data/industry_aliases.csv`` (written by us, see
its header); the shipped table has divisions only, whose names rarely hold these words."""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from pathlib import Path

from kechuang.core.text import normalize_for_search

ALIASES_CSV = Path(__file__).resolve().parent / "data" / "industry_aliases.csv"
MIN_TYPED = 2  # one typed character (光, 电) would offer half the table


def read_aliases(path: Path = ALIASES_CSV) -> dict[str, tuple[str, ...]]:
    """``{word: (division code, …)}`` from the CSV (``#`` lines are comments; codes space-separated)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        out: dict[str, tuple[str, ...]] = {}
        for row in rows:
            word = normalize_for_search(row["alias"].strip())
            codes = tuple(row["divisions"].split())
            if word and codes:
                out[word] = tuple(dict.fromkeys(out.get(word, ()) + codes))
        return out


@functools.cache
def aliases() -> Mapping[str, tuple[str, ...]]:
    return read_aliases()


def divisions_for(text: str, table: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, list[str]]:
    """The divisions the typed ``text`` points to through the search words, each with the words that led
    there (in the table's order of words): a word that starts with the text (光电 while typing 光电), or one
    the text holds (光电子器件 holds 光电). Nothing for fewer than :data:`MIN_TYPED` characters or ASCII."""
    typed = normalize_for_search(text).replace(" ", "")
    if len(typed) < MIN_TYPED or typed.isascii():
        return {}
    out: dict[str, list[str]] = {}
    for word, codes in (aliases() if table is None else table).items():
        if word.startswith(typed) or word in typed:
            for code in codes:
                out.setdefault(code, []).append(word)
    return out
