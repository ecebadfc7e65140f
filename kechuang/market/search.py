"""The bridge between market rows and the matching engine (``kechuang.matching``).

Three indexes live under ``settings.MATCHING_INDEX_DIR``: ``achievements`` (published, not expired),
``demands`` (open) and ``experts`` (active).  Services call the ``sync_*`` functions after every change;
an index entry is only a pointer — selectors always re-check the row in the database, so an entry left
behind by a rolled-back transaction is harmless and is fixed by the next sync.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from kechuang.matching import Document, MatchingIndex

logger = logging.getLogger(__name__)
_INDEXES: dict[tuple[str, str], MatchingIndex] = {}
_LOCK = threading.Lock()
KINDS = ("achievements", "demands", "experts")


def get_index(kind: str) -> MatchingIndex:
    if kind not in KINDS:
        raise ValueError(kind)
    root = str(Path(settings.MATCHING_INDEX_DIR))
    key = (root, kind)
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None:
            index = _INDEXES[key] = MatchingIndex(Path(root) / kind, workers=1)
        return index


def reset_cache() -> None:
    """Forget opened indexes (tests point ``MATCHING_INDEX_DIR`` somewhere new)."""
    with _LOCK:
        _INDEXES.clear()


def _industry(field: Any) -> tuple[str | None, str | None]:
    if field is None:
        return None, None
    return field.code_with_section, field.name


def achievement_document(a: Any) -> Document:
    code, name = _industry(a.field)
    return Document(
        id=str(a.pk),
        title=a.title,
        abstract=a.summary,
        keywords=tuple(a.keywords or ()),
        organization=a.owner.name,
        industry=code,
        industry_name=name,
        region=a.owner.region_id,
        maturity=a.maturity or None,
        trl=a.trl,
        transfer_modes=tuple(a.transfer_modes or ()),
        org_kind=a.owner.kind,
        kind="achievement",
    )


def demand_document(d: Any) -> Document:
    code, name = _industry(d.field)
    return Document(
        id=str(d.pk),
        title=d.title,
        abstract=d.problem,  # never the confidential part
        keywords=tuple(d.keywords or ()),
        organization=d.owner.name,
        industry=code,
        industry_name=name,
        region=d.owner.region_id,
        transfer_modes=tuple(d.cooperation_modes or ()),
        org_kind=d.owner.kind,
        kind="demand",
    )


def expert_document(e: Any, profile: Any | None) -> Document:
    from kechuang.registry.models import Industry

    fields = list(e.fields or [])
    names = list(Industry.objects.filter(code__in=fields).values_list("name", flat=True)) if fields else []
    keywords = tuple((profile.keywords if profile else []) or ()) + tuple(names)
    return Document(
        id=str(e.pk),
        title=f"{e.name} {e.title}".strip(),
        abstract=(profile.bio if profile else "") or "",
        keywords=keywords,
        organization=e.organization.name if e.organization_id else None,
        industry=fields[0] if fields else None,
        region=e.region_id,
        kind="expert",
    )


def _safe(fn: Any, *args: Any) -> None:
    try:
        fn(*args)
    except Exception:  # the index is derived data: never fail a business write because of it
        logger.exception("matching index update failed")


def sync_achievement(a: Any) -> None:
    from kechuang.market.choices import AchievementStatus

    index = get_index("achievements")
    if a.status == AchievementStatus.PUBLISHED:
        _safe(index.add, [achievement_document(a)])
    else:
        _safe(index.delete, [str(a.pk)])


def sync_demand(d: Any) -> None:
    from kechuang.market.choices import DemandStatus

    index = get_index("demands")
    if d.status == DemandStatus.OPEN:
        _safe(index.add, [demand_document(d)])
    else:
        _safe(index.delete, [str(d.pk)])


def sync_expert(e: Any) -> None:
    index = get_index("experts")
    if e.is_active:
        profile = getattr(e, "market_profile", None)
        _safe(index.add, [expert_document(e, profile)])
    else:
        _safe(index.delete, [str(e.pk)])
