"""A list export of more rows than KECHUANG_EXPORT_BACKGROUND_ROWS leaves the request: a background job
builds the same workbook (the tests' task backend runs it at once), its page shows the progress, then the
file — which only the job's owner may download."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kechuang.core import background, tasks
from kechuang.core.models import AuditRecord, BackgroundJob
from kechuang.core.services_jobs import job_finish
from tests import factories as f
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def _rows(response) -> list[tuple]:  # type: ignore[no-untyped-def]
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content), read_only=True).active.values)


def test_a_large_organization_export_runs_as_a_job_with_progress_and_a_download(
    cast, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    f.OrganizationFactory.create_batch(5)  # 7 in 长春 with the cast's two
    url = reverse("registry:organization_export") + "?kind=enterprise"
    client = client_for(cast.officer)
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 100
    direct = _rows(client.get(url))  # small: streamed in the request, as before
    assert len(direct) == 8 and not BackgroundJob.objects.exists()

    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 3
    monkeypatch.setattr(background, "PROGRESS_EVERY", 2)
    seen: list[tuple[int, int]] = []
    real = background.job_progress

    def spy(job, *, phase, done=None, total=None):  # type: ignore[no-untyped-def]
        real(job, phase=phase, done=done, total=total)
        seen.append((job.done, job.total))

    monkeypatch.setattr(background, "job_progress", spy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    assert AuditRecord.objects.filter(action="core.background_job_start", target_id=str(job.pk)).count() == 1
    # the worker's progress advanced row by row to the total, then the job finished
    assert [done for done, _ in seen] == [0, 2, 4, 6] and {total for _, total in seen} == {7}
    job.refresh_from_db()
    assert job.status == "succeeded" and job.percent == 100 and job.result["rows"] == 7
    page = client.get(response["Location"]).content.decode()
    assert "导出完成" in page and "hx-trigger" not in page
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert _rows(download) == direct  # the same rows as the export in the request
    # only the owner sees the job or its file
    for other in (cast.other_officer, cast.admin, cast.org_admin):
        assert client_for(other).get(response["Location"]).status_code == 404
        assert client_for(other).get(reverse("core:job_download", args=[job.pk])).status_code == 404
    anonymous = client_for(None).get(reverse("core:job_download", args=[job.pk]))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_the_statistics_export_keeps_its_year_filter_in_the_job(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 0
    f.StatisticsFactory(organization=cast.org, year=2024)
    f.StatisticsFactory(organization=cast.org, year=2025)
    client = client_for(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registry:statistics_export") + "?year=2025")
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and job.total == 1  # the year's row only
    rows = _rows(client.get(reverse("core:job_download", args=[job.pk])))
    assert len(rows) == 2 and 2025 in rows[1]


def test_a_running_export_page_polls_and_a_failed_one_says_so(cast):
    job = background.job_start(actor=cast.officer, kind=background.EXPORT_JOB, total=10_000)
    background.job_progress(job, phase=background.WRITING, done=2500)
    client = client_for(cast.officer)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page and "正在写入表格" in page
    partial = client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="background-job"')
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404  # not ready yet
    job_finish(job, ok=False, message="导出时发生系统错误，请稍后重试或联系管理员。")
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "导出时发生系统错误" in page and "hx-trigger" not in page


@background.export_provider
def _failing_provider(user, query):  # type: ignore[no-untyped-def]
    raise RuntimeError("the list could not be built")


def test_an_unregistered_provider_is_refused_before_any_job_is_recorded(cast):
    def unregistered(user, query):  # type: ignore[no-untyped-def]
        raise AssertionError("never called")

    with pytest.raises(ValueError, match="not registered"):
        tasks.export_start(actor=cast.officer, provider=unregistered, params={}, total=9)
    assert not BackgroundJob.objects.filter(kind=background.EXPORT_JOB).exists()


def test_a_provider_that_fails_leaves_a_failed_job_and_no_file(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.export_start(actor=cast.officer, provider=_failing_provider, params={}, total=9)
    job.refresh_from_db()
    assert job.status == "failed" and "导出时发生系统错误" in job.message
    assert not list((tmp_path / "exports").iterdir())
    assert client_for(cast.officer).get(reverse("core:job_download", args=[job.pk])).status_code == 404
