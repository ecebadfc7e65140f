"""Kechuang's matching engine: Chinese normalisation, tokenisation, fielded BM25 + LSA ranking,
filters, explanations and feedback.  Plain Python (numpy/scipy, jieba's dictionary, OpenCC tables);
no Django import.
"""

from kechuang.matching.documents import Document
from kechuang.matching.errors import DocumentError, IndexCorruptError, MatchingError, QueryError
from kechuang.matching.explain import compare
from kechuang.matching.feedback import REASONS as FEEDBACK_REASONS
from kechuang.matching.filters import FILTER_KEYS
from kechuang.matching.index import (
    Explanation,
    Feature,
    Hit,
    MatchingIndex,
    RankingConfig,
    SearchContext,
    build_index,
)
from kechuang.matching.normalize import normalize_text
from kechuang.matching.semantic import ExternalEmbedder

__all__ = [
    "FEEDBACK_REASONS",
    "FILTER_KEYS",
    "Document",
    "DocumentError",
    "Explanation",
    "ExternalEmbedder",
    "Feature",
    "Hit",
    "IndexCorruptError",
    "MatchingError",
    "MatchingIndex",
    "QueryError",
    "RankingConfig",
    "SearchContext",
    "build_index",
    "compare",
    "normalize_text",
]
