"""Excel import service: good files, every kind of bad row (exact message, row and column), all-or-nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kechuang.core.audit import audit_verify
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import ERROR_COLUMN, ERROR_SHEET
from kechuang.core.models import AuditRecord
from kechuang.core.numbers import MONEY_MAX
from kechuang.registry import excel
from kechuang.registry.models import Organization, YearlyStatistics
from kechuang.registry.services import COUNT_MAX, clean_statistics_data
from kechuang.registry.tests.excel_files import ORG_HEADER, STATS_HEADER, read_rows, write_xlsx
from tests import factories as f

pytestmark = pytest.mark.django_db

A = f.make_uscc(1, "220104")  # 长春市朝阳区
B = f.make_uscc(2, "220104")
C = f.make_uscc(3, "220104")


def _wrong_check_digit(code: str) -> tuple[str, str]:
    wrong = "0" if code[-1] != "0" else "1"
    return code[:-1] + wrong, wrong


def org_row(uscc=A, name="长春甲科技有限公司", kind="企业", region="220104", industry="C39", size="小型",
            founded=dt.date(2015, 6, 1), capital=5_000_000):  # fmt: skip
    return [uscc, name, kind, region, industry, size, founded, capital]


def stats_row(uscc=A, year=2024, revenue=52_000_000, rd=3_100_000, employees=120, rd_staff=35):  # fmt: skip
    return [uscc, year, revenue, rd, employees, rd_staff]


def _counts() -> tuple[int, int, int]:
    return Organization.objects.count(), YearlyStatistics.objects.count(), AuditRecord.objects.count()


def run(tmp_path, actor, orgs=(), stats=(), *, mode="upsert", sheets=None):  # type: ignore[no-untyped-def]
    if sheets is None:
        sheets = {}
        if orgs is not None:
            sheets[excel.ORG_SHEET] = [ORG_HEADER, *orgs]
        if stats is not None:
            sheets[excel.STATS_SHEET] = [STATS_HEADER, *stats]
    path = write_xlsx(tmp_path / "import.xlsx", sheets)
    return excel.import_workbook(actor=actor, path=path, mode=mode)


def fails(tmp_path, actor, orgs=(), stats=(), **kwargs):  # type: ignore[no-untyped-def]
    """Run an import that must fail; check nothing was written; return the errors as tuples."""
    before = _counts()
    with pytest.raises(excel.ImportFailed) as exc:
        run(tmp_path, actor, orgs, stats, **kwargs)
    assert _counts() == before
    return [(e.sheet, e.row, e.column, e.message) for e in exc.value.errors]


# ---------------------------------------------------------------------------------------------------------
# Good files


def test_good_file_creates_organizations_statistics_and_one_audit_record_each(tmp_path, cast):
    result = run(
        tmp_path,
        cast.officer,
        [
            org_row(A),
            org_row(B, name="長春乙科技有限公司", region="吉林省长春市朝阳区", industry="39", size=""),
        ],
        [stats_row(A, 2023), stats_row(A, 2024, employees=130), stats_row(B, 2024, rd_staff=None)],
    )
    assert result.as_dict() == {
        "organizations_created": 2,
        "organizations_updated": 0,
        "statistics_created": 3,
        "statistics_updated": 0,
        "rows": 5,
    }
    a = Organization.objects.get(uscc=A)
    assert (a.name, a.kind, a.region_id, a.industry_id, a.size) == (
        "长春甲科技有限公司",
        "enterprise",
        "220104",
        "39",
        "small",
    )
    assert a.founded_on == dt.date(2015, 6, 1) and a.registered_capital == Decimal("5000000.00")
    assert a.verification_status == "verified" and a.verified_by == cast.officer
    assert a.region_path == a.region.path and "长春甲科技" in a.search_text
    b = Organization.objects.get(uscc=B)
    assert b.name == "長春乙科技有限公司" and b.region_id == "220104" and b.size == ""
    assert "长春乙科技" in b.search_text  # Traditional input is searchable in Simplified
    s = YearlyStatistics.objects.get(organization=a, year=2024)
    assert (s.revenue, s.rd_expenditure, s.employees, s.rd_staff) == (
        Decimal("52000000.00"),
        Decimal("3100000.00"),
        130,
        35,
    )
    assert YearlyStatistics.objects.get(organization=b, year=2024).rd_staff is None
    records = AuditRecord.objects.filter(action="organization.import_create")
    assert records.count() == 2
    record = records.get(target_id=str(a.pk))
    assert record.actor == cast.officer and record.after["uscc"] == A
    assert set(record.after["statistics"]) == {"2023", "2024"}
    assert record.after["statistics"]["2024"]["revenue"] == "52000000.00"
    assert audit_verify()[1] is None  # the chain holds across the bulk-written records


def test_existing_uscc_is_updated_and_empty_cells_keep_stored_values(tmp_path, cast):
    org = f.OrganizationFactory(uscc=A, name="旧名称", size="medium", legal_representative="王五")
    f.StatisticsFactory(organization=org, year=2024, revenue=1, employees=100, rd_expenditure=7)
    result = run(
        tmp_path,
        cast.officer,
        [org_row(A, name="新名称", kind="", size="", founded=None, capital=None)],
        [[A, 2024, 99, None, None, 20], [A, 2023, 5, None, None, None]],
    )
    assert (result.organizations_created, result.organizations_updated) == (0, 1)
    assert (result.statistics_created, result.statistics_updated) == (1, 1)
    org.refresh_from_db()
    assert (org.name, org.size, org.legal_representative, org.region_id) == (
        "新名称",
        "medium",
        "王五",
        "220104",
    )
    s = YearlyStatistics.objects.get(organization=org, year=2024)
    assert (s.revenue, s.rd_expenditure, s.employees, s.rd_staff) == (
        Decimal("99.00"),
        Decimal("7.00"),
        100,
        20,
    )
    record = AuditRecord.objects.get(action="organization.import_update", target_id=str(org.pk))
    assert record.before["name"] == "旧名称" and record.after["name"] == "新名称"
    assert record.before["statistics"]["2024"]["revenue"] == "1.00"


def test_statistics_only_file_for_registered_organizations(tmp_path, cast):
    result = run(tmp_path, cast.officer, None, [stats_row(cast.org.uscc, 2024)])
    assert result.statistics_created == 1
    assert AuditRecord.objects.filter(
        action="organization.import_update", target_id=str(cast.org.pk)
    ).exists()


def test_admin_imports_anywhere(tmp_path, cast):
    code = f.make_uscc(9, "110101")
    run(tmp_path, cast.admin, [org_row(code, region="110101")])
    assert Organization.objects.get(uscc=code).region_id == "110101"


def test_example_row_of_the_template_is_ignored(tmp_path, cast):
    content = io.BytesIO()
    excel.template_workbook(content)
    path = tmp_path / "template.xlsx"
    path.write_bytes(content.getvalue())
    with pytest.raises(ApplicationError) as exc:
        excel.import_workbook(actor=cast.officer, path=path)
    assert exc.value.message == "文件中没有可导入的数据行。"
    assert not Organization.objects.filter(uscc=excel.EXAMPLE_USCC).exists()


def test_exported_workbook_imports_back_unchanged(tmp_path, cast, client):
    client.force_login(cast.officer)
    response = client.get("/registry/organizations/export/")
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    result = excel.import_workbook(actor=cast.officer, path=path)
    assert result.organizations_updated == 2 and result.organizations_created == 0


# ---------------------------------------------------------------------------------------------------------
# Bad rows: exact message, row, column; nothing written


def test_wrong_check_digit(tmp_path, cast):
    bad, got = _wrong_check_digit(B)
    errors = fails(tmp_path, cast.officer, [org_row(A), org_row(bad)])
    assert errors == [
        (
            "主体",
            3,
            "统一社会信用代码",
            f"统一社会信用代码校验位错误：第18位应为“{B[-1]}”，而不是“{got}”。请核对后重新输入。",
        )
    ]


def test_wrong_check_digit_on_statistics_sheet(tmp_path, cast):
    bad, got = _wrong_check_digit(A)
    errors = fails(tmp_path, cast.officer, [org_row(A)], [stats_row(A), stats_row(bad, 2023)])
    assert errors == [
        (
            "年度统计",
            3,
            "统一社会信用代码",
            f"统一社会信用代码校验位错误：第18位应为“{A[-1]}”，而不是“{got}”。请核对后重新输入。",
        )
    ]


def test_duplicate_uscc_in_file(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A), org_row(B), org_row(A, name="重复")])
    assert errors == [("主体", 4, "统一社会信用代码", f"统一社会信用代码{A}与第2行重复。")]


def test_duplicate_uscc_in_database_in_create_mode(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A), org_row(cast.org.uscc)], mode="create")
    assert errors == [
        (
            "主体",
            3,
            "统一社会信用代码",
            f"统一社会信用代码{cast.org.uscc}已登记，请勿重复注册；如需加入该机构，请联系其管理员邀请。",
        )
    ]


def test_uscc_registered_outside_the_officers_region(tmp_path, cast):
    jilin = f.OrganizationFactory(
        uscc=f.make_uscc(5, "220202"), region_id="220202", region_path="220000/220200/220202/"
    )
    errors = fails(tmp_path, cast.officer, [org_row(jilin.uscc)])
    assert errors == [
        (
            "主体",
            2,
            "统一社会信用代码",
            f"统一社会信用代码{jilin.uscc}已由您辖区以外的主体登记，您无权更新该主体。",
        )
    ]


def test_region_outside_the_officers_subtree(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A, region="220202")])
    assert errors == [
        ("主体", 2, "所在地区", "您只能导入本辖区（吉林省长春市）内的主体，“吉林省吉林市昌邑区”不在其中。")
    ]


def test_unknown_region_code_and_name(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A, region="229999"), org_row(B, region="长春市不存在区")])
    assert errors == [
        ("主体", 2, "所在地区", "行政区划代码“229999”不存在。"),
        ("主体", 3, "所在地区", "找不到地区“长春市不存在区”。"),
    ]


def test_region_code_typed_as_a_number_cell(tmp_path, cast):
    run(tmp_path, cast.officer, [org_row(A, region=220104.0)])
    assert Organization.objects.get(uscc=A).region_id == "220104"


def test_unknown_industry_code(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A, industry="Z99")])
    assert errors == [("主体", 2, "所属行业", "国民经济行业代码或名称“Z99”不存在。")]


def test_invalid_kind_and_size_labels(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A, kind="公司", size="特大型")])
    assert errors == [
        ("主体", 2, "主体类型", "主体类型“公司”无效。"),
        ("主体", 2, "企业规模", "企业规模“特大型”无效。"),
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (stats_row(revenue=-1), "营业收入（元）", "营业收入不能为负数。"),
        (
            stats_row(revenue=Decimal("1e14")),
            "营业收入（元）",
            "营业收入数值过大（超过10万亿元），请检查单位是否为元。",
        ),
        (stats_row(rd="三百万"), "研发费用（元）", "研发费用必须是数字。"),
        (stats_row(employees=6_000_000, rd_staff=1), "从业人员（人）", "从业人员数值过大，请检查。"),
        (stats_row(employees=12.5), "从业人员（人）", "从业人员必须是整数。"),
        (stats_row(employees=-3, rd_staff=None), "从业人员（人）", "从业人员不能为负数。"),
        (stats_row(employees=10, rd_staff=11), "研发人员（人）", "研发人员数不能超过从业人员数。"),
        (stats_row(year=1900), "年度", "年度1900无效：应在1949年至今年之间。"),
        (stats_row(year=None), "年度", "请填写年度。"),
    ],
)
def test_bad_figures(tmp_path, cast, row, column, message):
    errors = fails(tmp_path, cast.officer, [org_row(A)], [stats_row(A, 2023), row])
    assert errors == [("年度统计", 3, column, message)]


def test_all_problems_of_one_row_are_reported(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A)], [[A, 1800, -5, "x", 10, 11]])
    assert errors == [
        ("年度统计", 2, "年度", "年度1800无效：应在1949年至今年之间。"),
        ("年度统计", 2, "营业收入（元）", "营业收入不能为负数。"),
        ("年度统计", 2, "研发费用（元）", "研发费用必须是数字。"),
        ("年度统计", 2, "研发人员（人）", "研发人员数不能超过从业人员数。"),
    ]


def test_rd_staff_above_stored_employees_on_update(tmp_path, cast):
    f.StatisticsFactory(organization=cast.org, year=2024, employees=10, rd_staff=None)
    errors = fails(tmp_path, cast.officer, None, [[cast.org.uscc, 2024, None, None, None, 11]])
    assert errors == [("年度统计", 2, "研发人员（人）", "研发人员数不能超过从业人员数。")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-13-45", "成立日期“2020-13-45”不是有效日期（例如 2020-05-01）。"),
        ("去年", "成立日期“去年”不是有效日期（例如 2020-05-01）。"),
        (dt.date(2999, 1, 1), "成立日期不能晚于今天。"),
    ],
)
def test_bad_date(tmp_path, cast, value, message):
    errors = fails(tmp_path, cast.officer, [org_row(A, founded=value)])
    assert errors == [("主体", 2, "成立日期", message)]


def test_chinese_date_text_is_accepted(tmp_path, cast):
    run(tmp_path, cast.officer, [org_row(A, founded="2015年6月1日")])
    assert Organization.objects.get(uscc=A).founded_on == dt.date(2015, 6, 1)


def test_missing_required_values(tmp_path, cast):
    errors = fails(
        tmp_path, cast.officer, [org_row(A, name=None), org_row(B, region=""), org_row("", name="无代码")]
    )
    assert errors == [
        ("主体", 2, "名称", "请填写主体名称。"),
        ("主体", 3, "所在地区", "请填写所在地区。"),
        ("主体", 4, "统一社会信用代码", "请填写统一社会信用代码。"),
    ]


def test_model_level_rules_are_checked_too(tmp_path, cast):
    sheets = {
        excel.ORG_SHEET: [
            ["统一社会信用代码", "名称", "所在地区", "网站", "联系电话"],
            [A, "甲", "220104", "不是网址", "1" * 41],
        ]
    }
    errors = fails(tmp_path, cast.officer, sheets=sheets)
    assert errors == [
        ("主体", 2, "联系电话", "确保该变量包含不超过 40 字符 (目前字符数 41)。"),
        ("主体", 2, "网站", "请输入合法的URL。"),
    ]


def test_statistics_for_an_unknown_organization(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A)], [stats_row(C)])
    assert errors == [
        ("年度统计", 2, "统一社会信用代码", f"统一社会信用代码{C}不在“主体”工作表中，也未在系统中登记。")
    ]


def test_statistics_of_another_regions_organization(tmp_path, cast):
    jilin = f.OrganizationFactory(
        uscc=f.make_uscc(6, "220202"), region_id="220202", region_path="220000/220200/220202/"
    )
    errors = fails(tmp_path, cast.officer, None, [stats_row(jilin.uscc)])
    assert errors == [
        (
            "年度统计",
            2,
            "统一社会信用代码",
            f"统一社会信用代码{jilin.uscc}已由您辖区以外的主体登记，您无权更新该主体。",
        )
    ]


def test_duplicate_year_for_one_organization(tmp_path, cast):
    errors = fails(tmp_path, cast.officer, [org_row(A)], [stats_row(A, 2024), stats_row(A, 2024.0)])
    assert errors == [
        ("年度统计", 3, "年度", "第2行已填写该主体2024年度的统计数据，同一主体同一年度只能填写一行。")
    ]


def test_one_bad_row_among_many_good_ones_writes_nothing(tmp_path, cast):
    rows = [org_row(f.make_uscc(100 + i, "220104"), name=f"公司{i}") for i in range(50)]
    rows[37][3] = "999999"
    errors = fails(tmp_path, cast.officer, rows, [stats_row(rows[0][0])])
    assert errors == [("主体", 39, "所在地区", "行政区划代码“999999”不存在。")]


def test_header_problems(tmp_path, cast):
    sheets = {
        excel.ORG_SHEET: [["统一社会信用代码", "名称", "名称", "邮编"], [A, "甲", "甲", "130000"]],
        excel.STATS_SHEET: [["统一社会信用代码", "营业收入"], [A, 1]],
    }
    errors = fails(tmp_path, cast.officer, sheets=sheets)
    assert errors == [
        ("主体", 1, "名称", "列“名称”重复出现。"),
        ("主体", 1, "所在地区", "缺少必填列“所在地区”。"),
        ("主体", 1, "邮编", "无法识别的列名“邮编”。"),
        ("年度统计", 1, "年度", "缺少必填列“年度”。"),
    ]


def test_workbook_without_the_sheets(tmp_path, cast):
    with pytest.raises(ApplicationError) as exc:
        run(tmp_path, cast.officer, sheets={"Sheet1": [["a"], [1]]})
    assert exc.value.message == "工作簿中没有名为“主体”或“年度统计”的工作表。请使用导入模板。"


def test_users_without_an_officer_role_may_not_import(tmp_path, cast):
    for user in (cast.norole, cast.org_admin):
        with pytest.raises(ApplicationError) as exc:
            run(tmp_path, user, [org_row(A)])
        assert exc.value.message == "您无权导入主体数据。"
    assert not Organization.objects.filter(uscc=A).exists()


# ---------------------------------------------------------------------------------------------------------
# Error workbook


def test_error_workbook_lists_errors_and_copies_rows_with_an_error_column(tmp_path, cast):
    rows = [org_row(A), org_row(B, region="999999")]
    with pytest.raises(excel.ImportFailed) as exc:
        run(tmp_path, cast.officer, rows, [stats_row(A, revenue=-1)])
    source = tmp_path / "import.xlsx"
    token = excel.store_error_workbook(actor=cast.officer, errors=exc.value.errors, source=source)
    path = excel.error_workbook_path(actor=cast.officer, token=token)
    assert path is not None and excel.error_workbook_path(actor=cast.admin, token=token) is None
    content = path.read_bytes()
    assert read_rows(content, ERROR_SHEET) == [
        ("工作表", "行号", "列", "错误信息"),
        ("主体", 3, "所在地区", "行政区划代码“999999”不存在。"),
        ("年度统计", 2, "营业收入（元）", "营业收入不能为负数。"),
    ]
    orgs = read_rows(content, "主体")
    assert orgs[0][-1] == ERROR_COLUMN and orgs[0][:-1] == tuple(ORG_HEADER)
    assert orgs[1][0] == A and (*orgs[1], None, None)[len(ORG_HEADER)] is None
    assert orgs[2][0] == B and orgs[2][-1] == "所在地区：行政区划代码“999999”不存在。"

    # Fix the copy in place and upload it again: the error column is ignored.
    wb = load_workbook(io.BytesIO(content))
    wb["主体"]["D3"] = "220104"
    wb["年度统计"]["C2"] = 1000
    fixed = tmp_path / "fixed.xlsx"
    wb.save(fixed)
    result = excel.import_workbook(actor=cast.officer, path=fixed)
    assert (result.organizations_created, result.statistics_created) == (2, 1)


def test_statistics_cleaner_is_stricter_than_the_model():
    """The import skips YearlyStatistics.full_clean(): whatever the cleaner accepts, the model accepts."""
    from django.utils import timezone

    money = [
        n
        for n in YearlyStatistics.FIGURES
        if YearlyStatistics._meta.get_field(n).get_internal_type() == "DecimalField"
    ]
    counts = [n for n in YearlyStatistics.FIGURES if n not in money]
    for year in (1949, timezone.localdate().year):
        for amount, count in (
            (MONEY_MAX, COUNT_MAX),
            (Decimal("0.004"), 0),
            ("9999999999999.999", COUNT_MAX),
        ):
            values = clean_statistics_data(
                {"year": year, **dict.fromkeys(money, amount), **dict.fromkeys(counts, count)}
            )
            YearlyStatistics(**values).full_clean(exclude=["organization"], validate_unique=False)
