"""Processes of the multi-process stress test (``test_stress.py``): module-level so ``spawn`` can start them.

The scenario is deterministic, so the test knows every id that was ever written and the final set:

* each writer ``k`` owns the ids ``w{k}-*``; in round ``r`` it adds a *permanent* document
  ``w{k}-p{r}`` (never deleted or changed) and two transient ones ``w{k}-t{r}-0/1``, deletes
  ``w{k}-t{r-1}-0``, and flips the version of ``w{k}-u{r % 3}`` (A: word ``vera``, TRL 3; B: word
  ``verb``, TRL 7);
* readers search continuously (``auto_refresh``) and check every answer against that script;
* a maintainer relearns the semantic space and merges segments meanwhile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from kechuang.matching import Document, MatchingIndex

VERSIONED = 3
TOPICS = ["alder birch cedar", "cobalt nickel lithium", "wheat barley millet", "pixel kernel stride"]


def base_docs(writers: int) -> list[Document]:
    docs = [
        Document(id=f"f{i}", title=TOPICS[i % 4], abstract=f"{TOPICS[i % 4]} filler note {i}", kind="filler")
        for i in range(40)
    ]
    docs += [version_doc(k, j, "A") for k in range(writers) for j in range(VERSIONED)]
    return docs


def version_doc(k: int, j: int, version: str) -> Document:
    word, trl = ("vera", 3) if version == "A" else ("verb", 7)
    return Document(
        id=f"w{k}-u{j}",
        title=f"{word} versioned record",
        abstract=f"{word} {TOPICS[j % 4]}",
        trl=trl,
        kind="versioned",
    )


def permanent_ids(writers: int, rounds: int) -> set[str]:
    return {f"w{k}-p{r}" for k in range(writers) for r in range(rounds)}


def every_id(writers: int, rounds: int) -> set[str]:
    """Every id any committed state can hold."""
    out = {d.id for d in base_docs(writers)} | permanent_ids(writers, rounds)
    out |= {f"w{k}-t{r}-{i}" for k in range(writers) for r in range(rounds) for i in (0, 1)}
    return out


def final_state(writers: int, rounds: int) -> dict[str, int | None]:
    """id → TRL of the documents that must be in the index once every writer finished."""
    out: dict[str, int | None] = {f"f{i}": None for i in range(40)}
    for k in range(writers):
        for r in range(rounds):
            out[f"w{k}-p{r}"] = None
            out[f"w{k}-t{r}-1"] = None
        out[f"w{k}-t{rounds - 1}-0"] = None
        for j in range(VERSIONED):
            flips = sum(1 for r in range(rounds) if r % VERSIONED == j)
            out[f"w{k}-u{j}"] = 7 if flips % 2 else 3
    return out


def _wait_for(paths: list[Path], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not all(p.exists() for p in paths):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited for {[str(p) for p in paths]}")
        time.sleep(0.02)


def writer(path: str, k: int, rounds: int, readers: int) -> dict[str, Any]:
    index = MatchingIndex(path, workers=1)
    _wait_for([Path(path).parent / f"ready-{i}" for i in range(readers)])
    version = ["A"] * VERSIONED
    for r in range(rounds):
        index.add(
            [
                Document(
                    id=f"w{k}-p{r}",
                    title=f"pmark permanent {k} {r}",
                    abstract=TOPICS[r % 4],
                    kind="permanent",
                ),
                Document(id=f"w{k}-t{r}-0", title=f"tmark transient {r}", abstract=TOPICS[(r + 1) % 4]),
                Document(id=f"w{k}-t{r}-1", title=f"tmark transient {r}", abstract=TOPICS[(r + 2) % 4]),
            ]
        )
        if r:
            assert index.delete([f"w{k}-t{r - 1}-0"]) == 1
        j = r % VERSIONED
        version[j] = "B" if version[j] == "A" else "A"
        index.add([version_doc(k, j, version[j])])
    return {"writer": k, "generation": index.generation}


def reader(path: str, i: int, writers: int, rounds: int) -> dict[str, Any]:
    index = MatchingIndex(path, workers=1, auto_refresh=True)
    universe = every_id(writers, rounds)
    permanent = permanent_ids(writers, rounds)
    stop = Path(path).parent / "stop"
    last_generation, last_permanent, searches = -1, -1, 0
    ready = Path(path).parent / f"ready-{i}"
    while True:
        stopping = stop.exists()  # one more full pass after the writers finished
        hits = index.search("pmark", k=1000, filters={"kind": "permanent"})
        ids = [h.id for h in hits]
        assert len(ids) == len(set(ids)), f"duplicate hits {ids}"
        assert set(ids) <= permanent, f"unknown ids {set(ids) - permanent}"
        # permanent documents are only ever added: a reader never sees their number go down
        assert len(ids) >= last_permanent, (len(ids), last_permanent)
        last_permanent = len(ids)
        assert index.generation >= last_generation, (index.generation, last_generation)
        last_generation = index.generation
        for word, trl in (("vera", 3), ("verb", 7)):
            for h in index.search(f"{word} versioned", k=50):
                assert h.id in universe, h.id
                terms = h.explanation.get("terms") if h.explanation else None
                if h.id.startswith("w") and terms is not None and word in terms.detail:
                    # the postings that matched and the attributes come from one committed state
                    assert h.attrs["trl"] == trl, (h.id, word, h.attrs)
        everything = index.search("tmark pmark filler versioned", k=1000)
        ids = [h.id for h in everything]
        assert len(ids) == len(set(ids)) and set(ids) <= universe
        searches += 1
        ready.touch()
        if stopping:
            break
    return {"reader": i, "searches": searches, "generation": last_generation, "permanent": last_permanent}


def maintainer(path: str, readers: int) -> dict[str, Any]:
    index = MatchingIndex(path, workers=1)
    _wait_for([Path(path).parent / f"ready-{i}" for i in range(readers)])
    stop = Path(path).parent / "stop"
    retrained = optimized = 0
    while not stop.exists():
        report = index.maintain(force_retrain=True)
        retrained += bool(report["retrained"])
        optimized += bool(report["optimized"])
        time.sleep(0.1)
    return {"retrained": retrained, "optimized": optimized}


def live_ids(index: MatchingIndex) -> dict[str, int | None]:
    """id → TRL of every live document (read from the snapshot, for the checks only)."""
    out: dict[str, int | None] = {}
    for seg in index._snap.segments:
        for row, doc_id in enumerate(seg.ids):
            if seg.alive[row]:
                assert doc_id not in out, f"{doc_id} is live twice"
                out[doc_id] = int(seg.trl[row]) or None
    return out
