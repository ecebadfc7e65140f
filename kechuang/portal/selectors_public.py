"""Reads for the public site (门户): announcements, what is open for application, what is under publicity,
the newest policies, achievements and demands, and one search across them.

Everything but the announcements belongs to the capability apps and is read through their selectors with
the visitor's own permissions, so a visitor sees exactly what each app shows them elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.core.text import contains_text_q
from kechuang.market import selectors as market
from kechuang.market.choices import DemandStatus
from kechuang.policies import selectors as policies
from kechuang.portal.choices import AnnouncementStatus
from kechuang.portal.models import Announcement
from kechuang.programs import selectors as programs
from kechuang.programs.choices import CallStatus as ProgramCallStatus
from kechuang.recognition import selectors as recognition
from kechuang.recognition.choices import CallStatus as RecognitionCallStatus

HOME_ROWS = 6
SEARCH_ROWS = 8
QUERY_MAX = 100


def published_announcements(*, kind: str = "", q: str = "") -> QuerySet[Announcement]:
    """Published announcements, pinned first, newest first (the public list)."""
    qs = Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED).select_related("department")
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = qs.filter(_text_q(q, "title", "body"))
    return qs.order_by("-pinned", "-published_at", "-id")


def announcements_managed(*, user: Any, status: str = "") -> QuerySet[Announcement]:
    """The announcements an officer may change (their departments'), newest first."""
    qs = restrict(Announcement.objects.all(), user, "change").select_related("department")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-id")


def announcement_get(*, user: Any, pk: Any, action: str = "view") -> Announcement:
    return get_object_or_404_for(user, Announcement.objects.select_related("department"), action, pk=pk)


def _text_q(q: str, *names: str) -> Q:
    return contains_text_q(q.strip()[:QUERY_MAX], *names)


def open_recognition_calls(*, user: Any) -> QuerySet[Any]:
    now = timezone.now()
    return recognition.open_calls(user=user).filter(closes_at__gte=now).order_by("closes_at", "id")


def open_program_calls(*, user: Any) -> QuerySet[Any]:
    now = timezone.now()
    return (
        programs.call_list(user=user)
        .filter(status=ProgramCallStatus.PUBLISHED, closes_at__gte=now)
        .order_by("closes_at", "id")
    )


def public_home(*, user: Any) -> dict[str, Any]:
    """The blocks of the public home page, a handful of rows each, with links to the full lists."""
    return {
        "announcements": list(published_announcements()[:HOME_ROWS]),
        "recognition_calls": list(open_recognition_calls(user=user)[:HOME_ROWS]),
        "program_calls": list(open_program_calls(user=user)[:HOME_ROWS]),
        "publicity": list(recognition.publicity_list()[:HOME_ROWS]),
        "documents": list(policies.document_list(user=user)[:HOME_ROWS]),
        "achievements": list(market.achievement_public_list().order_by("-id")[:HOME_ROWS]),
        "demands": list(
            market.demand_list(user=user, filters={"status": DemandStatus.OPEN}).order_by("-id")[:HOME_ROWS]
        ),
    }


@dataclass
class SearchGroup:
    """One kind of result: its rows (each ``(object, reasons)``) and whether there are more."""

    kind: str
    rows: list[tuple[Any, list[str]]] = field(default_factory=list)
    more: bool = False


def _group(kind: str, qs: QuerySet[Any] | list[Any]) -> SearchGroup:
    rows = list(qs[: SEARCH_ROWS + 1])
    return SearchGroup(kind, [(r, []) for r in rows[:SEARCH_ROWS]], more=len(rows) > SEARCH_ROWS)


def search(*, user: Any, q: str) -> list[SearchGroup]:
    """One query across the public site: achievements and demands through the matching engine (with its
    reasons), policies, calls and announcements by their titles. Empty groups are left out."""
    q = " ".join(q.split())[:QUERY_MAX]
    if not q:
        return []
    achievements = market.achievement_search(user=user, query=q, k=SEARCH_ROWS + 1)
    demands = market.demand_search(user=user, query=q, k=SEARCH_ROWS + 1)
    groups = [
        SearchGroup("achievements", achievements[:SEARCH_ROWS], more=len(achievements) > SEARCH_ROWS),
        SearchGroup("demands", demands[:SEARCH_ROWS], more=len(demands) > SEARCH_ROWS),
        _group("measures", policies.measure_list(user=user, q=q)),
        _group("documents", policies.document_list(user=user, q=q)),
        _group(
            "recognition_calls",
            recognition.call_list(user=user)
            .exclude(status=RecognitionCallStatus.DRAFT)
            .filter(_text_q(q, "title"))
            .order_by("-id"),
        ),
        _group("program_calls", programs.call_list(user=user).filter(_text_q(q, "title"))),
        _group("announcements", published_announcements(q=q)),
    ]
    return [g for g in groups if g.rows]


def search_examples(*, q: str) -> tuple[str, ...]:
    """Chinese keywords to suggest for a query in Latin letters (the texts are Chinese: English reaches
    only what the dictionary turns into Chinese words the texts hold)."""
    return market.latin_query_examples(q)
