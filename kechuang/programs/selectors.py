"""Reads of the programs app, each taking the user: ``restrict()`` first, then filters, then joins."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django.db.models import Count, QuerySet

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.matching import normalize_text
from kechuang.programs.choices import ApplicationStatus, CallStatus
from kechuang.programs.models import Application, Call, Topic
from kechuang.registry.selectors import user_organization_ids


def call_list(*, user: Any, published_only: bool = True) -> QuerySet[Call]:
    qs = restrict(Call.objects.all(), user, "view")
    if published_only:
        qs = qs.exclude(status=CallStatus.DRAFT)
    return qs.select_related("program_type__department").order_by("-year", "-id")


def call_get(*, user: Any, pk: int, action: str = "view") -> Call:
    return get_object_or_404_for(user, Call.objects.select_related("program_type__department"), action, pk=pk)


def call_topics(*, call: Call) -> QuerySet[Topic]:
    return call.topics.order_by("id")


def topic_get(*, user: Any, pk: int) -> Topic:
    return get_object_or_404_for(user, Topic.objects.select_related("call__program_type"), "view", pk=pk)


def _applications(user: Any, action: str) -> QuerySet[Application]:
    return restrict(Application.objects.all(), user, action)


def my_applications(*, user: Any) -> QuerySet[Application]:
    """The applications of the user's organizations (officers' scope excluded: that is the queue)."""
    from_orgs = _applications(user, "view").filter(organization_id__in=user_organization_ids(user))
    return from_orgs.select_related("topic__call", "organization").order_by("-id")


def application_get(*, user: Any, pk: int, action: str = "view") -> Application:
    return get_object_or_404_for(
        user,
        Application.objects.select_related("topic__call__program_type", "organization", "project"),
        action,
        pk=pk,
    )


def officer_queue(*, user: Any, status: str | None = None) -> QuerySet[Application]:
    """The applications the officer decides on (drafts are the applicant's own and never listed)."""
    qs = _applications(user, "decide").exclude(status=ApplicationStatus.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("topic__call", "organization").order_by("-submitted_at", "-id")


def officer_status_counts(*, user: Any) -> list[tuple[str, str, int]]:
    """``(status, label, count)`` for every status but draft, in the workflow's order (one query)."""
    counts = dict(
        _applications(user, "decide")
        .exclude(status=ApplicationStatus.DRAFT)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [
        (s.value, str(s.label), counts.get(s.value, 0))
        for s in ApplicationStatus
        if s != ApplicationStatus.DRAFT
    ]


# ------------------------------------------------------------------------------------- duplicate check


DUPLICATE_THRESHOLD = 0.6
_CHECKED = [
    s for s in ApplicationStatus.values if s not in {ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN}
]


def _shingles(text: str) -> set[str]:
    """The character bigrams of the matching engine's normalised text (spaces and punctuation dropped)."""
    chars = [c for c in normalize_text(text) if c.isalnum()]
    return {a + b for a, b in pairwise(chars)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' bigram sets (0 … 1)."""
    x, y = _shingles(a), _shingles(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def application_duplicates(
    *, user: Any, application: Application, threshold: float = DUPLICATE_THRESHOLD
) -> list[tuple[Application, float]]:
    """查重: the other applications of the same year whose title and summary are at least ``threshold``
    alike, most alike first.  Officers who decide on the application only; anyone else gets nothing (the
    applicant never learns of another organization's application)."""
    if not _applications(user, "decide").filter(pk=application.pk).exists():
        return []
    text = f"{application.title} {application.summary}"
    others = (
        Application.objects.filter(topic__call__year=application.topic.call.year, status__in=_CHECKED)
        .exclude(pk=application.pk)
        .select_related("organization")
        .only("id", "title", "summary", "status", "organization__name")
    )
    found = [(other, similarity(text, f"{other.title} {other.summary}")) for other in others]
    return sorted(((o, round(s, 2)) for o, s in found if s >= threshold), key=lambda pair: -pair[1])
