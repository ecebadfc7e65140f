"""Task and report buttons come from the targets tables (``targets/actions.py``) and the task rule: the
lead unit marks its task done, only the plan's managers cancel; "overdue" is the task's own rule."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.workflow import allowed_actions
from kechuang.targets import services
from kechuang.targets.choices import TaskStatus
from kechuang.targets.models import Task

pytestmark = pytest.mark.django_db


def _task(j, **extra):  # type: ignore[no-untyped-def]
    return services.task_create(
        actor=j.manager, plan=j.plan, code="T9", title="任务", lead_unit=j.industry, **extra
    )


def _buttons(user, task) -> list[str]:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    page = client.get(reverse("targets:task_detail", args=[task.pk])).content.decode()
    return re.findall(r'<button type="submit" name="to" value="([a-z]+)">', page)


def test_task_buttons_by_right(jilin) -> None:  # type: ignore[no-untyped-def]
    task = _task(jilin)
    assert _buttons(jilin.manager, task) == ["cancelled", "done"]
    assert _buttons(jilin.industry_officer, task) == ["done"]  # the lead unit
    assert [a.name for a in allowed_actions(task, jilin.industry_officer).offered] == ["done"]
    with pytest.raises(ApplicationError) as exc:
        services.task_transition(actor=jilin.industry_officer, task=task, to=TaskStatus.CANCELLED)
    assert exc.value.message == "您无权执行此操作。"
    services.task_transition(actor=jilin.industry_officer, task=task, to=TaskStatus.DONE)
    task.refresh_from_db()
    assert _buttons(jilin.industry_officer, task) == ["open"]
    assert not allowed_actions(task, jilin.quality_officer)
    services.task_transition(actor=jilin.manager, task=task, to=TaskStatus.OPEN)
    services.task_transition(actor=jilin.manager, task=task, to=TaskStatus.CANCELLED)
    task.refresh_from_db()
    assert _buttons(jilin.manager, task) == []  # cancelled is terminal


def test_overdue_is_the_tasks_rule(jilin) -> None:  # type: ignore[no-untyped-def]
    due = jilin.plan.period_start
    task = _task(jilin, due_date=due)
    assert task.overdue_on(due + dt.timedelta(days=1)) and not task.overdue_on(due)
    assert task.is_overdue == (due < timezone.localdate())
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    task.refresh_from_db()
    assert not task.is_overdue and not task.overdue_on(due + dt.timedelta(days=1))
