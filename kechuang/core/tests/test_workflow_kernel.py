"""Rules guarded in core's own tests: the transition kernel (``core.workflow.transition``).

* a move that is not in the table is refused with the exact message, and changes nothing;
* optimistic locking: a move made from a stale version is refused, changes nothing, writes no history;
* every accepted move writes its status change and its audit record, and bumps the version.
"""

from __future__ import annotations

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, StatusChange
from kechuang.core.workflow import allowed_targets, history, transition
from kechuang.review.choices import PANEL_TRANSITIONS, PanelStatus
from tests.app_factories import PanelFactory

pytestmark = pytest.mark.django_db

TABLE = {"a": {"b"}, "b": {"c", "a"}, "c": set()}
STALE = "该记录已被他人修改，请刷新页面后重试。"


def test_allowed_targets_reads_the_table():
    assert allowed_targets(TABLE, "a") == {"b"}
    assert allowed_targets(TABLE, "b") == {"a", "c"}
    assert allowed_targets(TABLE, "c") == set()
    assert allowed_targets(TABLE, "unknown") == set()


def test_a_move_outside_the_table_is_refused_and_changes_nothing(cast):
    panel = PanelFactory()
    version = panel.version
    with pytest.raises(ApplicationError) as exc:
        transition(obj=panel, to=PanelStatus.CLOSED, actor=cast.officer, transitions=PANEL_TRANSITIONS)
    assert exc.value.message == "不能从“组建中”变更为“已结束”。"
    assert exc.value.extra == {"from": PanelStatus.FORMING, "to": PanelStatus.CLOSED}
    panel.refresh_from_db()
    assert (panel.status, panel.version) == (PanelStatus.FORMING, version)
    assert not history(panel).exists()


def test_an_accepted_move_bumps_the_version_and_records_history_and_audit(cast):
    panel = PanelFactory()
    version = panel.version
    change = transition(
        obj=panel, to=PanelStatus.SCORING, actor=cast.officer, transitions=PANEL_TRANSITIONS, note="开始"
    )
    panel.refresh_from_db()
    assert (panel.status, panel.version) == (PanelStatus.SCORING, version + 1)
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        PanelStatus.FORMING,
        PanelStatus.SCORING,
        cast.officer,
        "开始",
    )
    assert list(history(panel)) == [change]
    record = AuditRecord.objects.order_by("-id").first()
    assert (record.action, record.target_id, record.before, record.after) == (
        "panel.transition",
        str(panel.pk),
        {"status": PanelStatus.FORMING},
        {"status": PanelStatus.SCORING, "note": "开始"},
    )


def test_a_stale_expected_version_is_refused_and_changes_nothing(cast):
    panel = PanelFactory()
    seen = panel.version
    type(panel).objects.filter(pk=panel.pk).update(version=seen + 1)  # saved by someone else meanwhile
    audits, changes = AuditRecord.objects.count(), StatusChange.objects.count()
    with pytest.raises(ApplicationError) as exc:
        transition(
            obj=panel,
            to=PanelStatus.SCORING,
            actor=cast.officer,
            transitions=PANEL_TRANSITIONS,
            expected_version=seen,
        )
    assert exc.value.message == STALE and exc.value.extra == {"conflict": True}
    panel.refresh_from_db()
    assert (panel.status, panel.version) == (PanelStatus.FORMING, seen + 1)
    assert (AuditRecord.objects.count(), StatusChange.objects.count()) == (audits, changes)


def test_a_stale_object_in_memory_is_refused_without_expected_version(cast):
    panel = PanelFactory()
    other_copy = type(panel).objects.get(pk=panel.pk)
    transition(obj=other_copy, to=PanelStatus.SCORING, actor=cast.officer, transitions=PANEL_TRANSITIONS)
    # ``panel`` still says "forming": its status no longer matches the row
    with pytest.raises(ApplicationError) as exc:
        transition(obj=panel, to=PanelStatus.SCORING, actor=cast.officer, transitions=PANEL_TRANSITIONS)
    assert exc.value.message == STALE
    panel.refresh_from_db()
    assert panel.status == PanelStatus.SCORING and history(panel).count() == 1


def test_the_current_expected_version_is_accepted(cast):
    panel = PanelFactory()
    transition(
        obj=panel,
        to=PanelStatus.SCORING,
        actor=cast.officer,
        transitions=PANEL_TRANSITIONS,
        expected_version=panel.version,
    )
    panel.refresh_from_db()
    assert panel.status == PanelStatus.SCORING
