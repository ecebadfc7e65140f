"""Rules of the Excel import's bookkeeping (``kechuang/registry/excel/importer.py``).

* the audit record of a created organization names every value it was given, nothing derived or empty;
* the audit record of an updated organization names exactly the changed fields, before and after, and
  the statistics years it wrote (with the old figures of the years that existed);
* a refused file lists every error by sheet, then row, then the template's column order;
* only platform admins and officers may open the import.
"""

from __future__ import annotations

import pytest

from kechuang.core.audit import to_jsonable
from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry import excel
from kechuang.registry.excel.importer import ImportFailed, can_import
from kechuang.registry.models import Organization, YearlyStatistics
from kechuang.registry.tests.excel_files import ORG_HEADER, STATS_HEADER
from tests import factories as f

from .test_excel_import import A, B, org_row, run, stats_row

pytestmark = pytest.mark.django_db


def test_rule_a_created_organizations_record_names_given_values_only(tmp_path, cast):
    run(tmp_path, cast.officer, [org_row(A, size="", capital=None)], None)
    org = Organization.objects.get(uscc=A)
    record = AuditRecord.objects.get(action="organization.import_create", target_id=str(org.pk))
    assert record.before is None
    after = record.after
    assert {"id", "search_text", "region_path", "created_at", "updated_at"}.isdisjoint(after)
    assert "size" not in after and "registered_capital" not in after  # empty cells
    assert "legal_representative" not in after  # not in the file
    assert (after["uscc"], after["name"], after["region_id"], after["kind"]) == (
        A,
        "长春甲科技有限公司",
        "220104",
        "enterprise",
    )
    assert after["founded_on"] == "2015-06-01" and "statistics" not in after


def test_rule_an_updated_organizations_record_names_exactly_the_changes(tmp_path, cast):
    org = f.OrganizationFactory(uscc=A, name="旧名称", size="medium")
    f.StatisticsFactory(organization=org, year=2024, revenue=1, employees=100)
    region = org.region_id
    run(
        tmp_path,
        cast.officer,
        [org_row(A, name="新名称", kind="", size="", founded=None, capital=None, region=region)],
        [stats_row(A, 2024, revenue=99, rd=None, employees=None, rd_staff=None), stats_row(A, 2023)],
    )
    record = AuditRecord.objects.get(action="organization.import_update", target_id=str(org.pk))
    changed = set(record.after) - {"statistics"}
    assert changed == set(record.before) - {"statistics"}
    assert "name" in changed and "updated_at" not in changed and "region_id" not in changed
    assert (record.before["name"], record.after["name"]) == ("旧名称", "新名称")
    assert set(record.after["statistics"]) == {"2023", "2024"}
    assert record.after["statistics"]["2024"]["revenue"] == "99.00"
    stored = YearlyStatistics.objects.get(organization=org, year=2024)
    figures = {n: getattr(stored, n) for n in YearlyStatistics.FIGURES if getattr(stored, n) is not None}
    assert record.after["statistics"]["2024"] == to_jsonable(figures)  # every stored figure, no empty one
    assert set(record.before["statistics"]) == {"2024"}  # 2023 is new
    assert record.before["statistics"]["2024"]["revenue"] == "1.00"


def test_rule_an_unchanged_organization_records_no_field(tmp_path, cast):
    run(tmp_path, cast.officer, [org_row(A)], None)
    run(tmp_path, cast.officer, [org_row(A)], None)
    org = Organization.objects.get(uscc=A)
    record = AuditRecord.objects.get(action="organization.import_update", target_id=str(org.pk))
    assert (record.before, record.after) == ({}, {})


def test_rule_statistics_only_records_the_years_before_and_after(tmp_path, cast):
    org = cast.org
    f.StatisticsFactory(organization=org, year=2024, revenue=1)
    run(tmp_path, cast.officer, None, [stats_row(org.uscc, 2024, revenue=5), stats_row(org.uscc, 2023)])
    record = AuditRecord.objects.get(action="organization.import_update", target_id=str(org.pk))
    assert set(record.after) == {"statistics"} and set(record.after["statistics"]) == {"2023", "2024"}
    assert set(record.before) == {"statistics"} and set(record.before["statistics"]) == {"2024"}
    run(tmp_path, cast.officer, None, [stats_row(org.uscc, 2022)])
    latest = AuditRecord.objects.filter(action="organization.import_update").order_by("-id").first()
    assert latest.before == {} and set(latest.after["statistics"]) == {"2022"}


def test_rule_one_record_per_organization_in_file_order(tmp_path, cast):
    run(tmp_path, cast.officer, [org_row(B, name="乙"), org_row(A)], [stats_row(A), stats_row(B)])
    records = list(AuditRecord.objects.filter(action="organization.import_create").order_by("id"))
    names = [Organization.objects.get(pk=r.target_id).uscc for r in records]
    assert names == [B, A]


def test_rule_errors_are_sorted_by_sheet_row_and_template_column(tmp_path, cast):
    sheets = {
        excel.STATS_SHEET: [STATS_HEADER, [A, 1800, -5, None, None, None]],
        excel.ORG_SHEET: [
            ORG_HEADER,
            [A, "甲", "外星", "999999", "ZZ", None, None, None],
            [B, None, None, "220104", None, "巨型", None, None],
        ],
    }
    with pytest.raises(ImportFailed) as exc:
        run(tmp_path, cast.officer, sheets=sheets)
    errors = [(e.sheet, e.row, e.column) for e in exc.value.errors]
    assert errors == sorted(
        errors,
        key=lambda e: (
            0 if e[0] == excel.ORG_SHEET else 1,
            e[1],
            [c.rstrip("*") for c in (ORG_HEADER if e[0] == excel.ORG_SHEET else STATS_HEADER)].index(e[2]),
        ),
    )
    assert [e[:2] for e in errors][:1] == [(excel.ORG_SHEET, 2)] and errors[-1][0] == excel.STATS_SHEET
    assert len({e[1] for e in errors if e[0] == excel.ORG_SHEET}) == 2


def test_rule_a_refused_file_reports_the_count_and_at_most_200_errors(tmp_path, cast):
    rows = [org_row(f.make_uscc(i, "220104"), region="999999") for i in range(1, 206)]
    with pytest.raises(ImportFailed) as exc:
        run(tmp_path, cast.officer, rows, None)
    error = exc.value
    assert len(error.errors) == 205
    assert error.extra["code"] == "import_errors" and error.extra["error_count"] == 205
    assert len(error.extra["errors"]) == 200 and error.extra["errors"][0] == error.errors[0].as_dict()
    assert error.message == "导入未完成：发现205处错误，未写入任何数据。请下载错误清单，修改后重新上传。"


def test_rule_a_file_with_headers_only_is_refused_as_empty(tmp_path, cast):
    with pytest.raises(ApplicationError) as exc:
        run(tmp_path, cast.officer, [], [])
    assert exc.value.message == "文件中没有可导入的数据行。"
    assert exc.value.extra == {"field": "file", "code": "empty"}


def test_rule_a_workbook_with_one_of_the_sheets_is_read(tmp_path, cast):
    run(tmp_path, cast.officer, [org_row(A)], None)
    assert Organization.objects.filter(uscc=A).exists()
    with pytest.raises(ApplicationError) as exc:
        run(tmp_path, cast.officer, sheets={"其他": [["a"]]})
    assert exc.value.extra == {"field": "file", "code": "no_sheet"}


def test_rule_only_admins_and_officers_may_import(cast):
    assert can_import(cast.admin) and can_import(cast.officer) and can_import(cast.other_officer)
    for user in (cast.norole, cast.org_admin, cast.org_member):
        assert not can_import(user)
