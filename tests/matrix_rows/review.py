"""Review: an expert sees and scores only their own assignments; a panel is managed by the officers of
the department that organises it (kechuang/review/permissions.py)."""

from __future__ import annotations

from kechuang.review.models import ReviewAssignment
from tests.matrix import SIGNED_IN, Row, department, only_own


def _assignment(w):  # type: ignore[no-untyped-def]
    return {"pk": w.assignment.pk}


def _declined(w) -> bool:  # type: ignore[no-untyped-def]
    return ReviewAssignment.objects.get(pk=w.assignment.pk).status == "declined"


ROWS = [
    Row("review:my_assignments", SIGNED_IN, why="the user's own assignments (none: empty)"),
    Row(
        "review:assignment_detail",
        only_own(200),
        own="expert_user",
        kwargs=_assignment,
        why="the expert's own score sheet (officers follow progress on the panel page)",
    ),
    Row(
        "review:assignment_decline",
        only_own(302),
        own="expert_user",
        kwargs=_assignment,
        method="POST",
        data=lambda w: {"reason": "与申报单位有合作关系"},
        effect=_declined,
    ),
    Row("review:panel_detail", department(200), own="officer", kwargs=lambda w: {"pk": w.panel.pk}),
    # API
    Row("review-assignments", SIGNED_IN),
    Row(
        "review-score-submit",
        only_own(200),
        own="expert_user",
        kwargs=_assignment,
        method="POST",
        data=lambda w: {"scores": {"quality": "80"}, "comment": "技术水平较高。"},
        effect=lambda w: ReviewAssignment.objects.get(pk=w.assignment.pk).status == "submitted",
    ),
]
