"""A one-sheet import of more rows than KECHUANG_IMPORT_BACKGROUND_ROWS leaves the request (issue 18): the
page stores the upload, records an audited job and a task worker (run at once by the tests' backend) checks
every row and writes all or none, as the page would; the job page shows the count, or every error by row and
column with the error workbook. Shown on a plan's indicator import (the expert import works the same way)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core import background
from kechuang.core.models import AuditRecord, BackgroundJob
from kechuang.targets.models import Indicator
from kechuang.targets.tests.test_plan_imports import INDICATOR_HEADER, plan  # noqa: F401  (fixture)
from tests.pages import client_for, text
from tests.xlsx import xlsx_upload

pytestmark = pytest.mark.django_db

GOOD = [
    ["Z1", "市级以上企业技术中心数量", "家", 120, "2027-12-31", "2026-12-31", 96, "不低于目标", ""],
    ["Z2", "技术合同成交额", "亿元", 300, "2027-12-31", "2026-12-31", 250, "不低于目标", ""],
    ["Z3", "高新技术企业数量", "家", 1500, "2027-12-31", "2026-12-31", 1200, "不低于目标", ""],
]


def _post(client, target, rows, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(
            reverse("targets:indicator_import", args=[target.pk]),
            {"file": xlsx_upload("指标", INDICATOR_HEADER, rows)},
        )


def test_a_large_import_runs_as_a_task_and_writes_what_the_page_would(
    cast,
    plan,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.KECHUANG_IMPORT_BACKGROUND_ROWS = 2
    client = client_for(cast.officer)
    response = _post(client, plan, GOOD, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.kind, job.status, job.total, job.owner) == ("core.sheet_import", "succeeded", 3, cast.officer)
    assert set(Indicator.objects.filter(plan=plan).values_list("code", flat=True)) == {"Z1", "Z2", "Z3"}
    assert AuditRecord.objects.filter(action="core.background_job_start", target_id=str(job.pk)).exists()
    assert not list(background.import_dir().glob("*.xlsx"))  # the stored upload is removed
    page = text(client.get(response["Location"]))
    assert "已导入3个指标。" in page and reverse("targets:plan_dashboard", args=[plan.pk]) in page
    assert client_for(cast.other_officer).get(response["Location"]).status_code == 404


def test_a_large_import_with_errors_writes_nothing_and_reports_every_row(
    cast,
    plan,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.KECHUANG_IMPORT_BACKGROUND_ROWS = 2
    bad = [
        GOOD[0],
        ["Z2", "技术合同成交额", "亿元", "很多", "2027-12-31", "2026-12-31", "", "向上", ""],
        GOOD[2],
    ]
    client = client_for(cast.officer)
    response = _post(client, plan, bad, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    job.refresh_from_db()
    assert job.status == "failed" and not Indicator.objects.filter(plan=plan).exists()
    assert {e["row"] for e in job.result["errors"]} == {3} and job.result["token"]
    page = text(client.get(response["Location"]))
    assert "导入未完成：发现2处错误，未写入任何数据。" in page
    assert "目标值“很多”不是数字" in page and "方向应为" in page
    assert reverse("registry:import_errors", args=[job.result["token"]]) in page
    assert client.get(reverse("registry:import_errors", args=[job.result["token"]])).status_code == 200


def test_a_small_import_stays_in_the_request(cast, plan, settings):  # noqa: F811
    settings.KECHUANG_IMPORT_BACKGROUND_ROWS = 10
    response = client_for(cast.officer).post(
        reverse("targets:indicator_import", args=[plan.pk]),
        {"file": xlsx_upload("指标", INDICATOR_HEADER, GOOD)},
    )
    assert response.status_code == 302 and "/jobs/" not in response["Location"]
    assert Indicator.objects.filter(plan=plan).count() == 3 and not BackgroundJob.objects.exists()


def test_every_one_sheet_import_page_is_registered_for_the_worker():
    """A worker process rebuilds an import by name: the apps register theirs when they are ready."""
    for name in (
        "kechuang.registry.views_experts.expert_import_spec",
        "kechuang.targets.views_plans.indicator_import_spec",
        "kechuang.targets.views_plans.allocation_import_spec",
    ):
        assert background.sheet_import_named(name) is not None, name
