"""Rule guarded: creating a task is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure after the task, its units and its audit record
are written leaves no task (and no unit link) behind and no audit record (tests/atomic.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.targets import services
from kechuang.targets.models import Task
from tests import app_factories as af
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

pytestmark = pytest.mark.django_db(transaction=True)


def _create(cast):  # type: ignore[no-untyped-def]
    science = cast.officer.officer_assignments.get().department
    plan = af.PlanFactory(department=science)
    other = cast.other_officer.officer_assignments.get().department
    return services.task_create(
        actor=cast.officer,
        plan=plan,
        code="T-1",
        title="建设科技成果转化平台",
        due_date=dt.date(2026, 6, 30),
        lead_unit=science,
        participating_units=[other],
    )


def test_a_failure_after_the_task_is_audited_leaves_no_task(cast, monkeypatch):
    """Rule: task_create writes the task, its units and its audit record in one transaction."""
    before = counts(Task, Task.participating_units.through)
    fail_after_audit(monkeypatch, services)
    with pytest.raises(Boom):
        _create(cast)
    assert counts(Task, Task.participating_units.through) == before
    assert_chain_intact()


def test_the_same_task_commits_when_nothing_fails(cast):
    """The control: without the injected failure the task and its participating unit are committed."""
    task = _create(cast)
    assert Task.objects.get(pk=task.pk).participating_units.count() == 1
