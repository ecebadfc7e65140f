"""The qualifying organizations' export leaves the request when large (KECHUANG_EXPORT_BACKGROUND_ROWS)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kechuang.core.models import BackgroundJob
from tests.pages import client_for

from .conftest import ON

pytestmark = pytest.mark.django_db


def test_a_large_qualified_export_runs_as_a_job_for_the_same_day(
    cast, srdi, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 0
    client = client_for(cast.officer)
    url = reverse("policies:qualified_export", args=[srdi.pk]) + f"?on={ON.isoformat()}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded" and job.total == 1 and job.result["params"]["on"] == [ON.isoformat()]
    download = client.get(reverse("core:job_download", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[0][:2] == ("统一社会信用代码", "名称") and [r[1] for r in rows[1:]] == [cast.org.name]
    assert client_for(cast.other_officer).get(reverse("core:job_download", args=[job.pk])).status_code == 404
