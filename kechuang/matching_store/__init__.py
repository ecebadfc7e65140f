"""The matching indexes on disk, for the apps that search with the engine (``kechuang.matching``).

A small Django-aware adapter beside the pure engine: it opens each named index under
``settings.MATCHING_INDEX_DIR`` once per process, applies changes without ever failing a business write,
runs the scheduled upkeep, rebuilds an index from documents its caller supplies and swaps it in
atomically, and records each system run (:class:`~kechuang.core.models.JobRun`, audited).

It knows no app: callers (the market) name their indexes and pass the documents in.
"""

from kechuang.matching_store import changelog
from kechuang.matching_store.changelog import catch_up, lag, needs_rebuild, record_change
from kechuang.matching_store.indexes import apply_safely, maintain_index, open_index, reset_cache
from kechuang.matching_store.jobs import job_record
from kechuang.matching_store.rebuild import rebuild_index

__all__ = [
    "apply_safely",
    "catch_up",
    "changelog",
    "job_record",
    "lag",
    "maintain_index",
    "needs_rebuild",
    "open_index",
    "rebuild_index",
    "record_change",
    "reset_cache",
]
