"""Query expansion for words the index has never seen.

A short demand often names its product in a word no indexed document uses (``锡矿``, ``缫丝``,
``刨花板``): neither the word nor any of its character bigrams occurs, so plain BM25 finds nothing and
the semantic space has no vector for it.  Chinese compounds put their head last (锡\\ **矿** is a kind of
矿), so such a word is replaced by the indexed words that share its head character at the end
(``铁矿``, ``金矿``, ``矿``-words) — the nearest "kind of the same thing" the corpus knows.  The words
come from the index's own vocabulary (append-only, so the character map grows incrementally).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kechuang.matching.tokenize import BIGRAM_PREFIX


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


class HeadExpander:
    """Maps a head character to the vocabulary's words ending with it (term ids)."""

    def __init__(self) -> None:
        self._by_head: dict[str, list[int]] = {}
        self._seen = 0
        self._lock = threading.Lock()

    def _update(self, terms: list[str], size: int) -> None:
        with self._lock:
            by_head = self._by_head
            for tid in range(self._seen, size):
                t = terms[tid]
                if len(t) >= 2 and not t.startswith(BIGRAM_PREFIX) and _is_cjk(t[-1]) and _is_cjk(t[0]):
                    by_head.setdefault(t[-1], []).append(tid)
            self._seen = max(self._seen, size)

    def expand(
        self,
        word: str,
        *,
        terms: list[str],
        size: int,
        df: Callable[[int], int],
        limit: int,
        min_df: int = 2,
    ) -> list[str]:
        """Up to ``limit`` indexed words ending with ``word``'s last character, the most frequent first
        (none for a word of one character or with a non-CJK end)."""
        if len(word) < 2 or limit <= 0 or not _is_cjk(word[-1]):
            return []
        if self._seen < size:
            self._update(terms, size)
        cands = [tid for tid in self._by_head.get(word[-1], ()) if tid < size and df(tid) >= min_df]
        cands.sort(key=lambda tid: -df(tid))
        return [terms[tid] for tid in cands[:limit]]
