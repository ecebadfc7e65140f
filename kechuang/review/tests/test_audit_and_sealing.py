"""Rules guarded in review's own tests (issue 19):

* every review service leaves its audit record, with its action name, in the same transaction;
* scores are sealed: while the panel scores, only the expert who gave a sheet sees it; closing unseals
  and nobody may change a sheet afterwards;
* optimistic locking: opening or closing a panel from a stale page is refused and changes nothing.
"""

from __future__ import annotations

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry.models import Department
from kechuang.review.choices import AssignmentStatus, PanelStatus
from kechuang.review.models import ReviewAssignment
from kechuang.review.selectors import item_assignments, scores_visible
from kechuang.review.services import (
    assignment_decline,
    panel_add_item,
    panel_assign,
    panel_close,
    panel_create,
    panel_open,
    panel_remove_item,
    score_submit,
)

from .conftest import INDICATORS, expert

pytestmark = pytest.mark.django_db

STALE = "该记录已被他人修改，请刷新页面后重试。"


def _new_actions(since: int) -> list[tuple[str, str]]:
    return list(AuditRecord.objects.filter(id__gt=since).order_by("id").values_list("action", "target_type"))


def _mark() -> int:
    return AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _panel(cast):
    department = Department.objects.get(region_id="220100", kind="science")
    return panel_create(
        owner=department,
        name="评审组",
        department=department,
        indicators=INDICATORS,
        actor=cast.officer,
        experts_per_item=1,
    )


def test_every_review_service_writes_its_audit_action(cast):
    mark = _mark()
    panel = _panel(cast)
    assert _new_actions(mark) == [("panel.create", "review.panel")]

    mark = _mark()
    extra = panel_add_item(
        panel=panel, subject=cast.other_org, organization=cast.other_org, label="北方", actor=cast.officer
    )
    assert _new_actions(mark) == [("panel.add_item", "review.panel")]

    mark = _mark()
    panel_remove_item(item=extra, actor=cast.officer)
    assert _new_actions(mark) == [("panel.remove_item", "review.panel")]

    panel_add_item(panel=panel, subject=cast.org, organization=cast.org, label="光华", actor=cast.officer)
    a, b = expert("甲"), expert("乙")
    mark = _mark()
    panel_assign(panel=panel, actor=cast.officer, experts=[a])
    assert _new_actions(mark) == [("panel.assign", "review.panel")]
    assert AuditRecord.objects.get(id__gt=mark).after["created"] == 1

    mark = _mark()
    panel_open(panel=panel, actor=cast.officer)
    assert _new_actions(mark) == [("panel.transition", "review.panel")]
    assert AuditRecord.objects.get(id__gt=mark).after == {"status": PanelStatus.SCORING, "note": ""}

    first = ReviewAssignment.objects.get(expert=a)
    mark = _mark()
    replacement = assignment_decline(assignment=first, actor=a.user, reason="曾为该企业提供咨询")
    assert replacement is not None and replacement.expert == b
    actions = [action for action, _t in _new_actions(mark)]
    assert actions[0] == "reviewassignment.transition" and actions[-1] == "assignment.decline"

    mark = _mark()
    score_submit(assignment=replacement, actor=b.user, scores={"q": 80}, comment="好")
    assert _new_actions(mark) == [("reviewassignment.transition", "review.reviewassignment")]
    assert AuditRecord.objects.get(id__gt=mark).after == {"status": AssignmentStatus.SUBMITTED, "note": ""}

    mark = _mark()
    panel_close(panel=panel, actor=cast.officer)
    assert _new_actions(mark) == [("panel.transition", "review.panel")]
    assert AuditRecord.objects.get(id__gt=mark).after == {"status": PanelStatus.CLOSED, "note": ""}


def test_a_refused_service_leaves_no_audit_record(cast):
    panel = _panel(cast)
    pool = [expert("甲")]
    mark = _mark()
    with pytest.raises(ApplicationError) as exc:
        panel_assign(panel=panel, actor=cast.officer, experts=pool)
    assert exc.value.message == "评审组中还没有评审对象。"
    assert _new_actions(mark) == []


@pytest.fixture
def scoring(cast):
    panel = _panel(cast)
    panel_add_item(panel=panel, subject=cast.org, organization=cast.org, label="光华", actor=cast.officer)
    a, b = expert("甲"), expert("乙")
    panel_assign(panel=panel, actor=cast.officer, experts=[a])
    panel_open(panel=panel, actor=cast.officer)
    return panel, ReviewAssignment.objects.get(expert=a), a, b


def _sheet_as_seen_by(user, assignment):
    rows = item_assignments(user=user, item=assignment.item)
    return [(r["scores"], r["total"], r["comment"]) for r in rows]


def test_scores_are_sealed_until_the_panel_closes(cast, scoring):
    panel, assignment, a, b = scoring
    score_submit(assignment=assignment, actor=a.user, scores={"q": "88.5"}, comment="创新性强")
    assignment.refresh_from_db()
    # the expert sees their own sheet; the department's officer and anyone else see it blank
    assert scores_visible(user=a.user, assignment=assignment) is True
    assert _sheet_as_seen_by(a.user, assignment) == [({"q": "88.5"}, assignment.total, "创新性强")]
    for user in (cast.officer, b.user, cast.admin, cast.org_admin):
        assert scores_visible(user=user, assignment=assignment) is False, user.username
    assert _sheet_as_seen_by(cast.officer, assignment) == [(None, None, "")]
    assert _sheet_as_seen_by(cast.admin, assignment) == [(None, None, "")]

    panel_close(panel=panel, actor=cast.officer)
    assignment.refresh_from_db()
    assert scores_visible(user=cast.officer, assignment=assignment) is True
    assert _sheet_as_seen_by(cast.officer, assignment) == [({"q": "88.5"}, assignment.total, "创新性强")]


def test_a_sealed_sheet_cannot_be_changed_after_closing(cast, scoring):
    panel, assignment, a, _b = scoring
    score_submit(assignment=assignment, actor=a.user, scores={"q": 70}, comment="一般")
    panel_close(panel=panel, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:
        score_submit(assignment=assignment, actor=a.user, scores={"q": 99}, comment="改分")
    assert exc.value.message == "评审已结束，评分已封存，不能再提交或修改。"
    assignment.refresh_from_db()
    assert assignment.scores == {"q": "70"} and assignment.comment == "一般"


def test_a_submitted_sheet_cannot_be_resubmitted(cast, scoring):
    _panel, assignment, a, _b = scoring
    score_submit(assignment=assignment, actor=a.user, scores={"q": 70}, comment="一般")
    with pytest.raises(ApplicationError) as exc:
        score_submit(assignment=assignment, actor=a.user, scores={"q": 99}, comment="改分")
    assert exc.value.message == "评分已提交，不能重复提交。"
    assignment.refresh_from_db()
    assert assignment.scores == {"q": "70"}


def test_opening_from_a_stale_page_is_refused(cast):
    panel = _panel(cast)
    panel_add_item(panel=panel, subject=cast.org, organization=cast.org, label="光华", actor=cast.officer)
    panel_assign(panel=panel, actor=cast.officer, experts=[expert("甲")])
    seen = panel.version
    type(panel).objects.filter(pk=panel.pk).update(version=seen + 1)  # another officer saved meanwhile
    panel.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        panel_open(panel=panel, actor=cast.officer, expected_version=seen)
    assert exc.value.message == STALE and exc.value.extra == {"conflict": True}
    panel.refresh_from_db()
    assert panel.status == PanelStatus.FORMING and panel.version == seen + 1
    panel_open(panel=panel, actor=cast.officer, expected_version=seen + 1)
    panel.refresh_from_db()
    assert panel.status == PanelStatus.SCORING and panel.version == seen + 2


def test_closing_from_a_stale_page_is_refused(cast, scoring):
    panel, assignment, a, _b = scoring
    score_submit(assignment=assignment, actor=a.user, scores={"q": 70}, comment="一般")
    panel.refresh_from_db()
    seen = panel.version
    with pytest.raises(ApplicationError) as exc:
        panel_close(panel=panel, actor=cast.officer, expected_version=seen - 1)
    assert exc.value.message == STALE
    panel.refresh_from_db()
    assert panel.status == PanelStatus.SCORING and panel.closed_at is None
    assert (
        AuditRecord.objects.filter(action="panel.transition", after__status=PanelStatus.CLOSED).count() == 0
    )


def test_a_score_keeps_at_most_two_decimals(cast, scoring):
    """Rule: a score may have two decimals (88.25); a third is refused, naming the indicator."""
    _, assignment, a, _ = scoring
    with pytest.raises(ApplicationError) as exc:
        score_submit(assignment=assignment, actor=a.user, scores={"q": "88.125"}, comment="好")
    assert exc.value.message == "“质量”的得分最多保留两位小数。"
    score_submit(assignment=assignment, actor=a.user, scores={"q": "88.25"}, comment="好")
