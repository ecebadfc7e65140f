"""查重 of applications: this year's applications against each other and against all past projects, by
the matching engine's near-duplicate detector (:mod:`kechuang.matching.neardup`). No Django here: the
benchmark and the service run the same function."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kechuang.matching.neardup import THRESHOLD, NearDuplicates, Pair

__all__ = ["THRESHOLD", "Pair", "Text", "find_duplicates"]


@dataclass(frozen=True)
class Text:
    """One document to compare: ``key`` names it for the caller (``a:17`` an application, ``p:3`` a project)."""

    key: str
    text: str


def find_duplicates(
    applications: Sequence[Text],
    past: Iterable[Text] = (),
    *,
    threshold: float = THRESHOLD,
    passages: bool = True,
) -> list[Pair]:
    """Every application whose text repeats another application or a past document (past documents are
    compared with applications only, not with each other)."""
    finder = NearDuplicates()
    finder.add((t.key, t.text) for t in past)
    finder.add((t.key, t.text) for t in applications)
    return finder.pairs([t.key for t in applications], threshold=threshold, passages=passages)
