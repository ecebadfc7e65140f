"""Explanations: why a document was suggested — the shared terms, the semantic closeness, the context
(same industry, region, maturity) and recorded feedback, each with its contribution."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from kechuang.matching.config import RankingConfig
from kechuang.matching.filters import industry_matches
from kechuang.matching.results import Feature, SearchContext
from kechuang.matching.segments import Segment
from kechuang.matching.tokenize import BIGRAM_PREFIX, display_term


def shared_terms(seg: Segment, row: int, qw: list[tuple[int, float]], terms: list[str]) -> list[str]:
    """The query's terms found in the document, the heaviest first (at most eight, words before the
    character bigrams they contain)."""
    contrib: list[tuple[float, str]] = []
    for tid, w in qw:
        if tid >= seg.n_terms:
            continue
        s, e = seg.p_indptr[tid], seg.p_indptr[tid + 1]
        docs = seg.p_docs[s:e]
        pos = int(np.searchsorted(docs, row))
        if pos < len(docs) and docs[pos] == row:
            contrib.append((float(seg.p_w[s + pos]) * w, terms[tid]))
    contrib.sort(reverse=True)
    words = [t for _, t in contrib if not t.startswith(BIGRAM_PREFIX)]
    out = list(dict.fromkeys(words))
    for _, t in contrib:
        d = display_term(t)
        if t.startswith(BIGRAM_PREFIX) and not any(d in w for w in out):
            out.append(d)
    return out[:8]


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
