"""The vocabulary: term ↔ id, append-only (ids never change) and mirrored by ``vocab.txt``."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from kechuang.matching.errors import IndexCorruptError
from kechuang.matching.tokenize import BIGRAM_PREFIX


class Vocabulary:
    """``terms[i]`` is the term of id ``i``; ``ids`` the reverse.  Both only grow, except that terms of
    a write that was never committed are dropped when the committed file is read again."""

    def __init__(self) -> None:
        self.terms: list[str] = []
        self.ids: dict[str, int] = {}
        # (n, byte offset): ``terms[:n]`` are the first n lines of vocab.txt, which end at that offset
        self.file_state: tuple[int, int] | None = None

    def __len__(self) -> int:
        return len(self.terms)

    def is_bigram(self, tid: int) -> bool:
        return self.terms[tid].startswith(BIGRAM_PREFIX)

    def ids_of(self, local_terms: list[str]) -> np.ndarray:
        """The global ids of ``local_terms``, adding the new ones."""
        mapping = np.empty(len(local_terms), dtype=np.int32)
        vocab, terms = self.ids, self.terms
        for i, t in enumerate(local_terms):
            tid = vocab.get(t)
            if tid is None:
                tid = vocab[t] = len(terms)
                terms.append(t)
            mapping[i] = tid
        return mapping

    def append_to(self, path: Path, *, committed: int, size: int) -> None:
        """Make ``path`` hold the first ``size`` terms: it holds ``committed`` (a crashed writer may have
        left extra lines after them, which are cut first)."""
        _truncate_lines(path, committed)
        with path.open("a", encoding="utf-8") as fh:
            fh.writelines(t + "\n" for t in self.terms[committed:size])
            fh.flush()
            os.fsync(fh.fileno())
        self.file_state = (size, path.stat().st_size)

    def read(self, path: Path, size: int, *, incremental: bool) -> None:
        """Make ``terms``/``ids`` the first ``size`` lines of the vocabulary file.  The file is
        append-only, so when this process already holds its start only the new lines are read (at 100k
        documents the whole file is millions of lines: re-reading it at every commit would dominate)."""
        state = self.file_state if incremental else None
        terms, vocab = self.terms, self.ids  # grown in place: only ever appended to below ``known``
        if state is None or state[0] > size or len(terms) < state[0]:
            state = (0, 0)
            terms, vocab = [], {}  # new objects: threads still ranking on the old ones are not disturbed
        known, offset = state
        with path.open("rb") as fh:
            fh.seek(offset)
            if size - known > 1000:
                parts = fh.read().split(b"\n", size - known)
                raw = [p + b"\n" for p in parts[: size - known]] if len(parts) > size - known else []
            else:
                raw = [fh.readline() for _ in range(size - known)]
        if len(raw) != size - known or (raw and not raw[-1].endswith(b"\n")):
            raise IndexCorruptError("vocabulary file is shorter than the manifest says")
        new = [line[:-1].decode("utf-8") for line in raw]
        for t in terms[known:]:  # this process' terms of a write that was never committed
            if vocab.get(t, -1) >= known:
                del vocab[t]
        del terms[known:]
        for i, t in enumerate(new, start=known):
            vocab[t] = i
        terms.extend(new)
        self.terms, self.ids = terms, vocab
        self.file_state = (size, offset + sum(len(line) for line in raw))


def _truncate_lines(path: Path, n_lines: int) -> None:
    if not path.exists():
        path.touch()
        return
    with path.open("r+b") as fh:
        pos = 0
        for _ in range(n_lines):
            line = fh.readline()
            if not line:
                break
            pos += len(line)
        fh.truncate(pos)
