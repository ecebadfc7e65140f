"""Reads of the review machinery.  Scores are sealed: other experts' and officers' views get them only
after the panel has closed."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet

from kechuang.core.permissions import restrict
from kechuang.review.choices import AssignmentStatus, PanelStatus
from kechuang.review.models import Panel, PanelItem, ReviewAssignment


def my_assignments(*, user: Any, status: str | None = None) -> QuerySet[ReviewAssignment]:
    """The expert's own assignments (declined ones excluded unless asked)."""
    qs = restrict(ReviewAssignment.objects.all(), user, "score").exclude(status=AssignmentStatus.DECLINED)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("item__panel", "item__organization").order_by("status", "-id")


def panel_for_owner(*, owner: Model) -> Panel | None:
    return (
        Panel.objects.filter(
            owner_type=ContentType.objects.get_for_model(type(owner)), owner_id=str(owner.pk)
        )
        .order_by("-id")
        .first()
    )


def panel_progress(*, panel: Panel) -> dict[str, int]:
    counts = ReviewAssignment.objects.filter(item__panel=panel).aggregate(
        assigned=Count("id", filter=Q(status=AssignmentStatus.ASSIGNED)),
        submitted=Count("id", filter=Q(status=AssignmentStatus.SUBMITTED)),
        declined=Count("id", filter=Q(status=AssignmentStatus.DECLINED)),
    )
    counts["items"] = panel.items.count()
    return counts


def scores_visible(*, user: Any, assignment: ReviewAssignment) -> bool:
    """Sealed: the expert sees their own sheet; everyone else only after the panel closed."""
    if assignment.expert.user_id is not None and assignment.expert.user_id == getattr(user, "pk", None):
        return True
    return assignment.item.panel.status == PanelStatus.CLOSED


def item_assignments(*, user: Any, item: PanelItem) -> list[dict[str, Any]]:
    """Assignments of an item as the user may see them: scores blank while sealed."""
    rows = []
    for a in restrict(ReviewAssignment.objects.filter(item=item), user, "view").select_related(
        "expert", "item__panel"
    ):
        visible = scores_visible(user=user, assignment=a)
        rows.append(
            {
                "assignment": a,
                "expert": a.expert,
                "status": a.get_status_display(),
                "scores": a.scores if visible else None,
                "total": a.total if visible else None,
                "comment": a.comment if visible else "",
            }
        )
    return rows


def item_for_subject(*, subject: Model) -> PanelItem | None:
    return (
        PanelItem.objects.filter(
            subject_type=ContentType.objects.get_for_model(type(subject)), subject_id=str(subject.pk)
        )
        .select_related("panel")
        .order_by("-id")
        .first()
    )


def assigned_subject_ids(*, user: Any, model: type[Model]) -> QuerySet:
    """Ids (as stored: text) of the ``model`` objects the user reviews as an expert (assigned or scored)."""
    return ReviewAssignment.objects.filter(
        expert__user=user,
        status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED],
        item__subject_type=ContentType.objects.get_for_model(model),
    ).values_list("item__subject_id", flat=True)


def panel_assignments(*, panel: Panel) -> QuerySet[ReviewAssignment]:
    """Every assignment of a panel's items, with the expert's user and the item."""
    return ReviewAssignment.objects.filter(item__panel=panel).select_related("expert__user", "item")
