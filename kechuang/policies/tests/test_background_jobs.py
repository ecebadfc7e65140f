"""Policy work an officer starts from a page as a background job (issue 18): a push to more organizations
than KECHUANG_EXPORT_BACKGROUND_ROWS, and the qualification run of one measure or of all. The services check
the officer's permission on the measure and record an audited job; the tests' task backend runs the worker
at once (on commit); a second start while the job runs shows that job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, BackgroundJob, Notification
from kechuang.policies import selectors, services
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.models import Measure, PushNotice
from kechuang.policies.services import background
from kechuang.policies.tests.test_auto_claims_many import _qualifying
from tests import factories as f
from tests.pages import client_for

from .conftest import ON

pytestmark = pytest.mark.django_db


def _pushed(measure: Measure) -> set[int]:
    return set(PushNotice.objects.filter(measure=measure).values_list("organization_id", flat=True))


def test_push_start_refuses_an_enterprise_and_an_unpublished_measure(cast, measures, settings):
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 0
    measure = measures["hnte-income-tax"]
    with pytest.raises(ApplicationError) as exc:
        background.push_start(measure=measure, actor=cast.org_admin, on=ON)
    assert exc.value.message == "您无权执行此操作。"
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.RETIRED)
    measure.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        background.push_start(measure=measure, actor=cast.officer, on=ON)
    assert exc.value.message == "只能推送已发布的政策事项。"
    assert not BackgroundJob.objects.exists()


def test_a_large_push_runs_as_a_task_and_pushes_what_the_page_would(
    cast, measures, settings, django_capture_on_commit_callbacks
):
    measure = measures["hnte-income-tax"]
    orgs = _qualifying(6)
    f.MembershipFactory(organization=orgs[0], user=f.UserFactory())
    expected = set(
        selectors.qualified_organizations(user=cast.officer, measure=measure, on=ON).values_list(
            "pk", flat=True
        )
    )
    assert len(expected) > 2
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 2
    client = client_for(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("policies:push", args=[measure.pk]), {"on": ON.isoformat()})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.kind, job.status, job.owner, job.total) == (
        "policies.push",
        "succeeded",
        cast.officer,
        len(expected),
    )
    assert job.result["pushed"] == len(expected) and job.result["notified"] == 1
    assert _pushed(measure) == expected
    assert Notification.objects.filter(kind="policy_push").count() == 1
    start = AuditRecord.objects.get(action="core.background_job_start")
    assert start.target_id == str(job.pk) and start.after["target"] == f"policies.measure:{measure.pk}"
    assert AuditRecord.objects.filter(action="measure.push", target_id=str(measure.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert f"已向 {len(expected)} 家符合条件的单位推送，通知 1 人。" in page and "hx-trigger" not in page
    assert client_for(cast.other_officer).get(response["Location"]).status_code == 404

    # a small push stays in the request, as before (nothing left to push: 0)
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 100
    response = client.post(reverse("policies:push", args=[measure.pk]), {"on": ON.isoformat()})
    assert "/jobs/" not in response["Location"] and BackgroundJob.objects.count() == 1


def test_the_worker_pushes_in_audited_batches_with_its_progress(cast, measures):
    measure = measures["hnte-income-tax"]
    _qualifying(6)
    total = services.push_targets(measure=measure, actor=cast.officer, on=ON).count()
    seen: list[tuple[int, int]] = []
    pushed, _notified = services.push_run(
        measure=measure, actor=cast.officer, on=ON, progress=lambda d, t: seen.append((d, t)), batch=2
    )
    batches = -(-total // 2)
    assert pushed == total and seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _t in seen] == sorted({0, *range(2, total, 2), total})
    assert AuditRecord.objects.filter(action="measure.push").count() == batches
    # a second run finds nothing left: an organization is pushed a measure once
    assert services.push_run(measure=measure, actor=cast.officer, on=ON)[0] == 0


def test_a_second_start_shows_the_running_job_and_refuses_another_officer(cast, measures, settings):
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 2
    measure = measures["hnte-income-tax"]
    _qualifying(6)
    first = background.push_start(measure=measure, actor=cast.officer, on=ON)  # not run: no commit
    assert first is not None and first[1] is True
    again = background.push_start(measure=measure, actor=cast.officer, on=ON)
    assert again == (first[0], False) and BackgroundJob.objects.count() == 1
    response = client_for(cast.officer).post(
        reverse("policies:push", args=[measure.pk]), {"on": ON.isoformat()}
    )
    assert response["Location"] == reverse("core:job", args=[first[0].pk])
    with pytest.raises(ApplicationError) as exc:
        background.push_start(measure=measure, actor=cast.admin, on=ON)
    assert exc.value.message.startswith("已有一项相同的后台任务正在进行（由")
    assert BackgroundJob.objects.count() == 1 and not PushNotice.objects.exists()
    # a job left unfinished for longer than KECHUANG_JOB_STALE_HOURS no longer blocks
    BackgroundJob.objects.update(created_at=timezone.now() - dt.timedelta(hours=7))
    assert background.push_start(measure=measure, actor=cast.admin, on=ON)[1] is True  # type: ignore[index]


def test_the_qualification_run_of_every_measure_counts_what_the_selector_does(
    cast, measures, django_capture_on_commit_callbacks
):
    _qualifying(4)
    client = client_for(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("policies:qualify_all"), {"on": ON.isoformat()})
    job = BackgroundJob.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    published = list(selectors.measure_list(user=cast.officer).filter(status=MeasureStatus.PUBLISHED))
    counts = selectors.qualified_many(user=cast.officer, measures=published, on=ON)
    assert (job.kind, job.status, job.total, job.done) == (
        "policies.qualify",
        "succeeded",
        len(published),
        len(published),
    )
    rows = {r["cells"][0]: r["cells"][1] for r in job.result["table"]["rows"]}
    assert rows == {m.title: str(len(counts[m.pk])) for m in published}
    assert any(n > 0 for n in map(len, counts.values()))
    page = client.get(response["Location"]).content.decode()
    assert f"已统计 {len(published)} 项政策事项（申请日2026年6月30日）" in page
    assert 'id="job-result"' in page and "符合条件的单位数" in page
    hnte = measures["hnte-income-tax"]
    assert f"{reverse('policies:qualified', args=[hnte.pk])}?on=2026-06-30" in page
    audit = AuditRecord.objects.get(action="core.background_job_start")
    assert audit.after["target"] == f"policies.measures:all@{cast.officer.pk}"


def test_the_qualification_run_of_one_measure_and_its_refusals(
    cast, measures, django_capture_on_commit_callbacks
):
    _qualifying(3)
    measure = measures["hnte-income-tax"]
    with django_capture_on_commit_callbacks(execute=True):
        job, created = background.qualify_start(actor=cast.officer, measure=measure, on=ON)
    job.refresh_from_db()
    expected = selectors.qualified_organizations(user=cast.officer, measure=measure, on=ON).count()
    assert created and job.status == "succeeded"
    assert job.result["table"]["rows"] == [
        {
            "cells": [measure.title, str(expected)],
            "link": reverse("policies:qualified", args=[measure.pk]) + "?on=2026-06-30",
        }
    ]
    with pytest.raises(ApplicationError) as exc:
        background.qualify_start(actor=cast.org_admin, measure=measure, on=ON)
    assert exc.value.message == "您无权执行此操作。"
    with pytest.raises(ApplicationError) as exc:
        background.qualify_start(actor=cast.org_admin, on=ON)
    assert exc.value.message == "只有科技部门工作人员和平台管理员可以统计符合条件的单位。"
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.RETIRED)
    measure.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        background.qualify_start(actor=cast.officer, measure=measure, on=ON)
    assert exc.value.message == "只能统计已发布的政策事项。"
    assert BackgroundJob.objects.count() == 1
    # the page refuses a retired measure with the message, back on its page
    response = client_for(cast.officer).post(reverse("policies:qualify", args=[measure.pk]), follow=True)
    assert "只能统计已发布的政策事项。" in response.content.decode()


def test_the_buttons_show_to_officers_only(cast, measures):
    measure = measures["hnte-income-tax"]
    officer = client_for(cast.officer)
    assert 'id="qualify-all"' in officer.get(reverse("policies:measure_list")).content.decode()
    assert (
        'id="measure-qualify"'
        in officer.get(reverse("policies:measure_detail", args=[measure.pk])).content.decode()
    )
    for user in (cast.org_admin, None):
        client = client_for(user)
        assert 'id="qualify-all"' not in client.get(reverse("policies:measure_list")).content.decode()
        detail = client.get(reverse("policies:measure_detail", args=[measure.pk])).content.decode()
        assert 'id="measure-qualify"' not in detail
    assert client_for(cast.org_admin).post(reverse("policies:qualify_all")).status_code == 404
