"""Patents, trademarks and standards: the services' rules, the Excel import, the counts for targets."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.quality import selectors
from kechuang.quality.models import Patent
from kechuang.quality.services.imports import PatentImportFailed, patent_import
from kechuang.quality.services.ip import patent_create, trademark_create
from kechuang.registry.models import Region
from tests import app_factories as af
from tests import factories as f

INVENTION = "202310123456.6"


def _patent(**overrides):
    values = {
        "application_no": INVENTION,
        "kind": "invention",
        "title": "一种光电探测器",
        "applied_on": dt.date(2023, 3, 1),
        "status": "pending",
    }
    values.update(overrides)
    return values


def test_patent_create_normalises_and_audits(cast):
    patent = patent_create(
        organization=cast.org, actor=cast.org_admin, **_patent(application_no="CN2023101234566")
    )
    assert patent.application_no == INVENTION
    assert AuditRecord.objects.filter(action="patent.create", target_id=str(patent.pk)).exists()


def test_kind_must_match_the_number(cast):
    with pytest.raises(ApplicationError) as exc:
        patent_create(organization=cast.org, actor=cast.org_admin, **_patent(kind="utility"))
    assert exc.value.message == "申请号“202310123456.6”表示发明专利，与所填类型“实用新型”不一致。"


def test_valid_patent_needs_its_grant_date(cast):
    with pytest.raises(ApplicationError) as exc:
        patent_create(organization=cast.org, actor=cast.org_admin, **_patent(status="valid"))
    assert exc.value.message == "有效专利须填写授权日。"


def test_duplicate_application_number(cast):
    patent_create(organization=cast.org, actor=cast.org_admin, **_patent())
    with pytest.raises(ApplicationError) as exc:
        patent_create(organization=cast.other_org, actor=cast.admin, **_patent())
    assert exc.value.message == "申请号“202310123456.6”已登记。"


def test_trademark_class_range_and_fame_validity(cast):
    with pytest.raises(ApplicationError) as exc:
        trademark_create(
            organization=cast.org,
            actor=cast.org_admin,
            registration_no="12345678",
            name="光华",
            nice_class=46,
        )
    assert exc.value.message == "商标国际分类应在第 1 至 45 类之间。"
    with pytest.raises(ApplicationError) as exc:
        trademark_create(
            organization=cast.org,
            actor=cast.org_admin,
            registration_no="12345678",
            name="光华",
            nice_class=9,
            fame="famous",
        )
    assert exc.value.message == "驰名或著名商标须填写认定有效期。"


def test_valid_invention_counts_per_organization_and_region(cast):
    af.PatentFactory(organization=cast.org)
    af.PatentFactory(organization=cast.org)
    af.PatentFactory(organization=cast.org, kind="utility", application_no="202320123456.1")
    af.PatentFactory(organization=cast.org, status="lapsed")
    af.PatentFactory(organization=cast.other_org)
    elsewhere = f.OrganizationFactory(region=Region.objects.get(code="220200"))
    af.PatentFactory(organization=elsewhere)
    counts = selectors.valid_invention_patents(
        organization_ids=[cast.org.pk, cast.other_org.pk, elsewhere.pk]
    )
    assert counts == {cast.org.pk: 2, cast.other_org.pk: 1, elsewhere.pk: 1}
    changchun, jilin = Region.objects.get(code="220100"), Region.objects.get(code="220200")
    assert selectors.valid_invention_patents_by_region(regions=[changchun, jilin]) == {
        "220100": 3,
        "220200": 1,
    }


def _workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["申请号", "专利类型", "专利名称", "申请日", "授权日", "法律状态"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out


def test_import_writes_every_row(cast, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(
        _workbook(
            [
                [
                    "CN202310123456.6",
                    "发明",
                    "一种光电探测器",
                    dt.date(2023, 3, 1),
                    dt.date(2024, 5, 1),
                    "有效",
                ],
                ["202320123456.1", "实用新型", "一种夹具", "2023-04-02", None, "申请中"],
            ]
        ).getvalue()
    )
    assert patent_import(organization=cast.org, actor=cast.org_admin, path=path) == 2
    assert set(Patent.objects.values_list("application_no", "status")) == {
        ("202310123456.6", "valid"),
        ("202320123456.1", "pending"),
    }
    assert AuditRecord.objects.filter(action="patent.import").count() == 2


def test_import_is_all_or_nothing_with_a_row_report(cast, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(
        _workbook(
            [
                ["202310123456.6", "发明", "一种光电探测器", "2023-03-01", None, "申请中"],
                ["202310123456.7", "发明", "校验位错", "2023-03-01", None, "申请中"],
                ["202320123456.1", "专利", "类型错", "2023-03-01", None, "申请中"],
                ["2023101234566", "发明", "重复", "2023-03-01", None, "申请中"],
            ]
        ).getvalue()
    )
    with pytest.raises(PatentImportFailed) as exc:
        patent_import(organization=cast.org, actor=cast.org_admin, path=path)
    assert exc.value.message == "导入未完成：发现3处错误，未写入任何数据。"
    assert [(e.row, e.column, e.message) for e in exc.value.errors] == [
        (3, "申请号", "申请号“202310123456.7”的校验位不正确（应为 6）。"),
        (4, "专利类型", "“专利类型”应为：发明、实用新型、外观设计。"),
        (5, "申请号", "申请号“202310123456.6”与第2行重复。"),
    ]
    assert not Patent.objects.exists()


def test_ip_page_lists_the_registers(client, cast):
    af.PatentFactory(organization=cast.org, title="一种光电探测器")
    client.force_login(cast.org_member)
    response = client.get(reverse("quality:organization_ip", kwargs={"pk": cast.org.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "一种光电探测器" in body and "发明" in body and "有效" in body
    assert "登记专利" not in body  # a member sees, only admins keep the register


def test_ip_page_pages_long_registers_with_a_constant_number_of_queries(client, cast):
    client.force_login(cast.org_admin)
    url = reverse("quality:organization_ip", kwargs={"pk": cast.org.pk})
    af.PatentFactory(organization=cast.org)
    af.TrademarkFactory(organization=cast.org)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(60):
        af.PatentFactory(organization=cast.org, title="一种翻页装置")
    af.TrademarkFactory.create_batch(55, organization=cast.org)
    with CaptureQueriesContext(connection) as large:
        body = client.get(url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert body.count("一种翻页装置") == 50 and '<a href="?patents=2">' in body
    assert '<a href="?trademarks=2">' in body
    second = client.get(url + "?patents=2").content.decode()
    assert second.count("一种翻页装置") == 10 and '<a href="?patents=1">' in second
    assert client.get(url + "?patents=99").status_code == 200  # past the end: the last page
