"""Explanations: why a document was suggested — the shared terms, the semantic closeness, the context
(same industry, region, maturity) and recorded feedback, each with its contribution."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from kechuang.matching.config import RankingConfig
from kechuang.matching.filters import industry_matches
from kechuang.matching.results import Feature, Hit, SearchContext
from kechuang.matching.segments import Segment
from kechuang.matching.tokenize import BIGRAM_PREFIX, display_term

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def shared_terms(
    seg: Segment,
    row: int,
    qw: list[tuple[int, float]],
    terms: list[str],
    *,
    text: str = "",
    is_word: Callable[[str], bool] | None = None,
) -> list[str]:
    """The whole terms the query and the document share, the heaviest first (at most eight).

    Dictionary words both hold come first.  Character bigrams are never shown on their own (``装技``,
    ``光器`` are fragments): a chain of consecutive query bigrams that the document also holds is shown
    only when the chain is a whole dictionary word (``激光器`` from ``激光`` + ``光器``).  A shorter term
    inside a longer one shown is left out.
    """
    weight: dict[str, float] = {}
    bigrams: dict[str, float] = {}
    for tid, w in qw:
        if tid >= seg.n_terms:
            continue
        s, e = seg.p_indptr[tid], seg.p_indptr[tid + 1]
        docs = seg.p_docs[s:e]
        pos = int(np.searchsorted(docs, row))
        if pos < len(docs) and docs[pos] == row:
            c = float(seg.p_w[s + pos]) * w
            term = terms[tid]
            if len(term) == 1 and _CJK_RUN.match(term):
                continue  # a lone character (硼, 中) is a clue, not a reason
            if term.startswith(BIGRAM_PREFIX):
                bigrams[display_term(term)] = c
            else:
                weight[term] = weight.get(term, 0.0) + c
    if text and is_word is not None and bigrams:
        for run in _CJK_RUN.findall(text):
            i = 0
            while i < len(run) - 1:
                j = i
                while j < len(run) - 1 and run[j : j + 2] in bigrams:
                    j += 1
                for a, b in _whole_words(run, i, j + 1, is_word):
                    phrase = run[a:b]
                    if phrase not in weight:
                        weight[phrase] = sum(bigrams[run[k : k + 2]] for k in range(a, b - 1))
                i = max(j, i + 1)
    ranked = sorted(weight, key=lambda t: (-weight[t], t))
    out = [t for t in ranked if not any(t != o and t in o for o in ranked)]
    return out[:8]


def _whole_words(run: str, start: int, end: int, is_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The dictionary words covering ``run[start:end]`` (a chain of shared bigrams): the whole chain when
    it is a word, else the longest words found left to right (characters outside any word are skipped)."""
    if end - start < 2:
        return []
    if is_word(run[start:end]):
        return [(start, end)]
    out = []
    i = start
    while i < end - 1:
        for b in range(end, i + 1, -1):
            if is_word(run[i:b]):
                out.append((i, b))
                i = b
                break
        else:
            i += 1
    return out


def context_features(attrs: dict[str, Any], ctx: SearchContext, cfg: RankingConfig) -> Iterator[Feature]:
    """How the asker's context moves a candidate: same industry, same region, maturity against the
    minimum asked for."""
    if ctx.industry and attrs["industry"]:
        wanted = ctx.industry.upper()
        if industry_matches(attrs["industry"], wanted[:3]) or industry_matches(wanted, attrs["industry"][:3]):
            yield Feature("industry", cfg.context_industry, attrs["industry"])
    if ctx.region and attrs["region"]:
        if attrs["region"][:4] == ctx.region[:4]:
            yield Feature("region", cfg.context_region, attrs["region"])
        elif attrs["region"][:2] == ctx.region[:2]:
            yield Feature("region", cfg.context_region / 2, attrs["region"])
    if ctx.min_trl and attrs["trl"]:
        if attrs["trl"] >= ctx.min_trl:
            yield Feature("maturity", cfg.context_trl, attrs["trl"])
        else:
            yield Feature("maturity", -cfg.context_trl * (ctx.min_trl - attrs["trl"]), attrs["trl"])
    elif attrs["trl"]:
        yield Feature("maturity", 0.0, attrs["trl"])


def compare(above: Hit, below: Hit) -> list[Feature]:
    """Why ``above`` ranks over ``below``, from the same scores that ranked them: for every feature either
    has, the difference of the two contributions (``detail`` is the pair of details), largest first.
    The differences add up to the difference of the two scores."""
    a = {f.key: f for f in (above.explanation.features if above.explanation else [])}
    b = {f.key: f for f in (below.explanation.features if below.explanation else [])}
    out = []
    for key in dict.fromkeys([*a, *b]):
        fa, fb = a.get(key), b.get(key)
        diff = (fa.score if fa else 0.0) - (fb.score if fb else 0.0)
        out.append(Feature(key, round(diff, 4), (fa.detail if fa else None, fb.detail if fb else None)))
    out.sort(key=lambda f: -f.score)
    return out
