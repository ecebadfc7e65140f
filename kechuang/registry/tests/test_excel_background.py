"""An import of more rows than KECHUANG_IMPORT_BACKGROUND_ROWS leaves the request: a background job runs it
(the tests' task backend runs it at once), the page shows its progress, then the result or the errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import BackgroundJob
from kechuang.core.services_jobs import job_progress, job_start
from kechuang.registry import excel
from kechuang.registry.models import Organization
from kechuang.registry.tests.excel_files import ORG_HEADER, STATS_HEADER, upload, xlsx_bytes
from kechuang.registry.tests.test_excel_views import A, _bad_file
from tests import factories as f
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def _file(n: int) -> tuple[bytes, list[str]]:
    codes = [f.make_uscc(100 + i, "220104") for i in range(n)]
    org_rows = [
        [c, f"长春测试{i}号科技有限公司", "企业", "220104", "C39", "小型", None, None]
        for i, c in enumerate(codes)
    ]
    stat_rows = [[c, 2024, 1_000_000 + i, 50_000, 20, 5] for i, c in enumerate(codes)]
    return xlsx_bytes(
        {excel.ORG_SHEET: [ORG_HEADER, *org_rows], excel.STATS_SHEET: [STATS_HEADER, *stat_rows]}
    ), codes


def test_a_big_import_runs_as_a_job_and_its_page_shows_the_result(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.KECHUANG_IMPORT_BACKGROUND_ROWS = 10
    settings.MEDIA_ROOT = tmp_path
    content, codes = _file(8)  # 16 data rows
    client = client_for(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:organization_import"), {"file": upload(content), "mode": "upsert"}
        )
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:import_job", args=[job.pk]
    )
    # on commit the task was enqueued; the immediate backend of the tests ran it
    job.refresh_from_db()
    assert job.status == "succeeded" and job.total == 16 and job.percent == 100 and job.owner == cast.officer
    assert job.result["organizations_created"] == 8 and job.result["statistics_created"] == 8
    assert Organization.objects.filter(uscc__in=codes).count() == 8
    assert not list((tmp_path / "imports").iterdir())  # the stored upload is removed
    page = client.get(response["Location"]).content.decode()
    assert "导入成功" in page and "hx-trigger" not in page  # finished: the page no longer polls
    # someone else's job is not found
    assert client_for(cast.other_officer).get(response["Location"]).status_code == 404


def test_a_running_job_page_polls_and_shows_its_progress(cast):
    job = job_start(actor=cast.officer, kind="registry.organization_import", total=3000)
    job_progress(job, phase="已读取，正在核对", done=1000)
    client = client_for(cast.officer)
    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="33"' in page and "已读取，正在核对" in page
    partial = client.get(reverse("registry:import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="import-job"')


def test_a_big_import_with_errors_delivers_the_error_list_and_workbook(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.KECHUANG_IMPORT_BACKGROUND_ROWS = 1
    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:organization_import"), {"file": upload(_bad_file()), "mode": "upsert"}
        )
    job = BackgroundJob.objects.get()
    assert job.status == "failed" and job.result["total"] == 1
    page = client.get(response["Location"]).content.decode()
    assert "行政区划代码“999999”不存在。" in page
    assert client.get(reverse("registry:import_errors", args=[job.result["token"]])).status_code == 200
    assert not Organization.objects.filter(uscc=A).exists()
