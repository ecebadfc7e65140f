"""The bridge between market rows and the matching engine (``kechuang.matching``).

Three indexes (kept on disk by :mod:`kechuang.matching_store`): ``achievements`` (published, not
expired), ``demands`` (open) and ``experts`` (active, with a market profile).  Services call the
``sync_*`` functions after every change; an index entry is only a pointer — selectors always re-check the
row in the database, so an entry left behind by a rolled-back transaction is harmless and is fixed by the
next sync.

:func:`rebuild_index` builds an index afresh from exactly the rows the ``sync_*`` functions keep in it
(:func:`searchable_documents`) and swaps it in (see :func:`kechuang.matching_store.rebuild_index`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings

from kechuang import matching_store
from kechuang.market.choices import AchievementStatus, DemandStatus
from kechuang.market.models import Achievement, Demand
from kechuang.matching import Document, MatchingIndex
from kechuang.matching_store import reset_cache
from kechuang.registry.models import Expert, Industry

KINDS = ("achievements", "demands", "experts")
logger = logging.getLogger(__name__)

__all__ = [
    "KINDS",
    "catch_up",
    "documents_by_id",
    "get_index",
    "rebuild_index",
    "reset_cache",
    "searchable_documents",
]


def _rebuild_hint(kind: str) -> str:
    return f"python manage.py market_index --rebuild --kind {kind}"


_LAST_POLL: dict[str, float] = {}


def get_index(kind: str) -> MatchingIndex:
    """This node's index ``kind``, first brought up to date with the change log when this process has not
    looked for ``MATCHING_CHANGELOG_POLL_SECONDS`` (a few changes at most; a long backlog is the
    follower's, ``market_index --follow``)."""
    if kind not in KINDS:
        raise ValueError(kind)
    now = time.monotonic()
    if now - _LAST_POLL.get(kind, -1e9) >= settings.MATCHING_CHANGELOG_POLL_SECONDS:
        _LAST_POLL[kind] = now
        try:
            catch_up(kind, blocking=False, limit=500)
        except Exception:  # the index is derived data: a search never fails for its upkeep
            logger.exception("matching index %r: applying the change log failed", kind)
    return matching_store.open_index(kind, rebuild_hint=_rebuild_hint(kind))


def catch_up(kind: str, *, blocking: bool = True, limit: int = 5000) -> dict[str, Any]:
    """Apply the database's changes of ``kind`` that this node's index has not seen (see
    :mod:`kechuang.matching_store.changelog`)."""
    return matching_store.catch_up(
        kind,
        load=lambda ids: documents_by_id(kind, ids),
        limit=limit,
        blocking=blocking,
        rebuild_hint=_rebuild_hint(kind),
    )


def rebuild_index(kind: str) -> dict[str, Any]:
    """Build ``kind``'s index afresh from the database and swap it in for the live directory."""
    if kind not in KINDS:
        raise ValueError(kind)
    return matching_store.rebuild_index(kind, documents=lambda: searchable_documents(kind))


def _industry(field: Any) -> tuple[str | None, str | None]:
    if field is None:
        return None, None
    return field.code_with_section, field.name


def division_name(code: str | None) -> str | None:
    """The GB/T 4754 大类 (division) a code sits in, by name: the field label the engine learns from."""
    if not code or len(code) < 3:
        return None
    row = Industry.objects.filter(code_with_section=code[:3].upper()).values_list("name", flat=True).first()
    return row or None


def achievement_document(a: Any) -> Document:
    code, name = _industry(a.field)
    return Document(
        field=division_name(code),
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
        field=division_name(code),
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


def expert_work(e: Any) -> list[Any]:
    """What an expert has done on the platform: published achievements of their organization that
    name them among the inventors (newest first, at most 20)."""
    if not e.organization_id or not e.name:
        return []
    rows = Achievement.objects.filter(
        owner_id=e.organization_id, status=AchievementStatus.PUBLISHED, inventors__contains=e.name
    )
    return list(rows.order_by("-pk")[:20])


def expert_document(e: Any, profile: Any | None) -> Document:
    """An expert as the engine sees them: their research directions, biography and the achievements
    they took part in — what they have done, not the industry codes they ticked (a code's name, such as
    新材料, would match every demand that mentions 材料)."""
    fields = list(e.fields or [])
    work = expert_work(e)
    keywords = tuple((profile.keywords if profile else []) or ()) + tuple(
        k for a in work for k in (a.keywords or ())
    )
    body = [(profile.bio if profile else "") or ""] + [f"{a.title}：{a.summary}" for a in work]
    code = Industry.objects.filter(code__in=fields[:1]).values_list("code_with_section", flat=True).first()
    return Document(
        id=str(e.pk),
        title=f"{e.name} {e.title}".strip(),
        abstract="\n".join(x for x in body if x),
        keywords=keywords,
        organization=e.organization.name if e.organization_id else None,
        industry=fields[0] if fields else None,
        field=division_name(code),
        region=e.region_id,
        kind="expert",
    )


def _safe(kind: str, op: str, arg: list[Any]) -> None:
    """Log the change for every node (in the caller's transaction), and apply it to this node's index
    now so the writer finds it at once."""
    ids = [doc.id for doc in arg] if op == "add" else [str(x) for x in arg]
    matching_store.record_change(kind, ids, "upsert" if op == "add" else "delete")
    matching_store.apply_safely(kind, op, arg, rebuild_hint=_rebuild_hint(kind))


# What each index holds.  ``sync_*`` and ``searchable_documents`` (the rebuild) must agree.
def _achievement_indexed(a: Any) -> bool:
    return bool(a.status == AchievementStatus.PUBLISHED)  # an expired one has status EXPIRED


def _demand_indexed(d: Any) -> bool:
    return bool(d.status == DemandStatus.OPEN)


def sync_achievement(a: Any) -> None:
    if _achievement_indexed(a):
        _safe("achievements", "add", [achievement_document(a)])
    else:
        _safe("achievements", "delete", [str(a.pk)])
    # the experts named among its inventors are matched on their work: their entries change with it
    if a.inventors:
        experts = Expert.objects.filter(
            organization_id=a.owner_id, is_active=True, market_profile__isnull=False
        ).select_related("organization", "market_profile")
        for e in experts:
            if e.name and e.name in a.inventors:
                sync_expert(e)


def sync_demand(d: Any) -> None:
    if _demand_indexed(d):
        _safe("demands", "add", [demand_document(d)])
    else:
        _safe("demands", "delete", [str(d.pk)])


def sync_expert(e: Any) -> None:
    if e.is_active:
        profile = getattr(e, "market_profile", None)
        _safe("experts", "add", [expert_document(e, profile)])
    else:
        _safe("experts", "delete", [str(e.pk)])


def searchable_documents(kind: str, ids: list[str] | None = None) -> list[Document]:
    """The documents ``kind``'s index should hold: published achievements, open demands, active experts
    with a market profile — the rows the ``sync_*`` functions keep in it (only ``ids`` when given)."""
    pks = None if ids is None else [int(i) for i in ids if str(i).isdigit()]
    if kind == "achievements":
        rows = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).select_related("owner", "field")
        rows = rows if pks is None else rows.filter(pk__in=pks)
        return [achievement_document(a) for a in rows.order_by("pk") if _achievement_indexed(a)]
    if kind == "demands":
        rows = Demand.objects.filter(status=DemandStatus.OPEN).select_related("owner", "field")
        rows = rows if pks is None else rows.filter(pk__in=pks)
        return [demand_document(d) for d in rows.order_by("pk") if _demand_indexed(d)]
    if kind == "experts":
        # only ``expert_profile_set`` syncs an expert: the index holds active experts with a profile
        experts = Expert.objects.filter(is_active=True, market_profile__isnull=False).select_related(
            "organization", "market_profile"
        )
        experts = experts if pks is None else experts.filter(pk__in=pks)
        return [expert_document(e, getattr(e, "market_profile", None)) for e in experts.order_by("pk")]
    raise ValueError(kind)


def documents_by_id(kind: str, ids: list[str]) -> dict[str, Document | None]:
    """Each of ``ids`` as the index should hold it now, or None when it should not be there."""
    found = {doc.id: doc for doc in searchable_documents(kind, ids)}
    return {doc_id: found.get(doc_id) for doc_id in ids}
