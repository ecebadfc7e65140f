"""The project library (search, export, import of past projects row by row), project lists with versions,
performance evaluation by year and region, and the public acceptance results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kechuang.core.errors import ApplicationError
from kechuang.programs import selectors as sel_calls
from kechuang.programs import selectors_execution as sel
from kechuang.programs import services
from kechuang.programs.models import Project
from tests import app_factories as af
from tests.program_projects import signed_project

pytestmark = pytest.mark.django_db
HEADER = ["项目编号", "项目名称", "计划类别", "年度", "承担单位统一社会信用代码", "项目负责人", "负责人证件号",
          "专项经费（万元）", "自筹经费（万元）", "开始日期", "结束日期", "项目状态"]  # fmt: skip


def _workbook(tmp_path, rows):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp_path / "projects.xlsx"
    wb.save(path)
    return path


def test_import_of_past_projects_is_all_or_nothing_with_every_row_reported(cast, tmp_path):
    program_type = af.ProgramTypeFactory(
        department=cast.officer.officer_assignments.get().department, name="软科学"
    )
    good = ["RK2019001", "区域创新体系研究", "软科学", 2019, cast.org.uscc, "王五", "X1", 20, 0, "2019-07-01",
            "2020-06-30", "已验收"]  # fmt: skip
    bad = ["RK2019002", "产业政策研究", "不存在的计划", 2019, cast.org.uscc, "赵六", "X2", 10, 0, "2019/07/01",
           "2020-06-30", "已验收"]  # fmt: skip
    late = ["RK2019003", "人才政策研究", "软科学", 2019, cast.org.uscc, "钱七", "X3", 10, 0, "2019-07-01",
            "2019-01-01", "进行中"]  # fmt: skip
    with pytest.raises(services.ProjectImportFailed) as exc:
        services.project_import(actor=cast.officer, path=_workbook(tmp_path, [good, bad, late]))
    assert [(e.row, e.column, e.message) for e in exc.value.errors] == [
        (3, "计划类别", "计划类别“不存在的计划”不存在或不是您部门的计划。"),
        (4, "项目状态", "“项目状态”应为：执行中、验收中、整改中、已验收、验收不通过、已终止。"),
    ]
    assert not Project.objects.exists()
    assert services.project_import(actor=cast.officer, path=_workbook(tmp_path, [good])) == 1
    project = Project.objects.get(code="RK2019001")
    assert (project.status, project.application.topic.call.program_type) == ("accepted", program_type)
    call = project.application.topic.call
    assert (call.title, call.is_archive) == ("2019年度软科学（历史项目）", True)
    assert call not in sel_calls.call_list(user=cast.officer)  # no guide on the public list
    with pytest.raises(services.ProjectImportFailed) as exc:
        services.project_import(actor=cast.officer, path=_workbook(tmp_path, [good]))
    assert exc.value.errors[0].message == "项目编号“RK2019001”已在项目库中。"
    with pytest.raises(ApplicationError) as denied:
        services.project_import(actor=cast.org_admin, path=_workbook(tmp_path, [good]))
    assert denied.value.message == "只有主管部门工作人员可以导入历史项目。"


def test_library_search_export_and_scope(client, cast):
    project = signed_project(cast)
    assert list(sel.project_search(user=cast.officer, q="功率芯片")) == [project]
    assert list(sel.project_search(user=cast.officer, region="220200")) == []
    assert list(sel.project_search(user=cast.other_officer)) == []
    assert list(sel.project_search(user=cast.org_member, status="executing")) == [project]
    client.force_login(cast.officer)
    response = client.get("/programs/projects/library/?export=xlsx&q=功率芯片")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_library_region_filter_is_the_picker_and_takes_a_typed_name(client, cast):
    """The region filter reads a name as well as a code; the box then shows the region's name, and a name
    that names no region says so and lists nothing (not every project)."""
    project = signed_project(cast)
    region = project.application.organization.region
    client.force_login(cast.officer)
    by_name = client.get("/programs/projects/library/", {"region": region.name}).content.decode()
    assert (
        project.application.title in by_name
        and 'name="region"' in by_name
        and 'data_picker="region"' in by_name
    )
    assert f'value="{region.full_name or region.name}"' in by_name
    elsewhere = client.get("/programs/projects/library/", {"region": "220200"}).content.decode()
    assert project.application.title not in elsewhere
    nowhere = client.get("/programs/projects/library/", {"region": "不存在的地方"}).content.decode()
    assert project.application.title not in nowhere and 'role="alert"' in nowhere


def test_project_list_versions_keep_who_why_and_what_changed(cast):
    a, b = signed_project(cast), signed_project(cast)
    department = cast.officer.officer_assignments.get().department
    listed = services.project_list_create(actor=cast.officer, department_id=department.pk, name="重点项目清单",
                                          project_ids=[a.pk])  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        services.project_list_revise(project_list=listed, actor=cast.officer, add=[], remove=[], reason="无")
    assert exc.value.message == "本次修订没有新增或移出任何项目。"
    revision = services.project_list_revise(project_list=listed, actor=cast.officer, add=[b.pk], remove=[a.pk],
                                            reason="修订项目清单，补充新项目", expected_number=1)  # fmt: skip
    assert (revision.number, revision.added, revision.removed, revision.members) == (
        2,
        [b.pk],
        [a.pk],
        [b.pk],
    )
    with pytest.raises(ApplicationError) as stale:
        services.project_list_revise(project_list=listed, actor=cast.officer, add=[a.pk], remove=[], reason="再改",
                                     expected_number=1)  # fmt: skip
    assert stale.value.message == "清单已被他人修订，请刷新页面后重试。"
    with pytest.raises(ApplicationError) as other:
        services.project_list_revise(
            project_list=listed, actor=cast.other_officer, add=[a.pk], remove=[], reason="x"
        )
    assert other.value.message == "您无权执行此操作。"


def test_performance_by_year_and_region(cast):
    project = signed_project(cast)
    services.disbursement_record(
        project=project, actor=cast.officer, amount="50", paid_on=dt.date(2026, 2, 1)
    )
    services.report_submit(project=project, actor=cast.org_admin, kind="annual", year=2026, content="进展",
                           spent={"equipment": ("25", "0")})  # fmt: skip
    lines = {line.pk: q for line, q in zip(project.indicator_lines.all(), ("4", "1"), strict=True)}
    services.acceptance_apply(
        project=project, actor=cast.org_admin, summary="完成", final_accounts="略", achieved=lines
    )
    [row] = sel.performance(user=cast.officer)
    assert (row.year, row.region, row.projects, row.approved, row.disbursed, row.spent) == (
        2026, "长春市", 1, Decimal("100.00"), Decimal("50.00"), Decimal("25.00")
    )  # fmt: skip
    assert (row.execution_rate, row.indicators, row.indicators_met, row.indicator_rate) == (
        Decimal("25.0"), 2, 1, Decimal("50.0")
    )  # fmt: skip
    assert sel.performance(user=cast.other_officer) == []


def test_library_and_officer_pages_cost_the_same_queries_for_more_projects(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.program_projects import issued_project

    client.force_login(cast.officer)

    def cost(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    issued_project(cast)
    few = [cost(u) for u in ("/programs/projects/library/", "/programs/projects/execution/?queue=acceptance",
                             "/programs/projects/performance/")]  # fmt: skip
    for _ in range(5):
        issued_project(cast)
    many = [cost(u) for u in ("/programs/projects/library/", "/programs/projects/execution/?queue=acceptance",
                              "/programs/projects/performance/")]  # fmt: skip
    assert few == many


@pytest.mark.parametrize(
    ("queue", "column"),
    [
        ("reports", "进展报告"),
        ("changes", "变更事项"),
        ("contracts", "任务书状态"),
        ("overdue", "逾期事项（期限）"),
    ],
)
def test_each_execution_queue_names_its_columns(client, cast, queue, column):
    client.force_login(cast.officer)
    page = client.get(f"/programs/projects/execution/?queue={queue}").content.decode()
    head = page.split('id="queue"><thead>', 1)[1].split("</thead>", 1)[0]
    assert "项目名称" in head and "承担单位" in head and column in head
