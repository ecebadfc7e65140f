"""What a search returns: hits with the per-feature breakdown the UI shows, and who is asking."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class SearchContext:
    """Who is asking: used to favour (never filter) same-industry, same-region, mature-enough items."""

    industry: str | None = None
    region: str | None = None
    min_trl: int | None = None
    feedback_key: str | None = None


@dataclass
class Feature:
    """One line of an explanation: ``key`` is stable (the UI translates it), ``score`` its contribution."""

    key: str
    score: float
    detail: Any = None


@dataclass
class Explanation:
    features: list[Feature] = field(default_factory=list)

    def as_dict(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.features]

    def get(self, key: str) -> Feature | None:
        return next((f for f in self.features if f.key == key), None)


@dataclass
class Hit:
    id: str
    score: float
    attrs: dict[str, Any]
    explanation: Explanation | None = None
