"""Aggregation of expert scores: mean, trimmed mean, consensus checks, weighted totals, ranking.

Pure Python on :class:`~decimal.Decimal` (scores are stored as decimals; float rounding must not
change a ranking).  Used by the review services for panels of recognition, programs and acceptance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

Number = int | float | Decimal | str
TWO_PLACES = Decimal("0.01")


class Method(StrEnum):
    """How the scores of several experts become one figure."""

    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"  # drop one highest and one lowest score


def to_decimal(value: Number) -> Decimal:
    """Convert exactly: floats go through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def quantize(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(scores: Iterable[Number]) -> Decimal:
    """Arithmetic mean, rounded half-up to 0.01.  Raises ``ValueError`` for no scores."""
    values = [to_decimal(s) for s in scores]
    if not values:
        raise ValueError("no scores")
    return quantize(sum(values, Decimal(0)) / len(values))


def trimmed_mean(scores: Iterable[Number], *, trim: int = 1) -> Decimal:
    """Mean after dropping the ``trim`` highest and ``trim`` lowest scores (去掉最高分和最低分).

    With fewer than ``2 * trim + 1`` scores nothing can be dropped fairly, so the plain mean is used;
    :func:`aggregate` records that fallback in ``AggregateResult.trimmed``.
    """
    values = sorted(to_decimal(s) for s in scores)
    if not values:
        raise ValueError("no scores")
    if trim < 0:
        raise ValueError("trim must not be negative")
    if len(values) < 2 * trim + 1:
        return mean(values)
    kept = values[trim : len(values) - trim] if trim else values
    return mean(kept)


@dataclass(frozen=True, slots=True)
class Consensus:
    """Spread of the scores and whether it exceeds the panel's threshold (需复议)."""

    spread: Decimal
    threshold: Decimal | None
    flagged: bool


def consensus(scores: Iterable[Number], *, threshold: Number | None) -> Consensus:
    """Flag when ``max - min`` is strictly above ``threshold`` (``None`` = no check)."""
    values = [to_decimal(s) for s in scores]
    spread = (max(values) - min(values)) if values else Decimal(0)
    limit = to_decimal(threshold) if threshold is not None else None
    return Consensus(spread=spread, threshold=limit, flagged=limit is not None and spread > limit)


def combine(scores: Sequence[Number], method: Method | str) -> Decimal:
    method = Method(method)
    if method is Method.TRIMMED_MEAN:
        return trimmed_mean(scores)
    return mean(scores)


@dataclass(frozen=True, slots=True)
class IndicatorWeight:
    """An indicator of a score sheet: its code and maximum points (the weight in a 100-point sheet)."""

    code: str
    max_score: Decimal


@dataclass(slots=True)
class AggregateResult:
    """One application's aggregated score, with the evidence an officer needs to trust it."""

    total: Decimal
    per_indicator: dict[str, Decimal]
    expert_totals: dict[object, Decimal]
    consensus: Consensus
    method: Method
    trimmed: bool
    indicator_consensus: dict[str, Consensus] = field(default_factory=dict)

    @property
    def flagged(self) -> bool:
        return self.consensus.flagged or any(c.flagged for c in self.indicator_consensus.values())


def aggregate(
    sheets: Mapping[Any, Mapping[str, Any]],
    *,
    indicators: Sequence[IndicatorWeight],
    method: Method | str = Method.TRIMMED_MEAN,
    spread_threshold: Number | None = None,
    indicator_spread_threshold: Number | None = None,
) -> AggregateResult:
    """Aggregate expert score sheets ``{expert: {indicator_code: points}}`` for one application.

    Each expert's total is the sum of their indicator points; the application's total is the chosen
    method over the expert totals (not the sum of per-indicator means, which would trim different
    experts per indicator).  Per-indicator figures use the same method and are shown for explanation.
    Raises ``ValueError`` when a sheet misses an indicator or a score is outside ``0..max_score``.
    """
    if not sheets:
        raise ValueError("no score sheets")
    method = Method(method)
    codes = [i.code for i in indicators]
    maxima = {i.code: i.max_score for i in indicators}
    expert_totals: dict[object, Decimal] = {}
    by_indicator: dict[str, list[Decimal]] = {c: [] for c in codes}
    for expert, sheet in sheets.items():
        missing = [c for c in codes if c not in sheet]
        if missing:
            raise ValueError(f"sheet of {expert} misses {', '.join(missing)}")
        total = Decimal(0)
        for c in codes:
            v = to_decimal(sheet[c])
            if v < 0 or v > maxima[c]:
                raise ValueError(f"score {v} for {c} outside 0..{maxima[c]}")
            by_indicator[c].append(v)
            total += v
        expert_totals[expert] = total
    totals = list(expert_totals.values())
    return AggregateResult(
        total=combine(totals, method),
        per_indicator={c: combine(by_indicator[c], method) for c in codes},
        expert_totals=expert_totals,
        consensus=consensus(totals, threshold=spread_threshold),
        method=method,
        trimmed=method is Method.TRIMMED_MEAN and len(totals) >= 3,
        indicator_consensus={
            c: consensus(by_indicator[c], threshold=indicator_spread_threshold)
            for c in codes
            if indicator_spread_threshold is not None
        },
    )


def competition_rank(scores: Mapping[object, Number]) -> dict[object, int]:
    """Rank keys by descending score; equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores.items(), key=lambda kv: to_decimal(kv[1]), reverse=True)
    ranks: dict[object, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        d = to_decimal(value)
        if previous is None or d != previous:
            rank = position
            previous = d
        ranks[key] = rank
    return ranks
