"""The rest of the registers: lapse, transfers and licences, trademark fame, products and their standards,
standards coverage, the trademark import and the bulk path, counts for the targets catalogue."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.quality import selectors
from kechuang.quality.cnipa import check_digit
from kechuang.quality.models import Patent, PatentDeal, Trademark
from kechuang.quality.services.imports import PATENTS, TRADEMARKS, ImportFailed, bulk_import, trademark_import
from kechuang.quality.services.ip import patent_update_status, trademark_create
from kechuang.quality.services.registers import (
    patent_deal_record,
    product_add_standard,
    product_create,
    trademark_set_fame,
)
from kechuang.registry.models import Region
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.compute import RegionRef, compute_many
from kechuang.targets.metrics import parse
from tests import app_factories as af


def _no(serial: int, kind: str = "1") -> str:
    body = f"2023{kind}{serial:07d}"
    return f"{body}.{check_digit(body)}"


def test_lapse_needs_its_date_and_ends_validity(cast):
    patent = af.PatentFactory(organization=cast.org)
    with pytest.raises(ApplicationError) as exc:
        patent_update_status(patent=patent, actor=cast.org_admin, status="lapsed")
    assert exc.value.message == "失效专利须填写失效日期。"
    with pytest.raises(ApplicationError) as exc:
        patent_update_status(
            patent=patent, actor=cast.org_admin, status="lapsed", lapsed_on=dt.date(2024, 1, 1)
        )
    assert exc.value.message == "失效日期不能早于授权日或申请日。"
    patent_update_status(patent=patent, actor=cast.org_admin, status="lapsed", lapsed_on=dt.date(2025, 3, 1))
    patent.refresh_from_db()
    assert (patent.status, patent.lapsed_on) == ("lapsed", dt.date(2025, 3, 1))
    assert selectors.register_counts(organization=cast.org)["valid_inventions"] == 0


def test_transfer_moves_the_patent_and_licence_keeps_it(cast):
    patent = af.PatentFactory(organization=cast.org)
    licence = patent_deal_record(
        patent=patent,
        actor=cast.org_admin,
        kind="licence",
        counterparty="长春某制造公司",
        signed_on=dt.date(2025, 1, 5),
        licence_scope="ordinary",
        amount=Decimal("200000"),
    )
    assert licence.from_organization == cast.org
    patent.refresh_from_db()
    assert patent.organization == cast.org
    with pytest.raises(ApplicationError) as exc:
        patent_deal_record(
            patent=patent,
            actor=cast.org_admin,
            kind="licence",
            counterparty="某公司",
            signed_on=dt.date(2025, 1, 5),
        )
    assert exc.value.message == "请选择许可方式。"
    patent_deal_record(
        patent=patent,
        actor=cast.org_admin,
        kind="transfer",
        counterparty="",
        counterparty_organization=cast.other_org,
        signed_on=dt.date(2025, 6, 1),
    )
    patent.refresh_from_db()
    assert patent.organization == cast.other_org
    deals = selectors.organization_patent_deals(user=cast.admin, organization=cast.org)
    assert {d.kind for d in deals} == {"licence", "transfer"}
    assert AuditRecord.objects.filter(action="patent.transfer").count() == 1
    lapsed = af.PatentFactory(organization=cast.org, status="lapsed", lapsed_on=dt.date(2025, 1, 1))
    with pytest.raises(ApplicationError) as exc:
        patent_deal_record(
            patent=lapsed,
            actor=cast.org_admin,
            kind="transfer",
            counterparty="甲",
            signed_on=dt.date(2025, 2, 1),
        )
    assert exc.value.message == "专利已失效，不能转让或许可。"
    assert PatentDeal.objects.count() == 2


def test_trademark_fame_with_validity(cast):
    mark = trademark_create(
        organization=cast.org, actor=cast.org_admin, registration_no="1234567", name="启明", nice_class=9
    )
    with pytest.raises(ApplicationError) as exc:
        trademark_set_fame(
            trademark=mark, actor=cast.officer, fame="famous", since=dt.date(2025, 1, 1), valid_until=None
        )
    assert exc.value.message == "驰名或著名商标须填写认定日期和有效期。"
    trademark_set_fame(
        trademark=mark,
        actor=cast.officer,
        fame="famous",
        since=dt.date(2025, 1, 1),
        valid_until=dt.date(2099, 12, 31),
    )
    assert selectors.register_counts(organization=cast.org)["famous_trademarks"] == 1


def test_products_and_standards_coverage(cast):
    product_create(
        organization=cast.org,
        actor=cast.org_admin,
        name="光电探测器",
        standards=[("GB/T 1234-2020", "national")],
    )
    bare = product_create(organization=cast.org, actor=cast.org_admin, name="激光模组")
    product_create(organization=cast.other_org, actor=cast.other_org_admin, name="传感器")
    with pytest.raises(ApplicationError) as exc:
        product_create(
            organization=cast.org, actor=cast.org_admin, name="x", standards=[("Q/ABC 1", "bogus")]
        )
    assert exc.value.message == "标准“Q/ABC 1”的层级不正确。"
    province = Region.objects.get(code="220000")
    rows = {r["key"]: r for r in selectors.standards_coverage(region=province)}
    changchun = rows["220100"]
    # 长春: the org's two products and the other organization's one
    assert (changchun["covered"], changchun["total"], changchun["rate"]) == (1, 3, Decimal("33.3"))
    product_add_standard(product=bare, actor=cast.org_admin, number="Q/22QM 001-2024", level="enterprise")
    rows = {r["key"]: r for r in selectors.standards_coverage(region=province)}
    assert rows["220100"]["rate"] == Decimal("66.7")
    by_industry = selectors.standards_coverage(region=province, by="industry")
    assert sum(r["total"] for r in by_industry) == 3


def _sheet(headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_trademark_import_reports_by_row(cast, tmp_path):
    path = tmp_path / "t.xlsx"
    headers = ["注册号", "商标名称", "国际分类", "认定情况", "认定日期", "认定有效期至"]
    path.write_bytes(
        _sheet(
            headers,
            [
                ["7654321", "启明", "第9类", "著名商标", "2024-01-01", "2026-12-31"],
                ["12AB", "坏号", 9, None, None, None],
                ["7654322", "分类错", 46, None, None, None],
                ["7654323", "缺有效期", 9, "驰名商标", None, None],
            ],
        )
    )
    with pytest.raises(ImportFailed) as exc:
        trademark_import(organization=cast.org, actor=cast.org_admin, path=path)
    assert [(e.row, e.column, e.message) for e in exc.value.errors] == [
        (3, "注册号", "商标注册号应为 1 至 12 位数字。"),
        (4, "国际分类", "商标国际分类应在第 1 至 45 类之间。"),
        (5, "认定有效期至", "驰名或著名商标须填写认定有效期。"),
    ]
    assert not Trademark.objects.exists()
    path.write_bytes(_sheet(headers, [["7654321", "启明", "第9类", "著名商标", "2024-01-01", "2026-12-31"]]))
    assert trademark_import(organization=cast.org, actor=cast.org_admin, path=path) == 1
    mark = Trademark.objects.get()
    assert (mark.nice_class, mark.fame, mark.fame_since) == (9, "famous", dt.date(2024, 1, 1))


def test_bulk_import_validates_and_audits_per_batch(cast):
    rows = [
        (
            cast.org.uscc,
            {
                "application_no": _no(i),
                "kind": "发明",
                "title": f"装置{i}",
                "applied_on": "2023-01-02",
                "status": "有效",
                "granted_on": "2024-01-02",
            },
        )
        for i in range(1, 6)
    ]
    rows.append(
        (
            cast.org.uscc,
            {
                "application_no": "202310000006.9",  # wrong check digit
                "kind": "发明",
                "title": "坏",
                "applied_on": "2023-01-02",
                "status": "申请中",
            },
        )
    )
    rows.append(
        (
            "91220000000000000X",
            {
                "application_no": _no(7),
                "kind": "发明",
                "title": "无主",
                "applied_on": "2023-01-02",
                "status": "申请中",
            },
        )
    )
    report = bulk_import(PATENTS, actor=cast.admin, rows=rows, batch_size=3)
    assert report.written == 5
    assert [n for n, _m in report.errors] == [6, 7]
    assert AuditRecord.objects.filter(action="patent.bulk_import").count() == 2
    assert Patent.objects.filter(organization=cast.org).count() == 5


def test_targets_catalogue_counts_valid_inventions_from_the_register(cast):
    af.PatentFactory(organization=cast.org, granted_on=dt.date(2024, 6, 1))
    af.PatentFactory(organization=cast.org, status="lapsed", lapsed_on=dt.date(2025, 3, 1))
    af.PatentFactory(organization=cast.org, status="pending", granted_on=None)
    catalogue = get_catalogue()
    assert "patent" in catalogue and "ip_event" in catalogue
    metric = parse({"op": "count", "model": "patent", "where": {"kind": "invention"}}, catalogue)
    region = Region.objects.get(code="220100")
    ref = [RegionRef(code=region.code, path=region.path)]
    assert compute_many([metric], ref, on=dt.date(2025, 12, 31), fresh=True)[0]["220100"] == 1
    assert compute_many([metric], ref, on=dt.date(2025, 1, 31), fresh=True)[0]["220100"] == 2


def test_targets_catalogue_standards_coverage_ratio(cast):
    product_create(
        organization=cast.org, actor=cast.org_admin, name="甲", standards=[("GB 1-2020", "national")]
    )
    product_create(organization=cast.org, actor=cast.org_admin, name="乙")
    metric = parse(
        {
            "op": "ratio",
            "numerator": {"op": "count", "model": "product", "where": {"has_standard": True}},
            "denominator": {"op": "count", "model": "product"},
            "scale": 100,
        },
        get_catalogue(),
    )
    region = Region.objects.get(code="220100")
    value = compute_many([metric], [RegionRef(region.code, region.path)], on=dt.date(2026, 1, 1), fresh=True)[
        0
    ]
    assert value["220100"] == 50


def test_register_counts_feed_the_yearly_figures(cast):
    from kechuang.quality.services.registers import figures_from_register

    af.PatentFactory(organization=cast.org, granted_on=dt.date(2024, 6, 1))
    af.PatentFactory(organization=cast.org, status="lapsed", lapsed_on=dt.date(2025, 3, 1))
    af.PatentFactory(organization=cast.org, status="pending", granted_on=None, applied_on=dt.date(2025, 2, 1))
    assert figures_from_register(organization=cast.org, actor=cast.org_admin, year=2025) == {
        "valid_invention_patents": 1,
        "patent_applications": 1,
    }
    stats = cast.org.statistics.get(year=2025)
    assert (stats.valid_invention_patents, stats.patent_applications) == (1, 1)
    assert (
        figures_from_register(organization=cast.org, actor=cast.org_admin, year=2024)[
            "valid_invention_patents"
        ]
        == 2
    )


def test_bulk_import_writes_trademarks_with_every_column_and_refuses_duplicates(cast):
    af.TrademarkFactory(organization=cast.other_org, registration_no="30000001")
    rows = [
        (cast.org.uscc, {"registration_no": "30000001", "name": "已有", "nice_class": 9}),
        (
            cast.org.uscc,
            {
                "registration_no": "30000002",
                "name": "长白",
                "nice_class": "第35类",
                "fame": "著名商标",
                "fame_since": "2024-03-01",
                "fame_valid_until": dt.date(2027, 2, 28),
            },
        ),
        (cast.org.uscc, {"registration_no": "30000002", "name": "重复", "nice_class": 9}),
        (cast.org.uscc, {"registration_no": "30000003", "name": "光华", "nice_class": 46}),
    ]
    report = bulk_import(TRADEMARKS, actor=cast.admin, rows=rows)
    assert report.written == 1
    assert report.errors == [
        (1, "商标注册号“30000001”已登记。"),
        (3, "商标注册号“30000002”已登记。"),
        (4, "商标国际分类应在第 1 至 45 类之间。"),
    ]
    mark = Trademark.objects.get(registration_no="30000002")
    assert (mark.organization_id, mark.name, mark.nice_class, mark.fame) == (
        cast.org.pk,
        "长白",
        35,
        "famous",
    )
    assert (mark.fame_since, mark.fame_valid_until, mark.valid_until) == (
        dt.date(2024, 3, 1),
        dt.date(2027, 2, 28),
        None,
    )
    assert mark.fame_certificate_no == "" and mark.created_at is not None
    record = AuditRecord.objects.get(action="trademark.bulk_import")
    assert record.after["count"] == 1 and record.after["skipped"] == 2
