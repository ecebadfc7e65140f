"""Feedback on suggestions, and how it changes later rankings.

Each event says: for this query (kept as its LSA vector) and this requester (``context_key``, e.g.
``demand:42``), document X was useful / not useful, with a reason.  At ranking time every candidate is
adjusted by the events whose query is similar to the current one (cosine ≥ 0.5, or the same requester):

* the judged document itself moves up (useful) or down (not useful): the requester's own latest judgement
  decides alone; other requesters' judgements are averaged (weighted by query similarity) and count a
  quarter as much (``OTHERS_WEIGHT``) — measured by ``benchmarks/matching_feedback.py``: with every other
  requester counting fully, unjudged similar queries gained more same-field precision but lost 0.165 of
  known-item MRR@10; at a quarter they keep +4.8 points of precision and lose no MRR;
* a "not useful" reason generalises to similar documents:
  ``too_early`` → documents at the same or lower TRL are lowered;
  ``wrong_field`` → documents in the same industry (GB/T 4754 division) are lowered;
  ``too_far`` → documents in the same province are lowered.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

REASONS = (
    "relevant",
    "not_relevant",
    "too_early",
    "wrong_field",
    "too_far",
    "too_expensive",
    "already_known",
    "other",
)
SIMILARITY_FLOOR = 0.5
# How much other requesters' judgements count, relative to the requester's own (which count fully).
OTHERS_WEIGHT = 0.25
MAX_EVENTS = 20_000


@dataclass
class FeedbackEvent:
    doc_id: str
    useful: bool
    reason: str = ""
    context_key: str = ""
    qvec: list[float] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    ts: float = 0.0


class FeedbackStore:
    """Append-only JSONL log of feedback events plus an in-memory copy for ranking."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.events: list[FeedbackEvent] = []
        self._offset = 0
        self._lock = threading.Lock()
        self._matrix: np.ndarray | None = None
        self._codes = np.zeros(0, dtype=np.int64)
        self._signs = np.zeros(0)
        self._code_of: dict[str, int] = {}
        self._by_key: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.events)

    def reload(self) -> None:
        """Read events other processes appended since the last read."""
        if self.path is None or not self.path.exists():
            return
        with self._lock, self.path.open("rb") as fh:
            fh.seek(self._offset)
            data = fh.read()
            end = data.rfind(b"\n") + 1
            for line in data[:end].splitlines():
                if line.strip():
                    try:
                        self.events.append(FeedbackEvent(**json.loads(line)))
                    except (ValueError, TypeError):
                        continue  # a damaged line is skipped, never fatal
            self._offset += end
            self._matrix = None
            self.events = self.events[-MAX_EVENTS:]

    def append(self, event: FeedbackEvent) -> None:
        if event.reason and event.reason not in REASONS:
            raise ValueError(f"unknown feedback reason: {event.reason!r}")
        with self._lock:
            if self.path is not None:
                line = (json.dumps(asdict(event), ensure_ascii=False) + "\n").encode("utf-8")
                with self.path.open("ab") as fh:
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
                    self._offset = fh.tell()
            self.events.append(event)
            self._matrix = None

    def _arrays(self, dim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
        """Per event: query vectors, document codes, signs (+1 useful / -1 not); cached until the next append."""
        n = len(self.events)
        if self._matrix is None or self._matrix.shape != (n, dim):
            mat = np.zeros((n, dim), dtype=np.float32)
            codes = np.zeros(n, dtype=np.int64)
            signs = np.zeros(n, dtype=np.float64)
            code_of: dict[str, int] = {}
            by_key: dict[str, list[int]] = {}
            for i, e in enumerate(self.events):
                if e.context_key:
                    by_key.setdefault(e.context_key, []).append(i)
                if len(e.qvec) == dim:
                    mat[i] = e.qvec
                codes[i] = code_of.setdefault(e.doc_id, len(code_of))
                signs[i] = 1.0 if e.useful else -1.0
            self._matrix, self._codes, self._signs, self._code_of = mat, codes, signs, code_of
            self._by_key = by_key
        return self._matrix, self._codes, self._signs, self._code_of

    def _own(self, context_key: str) -> list[int]:
        return self._by_key.get(context_key, []) if context_key else []

    def adjustments(
        self,
        ids: Sequence[str],
        attrs: Sequence[dict[str, Any]],
        *,
        qvec: np.ndarray | None,
        context_key: str,
        weight: float,
    ) -> list[tuple[float, dict[str, Any] | None]]:
        """Per candidate: (score change, detail for the explanation).

        The requester's own latest judgement of a document decides alone (+ ``weight``, or − 1.5 ``weight``
        for "not useful", below the similar documents it lowers).  Judgements by
        others count by the similarity of their query to this one and are averaged, not summed, so a
        document many people judged stays within ± ``weight``:  ``weight · Σ sim·sign / max(Σ sim, 1)``.
        A "not useful" reason that generalises (too early / wrong field / too far) lowers similar documents
        by ``weight · min(g, 1) / 2`` where ``g`` sums the similarities of those events.
        """
        out: list[tuple[float, dict[str, Any] | None]] = [(0.0, None)] * len(ids)
        n = len(self.events)
        if not n:
            return out
        dim = len(qvec) if qvec is not None else 0
        mat, codes, signs, code_of = self._arrays(dim)
        if qvec is not None and dim:
            sims = mat @ qvec.astype(np.float32)
            sims = np.where(sims >= SIMILARITY_FLOOR, sims, 0.0).astype(np.float64)
        else:
            sims = np.zeros(n, dtype=np.float64)
        own = self._own(context_key)
        is_own = np.zeros(n, dtype=bool)
        is_own[own] = True
        sims[is_own] = 0.0  # the requester's own events are handled apart
        active = np.flatnonzero(sims > 0)
        if not len(active) and not own:
            return out

        lookup = np.full(len(code_of), -1, dtype=np.int64)
        for j, d in enumerate(ids):
            c = code_of.get(d)
            if c is not None:
                lookup[c] = j
        m = len(ids)
        num = np.zeros(m)
        den = np.zeros(m)
        ev_j = lookup[codes[active]]
        hit = ev_j >= 0
        np.add.at(num, ev_j[hit], sims[active][hit] * signs[active][hit])
        np.add.at(den, ev_j[hit], sims[active][hit])
        score = OTHERS_WEIGHT * weight * num / np.maximum(den, 1.0)
        own_latest: dict[int, FeedbackEvent] = {}
        for i in own:
            j = int(lookup[codes[i]])
            if j >= 0:
                own_latest[j] = self.events[i]  # events are in time order: the last one wins
        for j, ev in own_latest.items():
            # "not useful" also lowers similar documents by up to weight/2 (below): the judged one itself goes
            # lower still, so the requester never sees it back on top of what it generalised to
            score[j] = weight if ev.useful else -1.5 * weight

        details: list[dict[str, Any]] = [{"useful": 0, "not_useful": 0, "reasons": []} for _ in ids]
        for i in [*own, *active[hit].tolist()]:
            j = int(lookup[codes[i]])
            if j < 0:  # the requester judged a document that is not among these candidates
                continue
            ev = self.events[i]
            details[j]["useful" if ev.useful else "not_useful"] += 1
            if ev.reason and not ev.useful:
                details[j]["reasons"].append(ev.reason)

        general = np.zeros(m)
        for i in [*own, *active.tolist()]:
            ev = self.events[i]
            if ev.useful or ev.reason not in {"too_early", "wrong_field", "too_far"}:
                continue
            sim = 1.0 if is_own[i] else float(sims[i])
            for jj, a in enumerate(attrs):
                if ids[jj] == ev.doc_id:
                    continue
                if ev.reason == "too_early" and a.get("trl") and ev.attrs.get("trl"):
                    same = a["trl"] <= ev.attrs["trl"]
                elif ev.reason == "wrong_field" and a.get("industry") and ev.attrs.get("industry"):
                    same = a["industry"][:3] == ev.attrs["industry"][:3]
                elif ev.reason == "too_far" and a.get("region") and ev.attrs.get("region"):
                    same = a["region"][:2] == ev.attrs["region"][:2]
                else:
                    same = False
                if same:
                    general[jj] += sim
                    details[jj]["reasons"].append(ev.reason)
        score -= 0.5 * weight * np.minimum(general, 1.0)
        return [(float(score[j]), details[j] if score[j] else None) for j in range(m)]
