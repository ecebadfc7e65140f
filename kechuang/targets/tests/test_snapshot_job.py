"""A plan's snapshot taken from its dashboard as a background job (issue 18): only its managers start it,
the job is audited, the worker records the same values as the nightly snapshot region batch by region
batch with its progress, and a second start while it runs shows the running job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, BackgroundJob
from kechuang.targets import services, services_background, services_snapshots
from kechuang.targets.models import Plan, ValueSnapshot
from kechuang.targets.tests.builders import patents_indicator
from tests.pages import client_for

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 12, 31)


def _allocated(j):  # type: ignore[no-untyped-def]
    """The plan's one indicator, allocated to 长春市 and 吉林市: three regions a snapshot records."""
    ind = patents_indicator(j, baseline_value=10, participating_units=[j.science])
    services.allocation_set(actor=j.manager, indicator=ind, region=j.changchun, target_value=60)
    services.allocation_set(actor=j.manager, indicator=ind, region=j.jilin_city, target_value=20)
    return ind


def _values(on: dt.date) -> dict[str, object]:
    return dict(ValueSnapshot.objects.filter(taken_on=on).values_list("region_id", "value"))


def test_the_snapshot_is_recorded_by_region_batches_like_the_nightly_one(jilin, records) -> None:  # type: ignore[no-untyped-def]
    _allocated(jilin)
    assert services.snapshot_take(plan=jilin.plan, on=DAY) == 3
    nightly = _values(DAY)
    ValueSnapshot.objects.all().delete()
    seen: list[tuple[int, int]] = []
    n = services_snapshots.snapshot_record(
        plan=jilin.plan, actor=jilin.manager, on=DAY, progress=lambda d, t: seen.append((d, t)), batch=1
    )
    assert n == 3 and _values(DAY) == nightly and set(nightly) == {"220000", "220100", "220200"}
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    audits = AuditRecord.objects.filter(action="targets.plan_snapshot", target_id=str(jilin.plan.pk))
    assert audits.count() == 3 and {a.after["on"] for a in audits} == {"2025-12-31"}


def test_only_a_manager_starts_it_and_only_once_at_a_time(jilin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc:
        services_background.snapshot_start(plan=jilin.plan, actor=jilin.manager, today=DAY)
    assert exc.value.message == "该规划还没有指标，无需记录快照。"
    _allocated(jilin)
    with pytest.raises(ApplicationError) as exc:
        services_background.snapshot_start(plan=jilin.plan, actor=jilin.industry_officer, today=DAY)
    assert exc.value.message == "您无权执行此操作。"
    with pytest.raises(ApplicationError) as exc:
        services_background.snapshot_start(plan=jilin.plan, actor=jilin.manager, today=dt.date(2023, 6, 1))
    assert exc.value.message == "规划尚未开始执行，暂不能记录指标快照。"
    assert not BackgroundJob.objects.exists()
    job, created = services_background.snapshot_start(plan=jilin.plan, actor=jilin.manager, today=DAY)
    assert created and (job.kind, job.status, job.total) == ("targets.snapshot", "queued", 3)
    assert job.result["on"] == "2025-12-31" and job.result["target"] == f"targets.plan:{jilin.plan.pk}"
    audit = AuditRecord.objects.get(action="core.background_job_start")
    assert audit.target_id == str(job.pk) and audit.after["target"] == f"targets.plan:{jilin.plan.pk}"
    # not run yet (nothing committed): a second start is the same job
    assert services_background.snapshot_start(plan=jilin.plan, actor=jilin.manager, today=DAY) == (job, False)
    response = client_for(jilin.manager).post(reverse("targets:plan_snapshot", args=[jilin.plan.pk]))
    assert response["Location"] == reverse("core:job", args=[job.pk]) and BackgroundJob.objects.count() == 1
    # after the plan's last day the snapshot records the last day
    later = dt.date(2027, 3, 1)
    assert services_snapshots.snapshot_day(jilin.plan, later) == jilin.plan.period_end


def test_the_dashboard_button_starts_the_job_and_its_page_shows_the_result(
    jilin, records, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _allocated(jilin)
    dashboard = reverse("targets:plan_dashboard", args=[jilin.plan.pk])
    manager = client_for(jilin.manager)
    assert 'id="plan-snapshot"' in manager.get(dashboard).content.decode()
    viewer = client_for(jilin.industry_officer)  # leads the indicator: sees the plan, does not manage it
    assert viewer.get(dashboard).status_code == 200
    assert 'id="plan-snapshot"' not in viewer.get(dashboard).content.decode()
    refused = viewer.post(reverse("targets:plan_snapshot", args=[jilin.plan.pk]), follow=True)
    assert "您无权执行此操作。" in refused.content.decode() and not BackgroundJob.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(reverse("targets:plan_snapshot", args=[jilin.plan.pk]))
    job = BackgroundJob.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    on = min(timezone.localdate(), jilin.plan.period_end)
    assert job.status == "succeeded" and job.result["values"] == 3 and len(_values(on)) == 3
    page = manager.get(response["Location"]).content.decode()
    assert f"已记录 3 个指标数值（{on.year}年{on.month}月{on.day}日）。" in page
    assert dashboard in page and "hx-trigger" not in page
    assert client_for(jilin.industry_officer).get(response["Location"]).status_code == 404
    Plan.objects.filter(pk=jilin.plan.pk).delete()  # the job's record outlives its plan
    assert manager.get(response["Location"]).status_code == 200
