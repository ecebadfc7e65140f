"""Feedback on suggestions, and how it changes later rankings.

Each event says: for this query (kept as its LSA vector) and this requester (``context_key``, e.g.
``demand:42``), document X was useful / not useful, with a reason.  At ranking time every candidate is
adjusted by the events whose query is similar to the current one (cosine ≥ 0.5, or the same requester):

* the judged document itself moves up (useful) or down (not useful);
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

    def _similarities(self, qvec: np.ndarray | None, context_key: str) -> np.ndarray:
        n = len(self.events)
        sims = np.zeros(n, dtype=np.float32)
        if qvec is not None and n:
            if self._matrix is None or self._matrix.shape[0] != n:
                dim = len(qvec)
                mat = np.zeros((n, dim), dtype=np.float32)
                for i, e in enumerate(self.events):
                    if len(e.qvec) == dim:
                        mat[i] = e.qvec
                self._matrix = mat
            sims = self._matrix @ qvec.astype(np.float32)
            sims = np.where(sims >= SIMILARITY_FLOOR, sims, 0.0)
        if context_key:
            for i, e in enumerate(self.events):
                if e.context_key == context_key:
                    sims[i] = 1.0
        return sims

    def adjustments(
        self,
        ids: Sequence[str],
        attrs: Sequence[dict[str, Any]],
        *,
        qvec: np.ndarray | None,
        context_key: str,
        weight: float,
    ) -> list[tuple[float, dict[str, Any] | None]]:
        """Per candidate: (score change, detail for the explanation)."""
        out: list[tuple[float, dict[str, Any] | None]] = [(0.0, None)] * len(ids)
        if not self.events:
            return out
        sims = self._similarities(qvec, context_key)
        active = [(self.events[i], float(sims[i])) for i in np.flatnonzero(sims > 0)]
        if not active:
            return out
        pos = {d: j for j, d in enumerate(ids)}
        score = np.zeros(len(ids), dtype=np.float64)
        details: list[dict[str, Any]] = [{"useful": 0, "not_useful": 0, "reasons": []} for _ in ids]
        for ev, sim in active:
            j = pos.get(ev.doc_id)
            if j is not None:
                score[j] += (1.0 if ev.useful else -1.0) * weight * sim
                details[j]["useful" if ev.useful else "not_useful"] += 1
                if ev.reason and not ev.useful:
                    details[j]["reasons"].append(ev.reason)
            if ev.useful or ev.reason not in {"too_early", "wrong_field", "too_far"}:
                continue
            for jj, a in enumerate(attrs):
                if ids[jj] == ev.doc_id:
                    continue
                if ev.reason == "too_early" and a.get("trl") and ev.attrs.get("trl"):
                    hit = a["trl"] <= ev.attrs["trl"]
                elif ev.reason == "wrong_field" and a.get("industry") and ev.attrs.get("industry"):
                    hit = a["industry"][:3] == ev.attrs["industry"][:3]
                elif ev.reason == "too_far" and a.get("region") and ev.attrs.get("region"):
                    hit = a["region"][:2] == ev.attrs["region"][:2]
                else:
                    hit = False
                if hit:
                    score[jj] -= 0.5 * weight * sim
                    details[jj]["reasons"].append(ev.reason)
        return [(float(score[j]), details[j] if score[j] else None) for j in range(len(ids))]
