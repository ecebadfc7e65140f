"""The kernel's background jobs: one job per object at a time (job_start_once), and the job page while it
runs (what is done, the progress bar with its counts) and when done (the worker's table of results)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, BackgroundJob
from kechuang.core.services_jobs import job_finish, job_progress, job_running, job_start_once
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def test_one_job_per_object_at_a_time(cast, settings) -> None:  # type: ignore[no-untyped-def]
    lock = cast.org
    start = dict(kind="test.work", target=f"registry.organization:{lock.pk}", lock=lock, total=4)
    job, created = job_start_once(actor=cast.officer, **start)  # type: ignore[arg-type]
    assert created and job.result == {"target": f"registry.organization:{lock.pk}"}
    assert AuditRecord.objects.get(action="core.background_job_start").after["target"] == start["target"]
    assert job_start_once(actor=cast.officer, **start) == (job, False)  # type: ignore[arg-type]
    with pytest.raises(ApplicationError) as exc:
        job_start_once(actor=cast.other_officer, **start)  # type: ignore[arg-type]
    assert exc.value.message.startswith("已有一项相同的后台任务正在进行（由")
    assert job_running(kind="test.work", target=start["target"]) == job  # type: ignore[arg-type]
    # another object, or the same kind once the job is done, starts anew
    assert job_start_once(actor=cast.other_officer, **{**start, "target": "registry.organization:0"})[1]  # type: ignore[arg-type]
    job_finish(job, ok=True, message="完成")
    assert job_start_once(actor=cast.other_officer, **start)[1]  # type: ignore[arg-type]
    # a job unfinished for longer than KECHUANG_JOB_STALE_HOURS is taken for lost
    settings.KECHUANG_JOB_STALE_HOURS = 1
    BackgroundJob.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert job_running(kind="test.work", target=start["target"]) is None  # type: ignore[arg-type]


def test_the_job_page_while_running_and_when_done(cast) -> None:  # type: ignore[no-untyped-def]
    intro = gettext_noop("共%(n)s项政策事项，正在逐项统计辖区内符合条件的单位。")
    job, _created = job_start_once(
        actor=cast.officer, kind="test.work", target="x:1", lock=cast.org, total=1200, data={"intro": intro}
    )
    job_progress(job, phase=gettext_noop("正在统计符合条件的单位"), done=300)
    client = client_for(cast.officer)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "共1200项政策事项，正在逐项统计辖区内符合条件的单位。可以离开本页" in page
    assert '<progress max="100" value="25">' in page and "（300 / 1200）" in page and "hx-trigger" in page
    table = {
        "columns": [gettext_noop("政策事项"), gettext_noop("符合条件的单位数")],
        "rows": [{"cells": ["高新技术企业所得税优惠", "1024"], "link": "/policies/measures/7/qualified/"}],
    }
    job_finish(job, ok=True, message="已统计 1 项政策事项。", result={"table": table, "link": "/policies/"})
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page and "已统计 1 项政策事项。" in page
    assert '<a href="/policies/measures/7/qualified/">高新技术企业所得税优惠</a></td><td>1024</td>' in page
    assert "<th>符合条件的单位数</th>" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "<th>Qualifying organizations</th>" in english  # stored untranslated, shown in the reader's
