"""Services: validation with exact messages, responsibility checks, review, supervision, snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, Notification
from kechuang.registry.models import Region
from kechuang.targets import services
from kechuang.targets.choices import ReportStatus, SupervisionKind, TaskStatus
from kechuang.targets.models import Indicator, ProgressReport, SupervisionRecord, Task, ValueSnapshot
from kechuang.targets.services import metric_validate
from kechuang.targets.tasks import supervise_deadlines
from kechuang.targets.tests.builders import PATENTS, patents_indicator


def indicator(j, **kw):  # type: ignore[no-untyped-def]
    return patents_indicator(j, **{"baseline_value": 10, "participating_units": [j.science], **kw})


@pytest.mark.django_db
def test_indicator_create_computed_and_audited(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin)
    assert ind.source == "computed" and ind.metric == PATENTS
    assert list(ind.participating_units.all()) == [jilin.science]
    assert AuditRecord.objects.filter(action="targets.indicator_create", target_id=str(ind.pk)).exists()


@pytest.mark.django_db
def test_indicator_reported_without_metric(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin, metric=None, code="G13", name="吉林省著名商标")
    assert ind.source == "reported"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"baseline_date": dt.date(2027, 1, 1)}, "目标日期必须晚于基期日期。"),
        ({"target_value": -5}, "计数类指标的目标值不能为负数。"),
        ({"target_value": "abc"}, "目标值必须是数字。"),
        ({"target_max": 50}, "目标上限不能小于目标值。"),
        (
            {"metric": {"op": "sum", "model": "yearly_statistics", "field": "profits"}},
            "$.field:模型 yearly_statistics 没有字段 profits(可用:revenue、total_output、rd_expenditure、"
            "new_product_output、exports、profit、tax_paid、employees、rd_staff、valid_invention_patents、"
            "patent_applications、organization_kind、organization_size、industry)。",
        ),
    ],
)
def test_indicator_bad_input_writes_nothing(jilin, kw, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc:
        indicator(jilin, **kw)
    assert exc.value.message == message
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_metric_over_confidential_field_refused_for_quality_bureau(jilin) -> None:  # type: ignore[no-untyped-def]
    rd = {"op": "sum", "model": "yearly_statistics", "field": "rd_expenditure"}
    with pytest.raises(ApplicationError) as exc:
        metric_validate(user=jilin.quality_officer, definition=rd)
    assert exc.value.message == "您无权读取字段 yearly_statistics.rd_expenditure(研发费用（元）)。"
    metric_validate(user=jilin.manager, definition=rd)  # 科技厅 may


@pytest.mark.django_db
def test_metric_refused_for_enterprise_user(jilin, cast) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc:
        metric_validate(user=cast.org_admin, definition=PATENTS)
    assert exc.value.message == "您无权读取 年度统计 的数据。"


@pytest.mark.django_db
def test_only_plan_managers_add_indicators(jilin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc:
        indicator(jilin, actor=jilin.industry_officer)
    assert exc.value.message == "您无权执行此操作。"


@pytest.mark.django_db
def test_allocation_must_be_a_sub_region(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin)
    a = services.allocation_set(actor=jilin.manager, indicator=ind, region=jilin.changchun, target_value=60)
    assert a.target_value == 60
    services.allocation_set(actor=jilin.manager, indicator=ind, region=jilin.changchun, target_value=70)
    assert ind.allocations.get().target_value == 70
    with pytest.raises(ApplicationError) as exc:
        services.allocation_set(
            actor=jilin.manager, indicator=ind, region=Region.objects.get(code="230100"), target_value=1
        )
    assert exc.value.message == "黑龙江省哈尔滨市不在规划地区吉林省的下级范围内。"
    with pytest.raises(ApplicationError) as exc:
        services.allocation_set(actor=jilin.manager, indicator=ind, region=jilin.changchun, target_value=-1)
    assert exc.value.message == "计数类指标的目标值不能为负数。"


@pytest.mark.django_db
def test_report_by_responsible_unit_with_attachment(jilin, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    ind = indicator(jilin, metric=None)
    report = services.report_submit(
        actor=jilin.industry_officer,
        department=jilin.industry,
        indicator=ind,
        as_of=dt.date(2025, 6, 30),
        value="42",
        narrative="上半年新增发明专利授权。",
        files=[SimpleUploadedFile("证明材料.pdf", b"%PDF-1.4 test")],
    )
    assert report.status == ReportStatus.SUBMITTED and report.value == Decimal(42)
    assert report.attachments.get().name == "证明材料.pdf"
    services.report_review(actor=jilin.manager, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == jilin.manager


@pytest.mark.django_db
def test_report_refused_for_unit_not_responsible(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin, metric=None)
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(
            actor=jilin.quality_officer,
            department=jilin.quality,
            indicator=ind,
            as_of=dt.date(2025, 6, 30),
            value=1,
            narrative="x",
        )
    assert exc.value.message == "吉林省质量技术监督局不是指标“企业有效发明专利拥有数”的责任单位,不能填报。"
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_report_refused_in_name_of_another_unit(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin, metric=None)
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(
            actor=jilin.quality_officer,
            department=jilin.industry,
            indicator=ind,
            as_of=dt.date(2025, 1, 1),
            value=1,
            narrative="x",
        )
    assert exc.value.message == "您不是吉林省工业和信息化厅的工作人员,不能以该单位名义填报。"


@pytest.mark.django_db
def test_report_return_needs_a_reason_and_only_managers_review(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin, metric=None)
    report = services.report_submit(
        actor=jilin.industry_officer,
        department=jilin.industry,
        indicator=ind,
        as_of=dt.date(2025, 1, 1),
        value=3,
        narrative="进展",
    )
    with pytest.raises(ApplicationError) as exc:
        services.report_review(actor=jilin.manager, report=report, accept=False)
    assert exc.value.message == "退回时请填写审核意见。"
    with pytest.raises(ApplicationError) as exc:
        services.report_review(actor=jilin.industry_officer, report=report, accept=True)
    assert exc.value.message == "您无权执行此操作。"
    services.report_review(actor=jilin.manager, report=report, accept=False, note="缺少证明材料")
    with pytest.raises(ApplicationError) as exc:
        services.report_review(actor=jilin.manager, report=report, accept=True)
    assert exc.value.message == "不能从“已退回”变更为“已采纳”。"


def _task(j, due):  # type: ignore[no-untyped-def]
    return services.task_create(
        actor=j.manager,
        plan=j.plan,
        code="T01",
        title="建设完善企业技术中心",
        due_date=due,
        lead_unit=j.industry,
        participating_units=[j.quality],
    )


@pytest.mark.django_db
def test_supervision_reminds_then_escalates_once(jilin) -> None:  # type: ignore[no-untyped-def]
    task = _task(jilin, dt.date(2025, 3, 31))
    assert services.supervise(today=dt.date(2025, 3, 2)) == []  # 29 days before: no reminder day
    assert {r.days_before for r in services.supervise(today=dt.date(2025, 3, 1))} == {30}
    created = services.supervise(today=dt.date(2025, 3, 24))  # 7 days before
    assert {(r.department, r.kind, r.days_before) for r in created} == {
        (jilin.industry, SupervisionKind.REMINDER, 7),
        (jilin.quality, SupervisionKind.REMINDER, 7),
    }
    assert services.supervise(today=dt.date(2025, 3, 24)) == []  # recorded once
    assert Notification.objects.filter(recipient=jilin.industry_officer, kind="targets.reminder").count() == 2
    escalated = services.supervise(today=dt.date(2025, 4, 10))
    assert {(r.department, r.kind) for r in escalated} == {
        (jilin.science, SupervisionKind.ESCALATION),
        (jilin.industry, SupervisionKind.ESCALATION),
    }
    assert (
        escalated[0].message
        == "任务“建设完善企业技术中心”已于2025年3月31日逾期未完成，现予督办。牵头单位：吉林省工业和信息化厅。"
    )
    assert services.supervise(today=dt.date(2025, 4, 11)) == []
    task.refresh_from_db()
    assert task.escalated_at is not None
    assert SupervisionRecord.objects.count() == 6


@pytest.mark.django_db
def test_done_tasks_are_not_supervised(jilin) -> None:  # type: ignore[no-untyped-def]
    task = _task(jilin, dt.date(2025, 3, 31))
    services.task_transition(actor=jilin.industry_officer, task=task, to=TaskStatus.DONE)
    assert services.supervise(today=dt.date(2025, 4, 10)) == []
    with pytest.raises(ApplicationError):
        services.task_transition(actor=jilin.industry_officer, task=task, to=TaskStatus.CANCELLED)
    assert Task.objects.get().status == TaskStatus.DONE


@pytest.mark.django_db
def test_supervise_via_django_task(jilin) -> None:  # type: ignore[no-untyped-def]
    _task(jilin, dt.date(2025, 3, 31))
    result = supervise_deadlines.enqueue(today="2025-04-02")
    assert result.return_value == 2
    assert SupervisionRecord.objects.filter(kind=SupervisionKind.ESCALATION).count() == 2


@pytest.mark.django_db
def test_snapshot_take_records_values(jilin, records) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin)
    services.allocation_set(actor=jilin.manager, indicator=ind, region=jilin.changchun, target_value=60)
    n = services.snapshot_take(plan=jilin.plan, on=dt.date(2025, 12, 31))
    assert n == 2
    values = dict(ValueSnapshot.objects.values_list("region_id", "value"))
    assert values == {"220000": Decimal(46), "220100": Decimal(33)}
    services.snapshot_take(plan=jilin.plan, on=dt.date(2025, 12, 31))
    assert ValueSnapshot.objects.count() == 2


@pytest.mark.django_db
def test_report_dates_within_plan_and_not_in_future(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = indicator(jilin, metric=None)
    kw = dict(actor=jilin.industry_officer, department=jilin.industry, indicator=ind, value=1, narrative="x")
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(as_of=dt.date(2023, 12, 31), **kw)
    assert exc.value.message == "截至日期不能早于规划起始日期。"
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(as_of=dt.date(2099, 1, 1), **kw)
    assert exc.value.message == "截至日期不能晚于今天。"
    assert not ProgressReport.objects.exists()
