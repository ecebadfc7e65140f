"""Reads of the deciding half: the officers' filtered queue, the recommending unit's queue, a call's
ranking after review, its publicity list, objections, and the expert's program tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.programs.choices import ApplicationStatus
from kechuang.programs.models import Application, Call, CallRecommender, Objection
from kechuang.programs.services.review import call_panels as review_call_panels
from kechuang.registry.selectors import user_organization_ids
from kechuang.review.models import ReviewAssignment
from kechuang.review.selectors import my_assignments

S = ApplicationStatus
RANKED = (S.IN_REVIEW, S.APPROVED, S.PUBLICITY, S.ISSUED)


@dataclass(frozen=True)
class QueueFilters:
    status: str = S.SUBMITTED
    call: int | None = None
    q: str = ""


# The moves the officers' queue offers in bulk, per status (立项 is the ranking page's; the applicant's
# and the recommending unit's moves are theirs).
_BULK: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.RECOMMENDED, S.RETURNED),
    S.RECOMMENDED: (S.FORMAL_CHECK,),
    S.FORMAL_CHECK: (S.IN_REVIEW, S.RETURNED, S.REJECTED),
    S.IN_REVIEW: (S.REJECTED,),
    S.APPROVED: (S.PUBLICITY,),
    S.PUBLICITY: (S.ISSUED, S.REJECTED),
}


_BULK_LABELS: dict[str, Any] = {
    S.RECOMMENDED: _("推荐"),
    S.RETURNED: _("退回修改"),
    S.FORMAL_CHECK: _("受理，开始形式审查"),
    S.IN_REVIEW: _("形式审查通过，进入专家评审"),
    S.REJECTED: _("不予立项"),
    S.PUBLICITY: _("立项公示"),
    S.ISSUED: _("下达"),
}


def bulk_moves(status: str) -> list[tuple[str, str]]:
    """``(to, label)`` of the bulk moves from ``status``, labelled as the buttons of one application."""
    return [(to, str(_BULK_LABELS[to])) for to in _BULK.get(status, ())]


def officer_queue_filtered(*, user: Any, filters: QueueFilters) -> QuerySet[Application]:
    """The officer's queue of one status, narrowed to a call and a name (project or lead organization)."""
    qs = restrict(Application.objects.all(), user, "decide").filter(status=filters.status)
    if filters.call:
        qs = qs.filter(topic__call_id=filters.call)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(organization__name__icontains=filters.q))
    return qs.select_related("topic__call", "organization").order_by("-submitted_at", "-id")


def recommend_queue(*, user: Any, status: str = S.SUBMITTED) -> QuerySet[Application]:
    """The applications sent to the user's recommending units (推荐单位), by status."""
    qs = Application.objects.filter(recommender__organization_id__in=user_organization_ids(user))
    qs = restrict(qs, user, "view").exclude(status=S.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("topic__call", "organization", "recommender__organization").order_by(
        "-submitted_at", "-id"
    )


def user_is_recommender(user: Any) -> bool:
    ids = user_organization_ids(user)
    return bool(ids) and CallRecommender.objects.filter(organization_id__in=ids).exists()


def call_recommenders(*, call: Call) -> QuerySet[CallRecommender]:
    return (
        call.recommenders.select_related("organization", "region").prefetch_related("covered").order_by("id")
    )


def recommender_get(*, user: Any, pk: int) -> CallRecommender:
    return get_object_or_404_for(user, CallRecommender.objects.select_related("call"), "manage", pk=pk)


def call_ranking(*, user: Any, call: Call, topic: int | None = None) -> QuerySet[Application]:
    """A call's applications after formal check, best review score first (unscored last)."""
    qs = restrict(Application.objects.filter(topic__call=call), user, "decide").filter(status__in=RANKED)
    if topic:
        qs = qs.filter(topic_id=topic)
    return qs.select_related("topic", "organization").order_by(F("review_score").desc(nulls_last=True), "id")


def call_state_counts(*, user: Any, call: Call) -> dict[str, int]:
    """How many of the call's applications the officer decides on are in each state (one query), keyed
    for the ranking page: ``unscored`` (in review, no score yet), ``scored``, ``approved``, ``publicity``."""
    qs = restrict(Application.objects.filter(topic__call=call), user, "decide")
    return qs.aggregate(
        unscored=Count("id", filter=Q(status=S.IN_REVIEW, review_score__isnull=True)),
        scored=Count("id", filter=Q(status=S.IN_REVIEW, review_score__isnull=False)),
        approved=Count("id", filter=Q(status=S.APPROVED)),
        publicity=Count("id", filter=Q(status=S.PUBLICITY)),
    )


def call_panels(*, call: Call) -> list[tuple[Any, Any]]:
    """``(topic or None, panel)`` for each panel of the call that exists (one per topic when the call is
    reviewed by topic)."""
    return review_call_panels(call=call)


def publicity_list(*, call: Call) -> QuerySet[Application]:
    """The public 立项公示 of a call: projects on publicity or issued (nothing else is public)."""
    return (
        Application.objects.filter(topic__call=call, status__in=(S.PUBLICITY, S.ISSUED))
        .select_related("topic", "organization")
        .order_by("topic_id", "-review_score", "id")
    )


def publicity_application(*, call: Call, pk: int) -> Application:
    app = publicity_list(call=call).filter(pk=pk).first()
    if app is None:
        raise Http404
    return app


def application_objections(*, user: Any, application: Application) -> QuerySet[Objection]:
    return restrict(Objection.objects.filter(application=application), user, "view").order_by("id")


def objection_get(*, user: Any, pk: int, application: int) -> Objection:
    qs = Objection.objects.filter(application_id=application).select_related("application")
    return get_object_or_404_for(user, qs, "decide", pk=pk)


def expert_program_tasks(*, user: Any) -> list[tuple[ReviewAssignment, Application | None]]:
    """The expert's review tasks on program applications, each with the application (read-only)."""
    kind = ContentType.objects.get_for_model(Application).pk
    tasks = [a for a in my_assignments(user=user) if a.item.subject_type_id == kind]
    ids = {int(a.item.subject_id) for a in tasks}
    apps = {
        a.pk: a for a in Application.objects.filter(pk__in=ids).select_related("topic__call", "organization")
    }
    return [(a, apps.get(int(a.item.subject_id))) for a in tasks]
