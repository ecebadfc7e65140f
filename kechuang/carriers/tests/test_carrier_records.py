"""Carriers that already exist, entered by officers: the page (every problem at once), the correction
with its reason in the history and the audit, the scope of the responsible department, the Excel import
(row-by-row report, nothing half-written)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from kechuang.carriers.models import Carrier
from kechuang.core.models import AuditRecord, BackgroundJob
from kechuang.registry.selectors import user_officer_roles
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _form(cast, **over):  # type: ignore[no-untyped-def]
    department = user_officer_roles(cast.officer)[0].department
    return {
        "name": "长春光华国家企业技术中心",
        "kind": "enterprise_tech_center",
        "tier": "national",
        "region": "220102",
        "lead": cast.org.uscc,
        "joint": cast.other_org.name,
        "responsible_department": department.name,
        "certificate_no": "国认企技〔2015〕12号",
        "recognised_on": "2015-06-30",
        **over,
    }


def test_an_officer_enters_an_existing_national_center(cast):
    client = client_for(cast.officer)
    response = client.post(reverse("carriers:carrier_new"), _form(cast))
    carrier = Carrier.objects.get(name="长春光华国家企业技术中心")
    assert response.status_code == 302
    assert carrier.tier == "national" and carrier.recognised_on.year == 2015
    assert {(h.organization_id, h.role) for h in carrier.host_links.all()} == {
        (cast.org.pk, "lead"),
        (cast.other_org.pk, "joint"),
    }
    page = text(client.get(reverse("carriers:carrier_detail", args=[carrier.pk])))
    assert "国家级" in page and "国认企技〔2015〕12号" in page and "2015年6月30日" in page


def test_every_problem_at_once_and_nothing_written(cast):
    client = client_for(cast.officer)
    response = client.post(
        reverse("carriers:carrier_new"),
        _form(cast, lead="不存在的公司", region="999999", recognised_on="2015-13-40"),
    )
    body = text(response)
    assert response.status_code == 400
    assert "主体库中没有主建单位“不存在的公司”" in body
    assert "行政区划代码“999999”不存在" in body
    assert "认定日期“2015-13-40”不是有效日期" in body
    assert not Carrier.objects.exists()


def test_another_departments_carrier_is_refused_beside_the_field(cast):
    other = f.DepartmentFactory(
        name="长春市发展和改革委员会", kind="development_reform", region=cast.org.region.parent
    )
    response = client_for(cast.officer).post(
        reverse("carriers:carrier_new"), _form(cast, responsible_department=other.name)
    )
    assert response.status_code == 400
    assert "您只能登记本部门主管的载体" in text(response)
    assert not Carrier.objects.exists()


def test_a_correction_needs_a_reason_and_is_written_in_the_history(cast):
    client = client_for(cast.officer)
    client.post(reverse("carriers:carrier_new"), _form(cast))
    carrier = Carrier.objects.get()
    url = reverse("carriers:carrier_edit", args=[carrier.pk])
    assert "请填写更正原因" in text(client.post(url, _form(cast, tier="provincial")))
    response = client.post(url, {**_form(cast, tier="provincial", joint=""), "reason": "级别录入有误"})
    assert response.status_code == 302
    carrier.refresh_from_db()
    assert carrier.tier == "provincial" and carrier.host_links.count() == 1
    record = AuditRecord.objects.get(action="carrier.correct")
    assert record.before["tier"] == "national" and record.after["reason"] == "级别录入有误"
    assert "信息更正" in text(client.get(reverse("carriers:carrier_detail", args=[carrier.pk])))


def test_another_regions_officer_cannot_open_the_correction(cast):
    client_for(cast.officer).post(reverse("carriers:carrier_new"), _form(cast))
    carrier = Carrier.objects.get()
    assert (
        client_for(cast.other_officer).get(reverse("carriers:carrier_edit", args=[carrier.pk])).status_code
        == 404
    )


def _upload(rows):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.title = "创新载体"
    ws.append(["载体名称*", "载体类型*", "级别*", "所在地区*", "主建单位*", "证书编号", "认定日期"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "载体.xlsx"
    return buf


def test_the_import_reports_every_row_and_writes_nothing_on_error(cast):
    client = client_for(cast.officer)
    url = reverse("carriers:carrier_import")
    template = client.get(url + "?template=1")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    bad = _upload(
        [
            ["甲企业技术中心", "企业技术中心", "国家级", "220102", cast.org.uscc, "A-1", "2014-05-01"],
            ["乙工程研究中心", "工程中心", "省级", "220102", cast.org.uscc, "", ""],
            ["丙重点实验室", "重点实验室", "市级", "", "查无此单位", "", ""],
        ]
    )
    response = client.post(url, {"file": bad})
    body = text(response)
    assert response.status_code == 400
    assert "发现3处错误" in body
    assert (
        "载体类型应为" in body and "请填写“所在地区”" in body and "主体库中没有主建单位“查无此单位”" in body
    )
    assert "下载错误清单" in body
    assert not Carrier.objects.exists()
    good = _upload(
        [
            ["甲企业技术中心", "企业技术中心", "国家级", "220102", cast.org.uscc, "A-1", "2014-05-01"],
            ["乙工程研究中心", "工程研究中心", "省级", "220102", cast.other_org.name, "", ""],
        ]
    )
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert set(Carrier.objects.values_list("name", flat=True)) == {"甲企业技术中心", "乙工程研究中心"}


def test_a_row_refused_by_the_service_rolls_back_the_whole_import(cast):
    client = client_for(cast.officer)
    upload = _upload(
        [
            ["甲企业技术中心", "企业技术中心", "国家级", "220102", cast.org.uscc, "A-1", ""],
            ["甲企业技术中心", "企业技术中心", "国家级", "220102", cast.org.uscc, "A-2", ""],
            ["丁企业技术中心", "企业技术中心", "市级", "220202", cast.org.uscc, "", ""],
        ]
    )
    body = text(client.post(reverse("carriers:carrier_import"), {"file": upload}))
    assert "已登记同名的同类载体“甲企业技术中心”" in body
    assert "您只能登记本辖区内的创新载体" in body
    assert not Carrier.objects.exists()


def test_a_large_import_runs_as_a_task_and_writes_all_rows(
    cast, settings, django_capture_on_commit_callbacks
):
    """Above KECHUANG_IMPORT_BACKGROUND_ROWS the upload leaves the request (issue 18): an audited job whose
    worker checks and writes as the page would; only its owner opens the job page."""
    settings.KECHUANG_IMPORT_BACKGROUND_ROWS = 1
    client = client_for(cast.officer)
    rows = [
        ["甲企业技术中心", "企业技术中心", "国家级", "220102", cast.org.uscc, "A-1", "2014-05-01"],
        ["乙工程研究中心", "工程研究中心", "省级", "220102", cast.other_org.name, "", ""],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("carriers:carrier_import"), {"file": _upload(rows)})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.total, job.owner) == ("succeeded", 2, cast.officer)
    assert set(Carrier.objects.values_list("name", flat=True)) == {"甲企业技术中心", "乙工程研究中心"}
    assert AuditRecord.objects.filter(action="core.background_job_start", target_id=str(job.pk)).exists()
    assert "已导入2个创新载体。" in text(client.get(response["Location"]))
    assert client_for(cast.other_officer).get(response["Location"]).status_code == 404
