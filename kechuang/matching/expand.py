"""Query expansion for words the index has never seen.

A short demand often names its product in a word no indexed document uses (``锡矿``, ``缫丝``,
``刨花板``): neither the word nor any of its character bigrams occurs, so plain BM25 finds nothing and
the semantic space has no vector for it.  Chinese compounds put their head last (锡\\ **矿** is a kind of
矿), so such a word is replaced by the indexed words that share its head character at the end
(``铁矿``, ``金矿``, ``矿``-words) — the nearest "kind of the same thing" the corpus knows.  The words
come from the index's own vocabulary (append-only, so the character map grows incrementally).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping

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


ABBREVIATION_EXTRA_CHARS = 3  # a full form is 1 to 3 characters longer than the word it abbreviates


def abbreviates(word: str, full: str) -> bool:
    """Whether ``word`` can be a short form of ``full``: the same first and last character, ``full`` 1 to
    :data:`ABBREVIATION_EXTRA_CHARS` characters longer, and ``word``'s characters in ``full`` in order
    (锂电池 of 锂离子电池, 电机 of 电动机)."""
    extra = len(full) - len(word)
    if len(word) < 2 or not 1 <= extra <= ABBREVIATION_EXTRA_CHARS:
        return False
    if full[0] != word[0] or full[-1] != word[-1]:
        return False
    rest = iter(full[1:-1])
    return all(ch in rest for ch in word[1:-1])


class AbbreviationExpander:
    """Maps a word to the longer indexed words it abbreviates (Chinese shortens a compound by dropping
    inner characters and keeps its first and last: 锂电池 for 锂离子电池).

    A user who types the short form means the thing, and a corpus may spell it the long way almost
    everywhere: in the demo's abstracts 锂电池 occurs once (in a paper on boat motion control) and
    锂离子电池 in the three lithium-battery papers.  Only full forms *more frequent* than the word are
    taken, so a common word (材料, 电池) keeps its meaning and is not widened to rarer look-alikes."""

    def __init__(self) -> None:
        self._by_ends: dict[tuple[str, str], list[int]] = {}
        self._seen = 0
        self._lock = threading.Lock()

    def _update(self, terms: list[str], size: int) -> None:
        with self._lock:
            by_ends = self._by_ends
            for tid in range(self._seen, size):
                t = terms[tid]
                if len(t) >= 3 and not t.startswith(BIGRAM_PREFIX) and all(_is_cjk(c) for c in t):
                    by_ends.setdefault((t[0], t[-1]), []).append(tid)
            self._seen = max(self._seen, size)

    def expand(
        self, word: str, *, terms: list[str], size: int, df: Callable[[int], int], word_df: int, limit: int
    ) -> list[int]:
        """The ids of up to ``limit`` indexed words ``word`` abbreviates that are more frequent than it
        (``word_df``), the most frequent first."""
        if len(word) < 2 or limit <= 0 or not all(_is_cjk(c) for c in word):
            return []
        if self._seen < size:
            self._update(terms, size)
        cands = [
            (tid, d)
            for tid in self._by_ends.get((word[0], word[-1]), ())
            if tid < size and (d := df(tid)) > word_df and abbreviates(word, terms[tid])
        ]
        cands.sort(key=lambda x: (-x[1], x[0]))
        return [tid for tid, _ in cands[:limit]]

    def widen(
        self,
        words: list[str],
        qterms: list[tuple[int, float, float]],
        *,
        ids: Mapping[str, int],
        terms: list[str],
        size: int,
        df: Callable[[int], int],
        n_docs: int,
        limit: int,
        weight: float,
    ) -> tuple[list[tuple[int, float, float]], set[str]]:
        """The query terms ``qterms`` — (term id, query count, idf) — with the full forms of the query's
        ``words`` added, each with the word's query count × ``weight``.  The word and its full forms are
        one concept: like a synonym group (Lucene's ``SynonymQuery``) they all weigh the idf of the group's
        most frequent member, so a spelling that one document happens to use does not outweigh the way the
        corpus writes the thing.  Returns the terms and the words that were widened."""
        n = max(n_docs, 1)
        kept = {t for t, _, _ in qterms}
        group_idf: dict[int, float] = {}
        added: dict[int, tuple[float, float]] = {}
        widened: set[str] = set()
        counts: dict[str, int] = {}
        for w in words:
            if len(w) >= 2:
                counts[w] = counts.get(w, 0) + 1
        for word, count in counts.items():
            tid = ids.get(word)
            word_df = df(tid) if tid is not None and tid < size else 0
            if word_df and tid not in kept:
                continue  # a word of a long query left out by ``max_query_terms``: not widened either
            full = self.expand(word, terms=terms, size=size, df=df, word_df=word_df, limit=limit)
            if not full:
                continue
            widened.add(word)
            top_df = max(word_df, df(full[0]))
            idf = math.log(1.0 + (n - top_df + 0.5) / (top_df + 0.5))
            if tid is not None:
                group_idf[tid] = idf
            for f in full:
                before, _ = added.get(f, (0.0, idf))
                added[f] = (before + count * weight, idf)
        if not widened:
            return qterms, widened
        out = [(t, c, min(idf, group_idf.get(t, idf))) for t, c, idf in qterms]
        out += [(t, c, idf) for t, (c, idf) in added.items() if t not in kept]
        return out, widened
