"""The engine's parameters: how documents are ranked, and when the semantic space is relearnt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RankingConfig:
    """Ranking parameters.  Defaults were chosen once on the shared CSL file (global knobs only); the
    ``field_*`` and ``expand_*`` ones on the tuning part of benchmarks/matching_sets.py only
    (benchmarks/matching_tune.py)."""

    k1: float = 1.2
    b: float = 0.75
    bigram_weight: float = 0.6
    semantic_weight: float = 0.7
    prf_docs: int = 5
    prf_weight: float = 3.0
    prf_rounds: int = 2
    semantic_z: bool = False
    lex_power: float = 3.0
    min_semantic: float = 0.35
    semantic_pool: int = 5000
    candidates: int = 200
    max_query_terms: int = 96
    lsa_dim: int = 256
    lsa_sample: int = 20_000
    lsa_bigrams: bool = True
    context_industry: float = 0.10
    context_region: float = 0.05
    context_trl: float = 0.06
    feedback_weight: float = 1.0
    max_segments: int = 8
    field_weight: float = 2.0  # boost × p(the document's field | query), see :mod:`.fields`
    field_docs: int = 15  # candidates that vote for the query's field
    field_mix: float = 0.0  # share of the centroid classifier (of the candidates' centre) in p(field | query)
    # share of the boost for a field predicted (not given) for a document: half, as in the vote
    field_predicted: float = 0.5
    expand_terms: int = 8  # a query word found nowhere: this many indexed words of the same head (expand.py)
    expand_weight: float = 0.5  # their query weight in all (a found word weighs 1)
    # a query word also searches up to this many more frequent indexed words it abbreviates (锂电池 →
    # 锂离子电池, expand.AbbreviationExpander), each weighing ``abbrev_weight`` × the word's query count
    abbrev_terms: int = 3
    abbrev_weight: float = 1.0


@dataclass(frozen=True)
class SemanticPolicy:
    """When the LSA space is relearnt.  Not a ranking parameter: a fresh build ranks the same either way.

    New documents are folded into the space they find; once enough of the corpus changed, or the new
    documents bring words the space has never seen, the space no longer follows the corpus and is *due*.
    While the space was learnt on fewer than ``inline_max_docs`` documents, :meth:`MatchingIndex.add`
    retrains at once (cheap); a bigger index only reports that it is due and :meth:`MatchingIndex.maintain`
    (a scheduled job) retrains it without blocking readers or writers for the training itself.
    """

    max_change_ratio: float = 0.2  # documents added/updated/removed since training ÷ documents trained on
    max_oov_increase: float = 0.1  # new documents' share of term mass outside the space, above the baseline
    min_changes: int = 20  # never due before this many documents changed
    inline_max_docs: int = 2000


@dataclass(frozen=True)
class SemanticDrift:
    """How far the corpus moved since the LSA space was learnt (persisted in the manifest)."""

    trained_generation: int = 0
    trained_docs: int = 0  # live documents when the space was learnt
    trained_at: float = 0.0
    baseline_oov: float = 0.0  # share of the training corpus' term mass outside the space
    added: int = 0
    updated: int = 0
    removed: int = 0
    new_mass: float = 0.0  # term mass of documents indexed since training
    new_oov_mass: float = 0.0  # ... of which outside the space

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.removed

    @property
    def change_ratio(self) -> float:
        return self.changes / max(self.trained_docs, 1)

    @property
    def oov_share(self) -> float:
        return self.new_oov_mass / self.new_mass if self.new_mass > 0 else 0.0

    def due(self, policy: SemanticPolicy) -> str | None:
        """Why the space should be relearnt now, or None."""
        if self.changes < policy.min_changes:
            return None
        if self.change_ratio >= policy.max_change_ratio:
            return "changes"
        if self.added + self.updated and self.oov_share >= self.baseline_oov + policy.max_oov_increase:
            return "vocabulary"
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> SemanticDrift | None:
        if not data:
            return None
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})
