"""Tokenisation: dictionary words plus character bigrams.

Why not plain ``jieba.lcut``: on this 2-core machine jieba segments about 0.4 M characters a second, so
100,000 abstracts (≈21 M characters) would take ~50 s before any indexing.  The default segmenter here
is a reverse-maximum-matching pass over *jieba's own dictionary* plus the domain dictionary grown from the
platform's keywords — about twice as fast, and the same words for the vast majority of text.  Set
``segmenter="jieba"`` to use jieba's full DAG/HMM segmentation instead.

Unknown technical terms (``富营养化``, ``稀土镁合金``) are not in any dictionary at first.  Every run of
CJK characters therefore also yields its character bigrams, stored as separate terms with a ``~`` prefix.
A query word the dictionary splits differently from the document still matches through its bigrams.
With ``singles`` (the matching index's setting) a character no dictionary word covers is a term too:
``硼`` in ``水体中硼的去除`` (elements, single-character materials and crops) would otherwise only be found
inside bigrams such as ``中硼`` that no document holds.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Iterable

from kechuang.matching.normalize import normalize_text

BIGRAM_PREFIX = "~"
_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:[.\-+][a-z0-9]+)*")
# Function characters: a bigram containing one of them carries no topic ("的研", "和方").
_STOP_CHARS = frozenset("的了和与及或等并其之在对是将被把也而从以于由这该此各")
_STOP_WORDS = frozenset(
    [
        "我们",
        "本文",
        "研究",
        "进行",
        "通过",
        "采用",
        "利用",
        "结果",
        "表明",
        "方法",
        "提出",
        "一种",
        "具有",
        "以及",
        "可以",
        "对于",
        "基于",
        "并且",
        "同时",
        "其中",
        "分别",
        "主要",
        "相关",
        "不同",
        "进一步",
        "分析",
        "问题",
    ]
)
MAX_WORD_LEN = 12  # domain words
MAX_JIEBA_WORD_LEN = 4  # longer jieba entries are mostly idioms; capping them halves segmentation time


@functools.cache
def _jieba_words() -> frozenset[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return frozenset(w for w, f in jieba.dt.FREQ.items() if f > 0 and 2 <= len(w) <= MAX_JIEBA_WORD_LEN)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


class Tokenizer:
    """Turns normalised text into index terms.

    ``extra_words`` is the domain dictionary (e.g. every keyword ever entered on the platform).
    """

    def __init__(
        self, extra_words: Iterable[str] = (), *, segmenter: str = "rmm", singles: bool = False
    ) -> None:
        if segmenter not in {"rmm", "jieba"}:
            raise ValueError(f"unknown segmenter: {segmenter!r}")
        self.segmenter = segmenter
        self.singles = singles
        self.domain_words: set[str] = set()
        self._words: set[str] = set(_jieba_words())
        self._lens_by_end: dict[str, tuple[int, ...]] = {}
        self._rebuild_lengths(self._words)
        self.add_words(extra_words)

    def _rebuild_lengths(self, words: Iterable[str]) -> None:
        acc: dict[str, set[int]] = {}
        for w in words:
            acc.setdefault(w[-1], set()).add(len(w))
        for ch, lens in acc.items():
            old = self._lens_by_end.get(ch, ())
            self._lens_by_end[ch] = tuple(sorted(set(old) | lens, reverse=True))

    def add_words(self, words: Iterable[str]) -> list[str]:
        """Add domain words; returns the ones that were new.  Non-CJK or odd-length words are ignored."""
        new = []
        for raw in words:
            w = normalize_text(raw).replace(" ", "")
            if 2 <= len(w) <= MAX_WORD_LEN and all(_is_cjk(c) for c in w) and w not in self.domain_words:
                self.domain_words.add(w)
                if w not in self._words:
                    self._words.add(w)
                    new.append(w)
        if new:
            self._rebuild_lengths(new)
            if self.segmenter == "jieba":
                import jieba

                for w in new:
                    jieba.add_word(w)
        return new

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is a whole word (jieba's dictionary or the domain words)."""
        return word in self._words

    # -- segmentation ---------------------------------------------------------------------------------
    def _segment_run(self, run: str) -> list[str]:
        """Reverse maximum matching of one CJK run; returns words in reverse order (order is irrelevant)."""
        words = self._words
        lens_by_end = self._lens_by_end
        out: list[str] = []
        j = len(run)
        while j > 0:
            for length in lens_by_end.get(run[j - 1], ()):
                if length <= j and run[j - length : j] in words:
                    out.append(run[j - length : j])
                    j -= length
                    break
            else:
                out.append(run[j - 1])
                j -= 1
        return out

    def words(self, text: str, *, normalized: bool = False) -> list[str]:
        """Dictionary words and Latin/number tokens of ``text`` (no bigrams, no stop words)."""
        if not normalized:
            text = normalize_text(text)
        out: list[str] = []
        if self.segmenter == "jieba":
            import jieba

            for run in _RUNS.findall(text):
                if _is_cjk(run[0]):
                    out.extend(w for w in jieba.lcut(run, HMM=False) if len(w) > 1 and w not in _STOP_WORDS)
                    if len(run) == 1:
                        out.append(run)
                else:
                    out.append(run)
            return out
        for run in _RUNS.findall(text):
            if _is_cjk(run[0]):
                if len(run) == 1:
                    out.append(run)
                    continue
                out.extend(w for w in self._segment_run(run) if len(w) > 1 and w not in _STOP_WORDS)
            else:
                out.append(run)
        return out

    def tokens(self, text: str, *, normalized: bool = False) -> list[str]:
        """Index terms: words plus ``~``-prefixed CJK bigrams."""
        if not normalized:
            text = normalize_text(text)
        if self.segmenter == "jieba":
            out = self.words(text, normalized=True)
            for run in _RUNS.findall(text):
                if len(run) > 1 and _is_cjk(run[0]):
                    out.extend(self._bigrams(run))
            return out
        out = []
        stop_words = _STOP_WORDS
        singles = self.singles
        for run in _RUNS.findall(text):
            if _is_cjk(run[0]):
                if len(run) == 1:
                    out.append(run)
                    continue
                for w in self._segment_run(run):
                    if len(w) > 1:
                        if w not in stop_words:
                            out.append(w)
                    elif singles and w not in _STOP_CHARS:
                        out.append(w)  # a character no word covers: 硼 in 水体中硼的去除
                out.extend(self._bigrams(run))
            else:
                out.append(run)
        return out

    @staticmethod
    def _bigrams(run: str) -> list[str]:
        stop = _STOP_CHARS
        prefix = BIGRAM_PREFIX
        return [prefix + a + b for a, b in itertools.pairwise(run) if a not in stop and b not in stop]


def cjk_runs(text: str) -> list[str]:
    """The runs of CJK characters of normalised ``text``."""
    return [run for run in _RUNS.findall(text) if _is_cjk(run[0])]


def display_term(term: str) -> str:
    """The human-readable form of an index term."""
    return term[1:] if term.startswith(BIGRAM_PREFIX) else term
