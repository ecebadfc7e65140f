"""Every allowed and every forbidden move of the recognition workflow, with the actor rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, StatusChange
from kechuang.recognition.choices import TRANSITION_ACTORS, TRANSITIONS, Actor, ApplicationStatus
from kechuang.recognition.models import Application, Certificate
from kechuang.recognition.services import application_create, application_transition, attachment_add
from kechuang.recognition.tests.builders import make_call, make_scheme

S = ApplicationStatus
LABELS = dict(S.choices)
ALL_MOVES = [(a, b) for a in S.values for b in S.values if a != b]


@pytest.fixture
def threshold_only(world, cast):
    """A scheme scored by figures only, so expert review has no panel to wait for."""
    system = {
        "indicators": [
            {
                "code": "rd",
                "name": "研发投入强度",
                "max_score": "100",
                "method": "threshold",
                "metric": "rd_intensity",
                "bands": [{"min": "1", "score": "60"}, {"min": "3", "score": "100"}],
            }
        ]
    }
    scheme = make_scheme(department=world.department, actor=cast.admin, code="ccip", indicator_system=system)
    return make_call(scheme=scheme, actor=cast.officer, quota=None)


def _prepare(application: Application, status: str) -> Application:
    today = timezone.localdate()
    Application.objects.filter(pk=application.pk).update(
        status=status,
        publicity_starts_on=today - dt.timedelta(days=10),
        publicity_ends_on=today - dt.timedelta(days=3),
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def app_on_threshold_call(threshold_only, cast):
    from .conftest import pdf_file

    application = application_create(
        call=threshold_only, organization=cast.org, title="知识产权示范", actor=cast.org_admin
    )
    attachment_add(application=application, actor=cast.org_admin, title="材料", file=pdf_file())
    return application


def _actor(cast, source, target):
    return cast.org_admin if TRANSITION_ACTORS[(source, target)] == Actor.APPLICANT else cast.officer


@pytest.mark.parametrize(
    ("source", "target"), [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
)
def test_allowed_move(app_on_threshold_call, cast, source, target):
    application = _prepare(app_on_threshold_call, source)
    if source == S.PUBLICITY and target == S.RECOGNISED:
        pass  # publicity ended three days ago
    moved = application_transition(
        application=application, to=target, actor=_actor(cast, source, target), note="理由充分，依规处理。"
    )
    assert moved.status == target
    change = StatusChange.objects.filter(object_id=str(application.pk)).latest("id")
    assert (change.from_status, change.to_status) == (source, target)
    assert AuditRecord.objects.filter(action="application.transition", target_id=str(application.pk)).exists()


@pytest.mark.parametrize(("source", "target"), [(a, b) for a, b in ALL_MOVES if b not in TRANSITIONS[a]])
def test_forbidden_move(app_on_threshold_call, cast, source, target):
    application = _prepare(app_on_threshold_call, source)
    version = application.version
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=application, to=target, actor=cast.officer, note="x")
    assert exc.value.message == f"不能从“{LABELS[source]}”变更为“{LABELS[target]}”。"
    application.refresh_from_db()
    assert (application.status, application.version) == (source, version)


def test_unknown_target(draft, cast):
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=draft, to="approved", actor=cast.org_admin)
    assert exc.value.message == "目标状态不正确。"


@pytest.mark.parametrize("who", ["officer", "org_member", "other_org_admin", "norole", "other_officer"])
def test_only_the_applicant_admin_submits(draft, cast, who):
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=draft, to=S.SUBMITTED, actor=getattr(cast, who))
    assert exc.value.message == "只有申报单位管理员可以执行此操作。"
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


@pytest.mark.parametrize("who", ["org_admin", "other_officer", "norole"])
def test_only_officers_of_the_department_and_region_decide(draft, cast, who):
    application = _prepare(draft, S.SUBMITTED)
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=application, to=S.FORMAL_CHECK, actor=getattr(cast, who))
    assert exc.value.message == "只有主管部门的工作人员可以执行此操作。"


def test_return_needs_a_reason(draft, cast):
    application = _prepare(draft, S.FORMAL_CHECK)
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=application, to=S.RETURNED, actor=cast.officer, note="  ")
    assert exc.value.message == "请填写意见或理由。"


def test_return_and_resubmit(draft, cast):
    application = application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    application = application_transition(application=application, to=S.FORMAL_CHECK, actor=cast.officer)
    application = application_transition(
        application=application, to=S.RETURNED, actor=cast.officer, note="缺少审计报告。"
    )
    assert application.last_note == "缺少审计报告。"
    application = application_transition(application=application, to=S.SUBMITTED, actor=cast.org_admin)
    assert application.status == S.SUBMITTED
    assert application.last_note == ""


def test_submit_takes_a_snapshot_and_scores_figures(draft, cast):
    application = application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    assert application.snapshot_year == 2025
    assert application.snapshot["organization"]["name"] == "长春光华微电子有限公司"
    assert application.snapshot["figures"]["revenue"] == "80000000.00"
    # rd 4 % -> 10, rd staff 15 % -> 7, 4 patents -> 10
    assert application.auto_score == 27
    assert [line["points"] for line in application.snapshot["indicator_scores"]] == ["10", "7", "10"]


def test_submit_after_the_window_is_refused(draft, cast, world):
    closes = timezone.now() - dt.timedelta(hours=1)
    type(world.call).objects.filter(pk=world.call.pk).update(
        opens_at=closes - dt.timedelta(days=10), closes_at=closes
    )
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    assert exc.value.message.startswith("申报已截止（截止时间：")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert draft.snapshot == {}


def test_submit_needs_an_attachment(world, cast):
    application = application_create(
        call=world.call, organization=cast.org, title="中心", actor=cast.org_admin
    )
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=application, to=S.SUBMITTED, actor=cast.org_admin)
    assert exc.value.message == "请至少上传一份申报材料后再提交。"


def test_submit_checks_eligibility(draft, cast):
    cast.org.statistics.update(revenue=5_000_000, rd_expenditure=10_000)
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    assert exc.value.message == (
        "不符合申报条件：“营业收入”为500万元，低于要求的1000万元。；“研发投入占营业收入比例”为0.2%，低于要求的1%。"
    )


def test_optimistic_locking_second_officer_gets_a_clear_message(draft, cast):
    application = _prepare(draft, S.FORMAL_CHECK)
    stale_version = application.version
    application_transition(
        application=application,
        to=S.RETURNED,
        actor=cast.officer,
        note="材料不全。",
        expected_version=stale_version,
    )
    with pytest.raises(ApplicationError) as exc:
        application_transition(
            application=application, to=S.EXPERT_REVIEW, actor=cast.officer, expected_version=stale_version
        )
    assert exc.value.message == "该记录已被他人修改，请刷新页面后重试。"
    application.refresh_from_db()
    assert application.status == S.RETURNED


def test_quota_is_enforced_at_publicity(app_on_threshold_call, threshold_only, cast):
    type(threshold_only).objects.filter(pk=threshold_only.pk).update(quota=0)
    application = _prepare(app_on_threshold_call, S.DECISION)
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=application, to=S.PUBLICITY, actor=cast.officer)
    assert exc.value.message == "本批次认定名额（0个）已满，不能再列入公示。"


def test_recognition_waits_for_the_end_of_publicity(app_on_threshold_call, cast):
    application = _prepare(app_on_threshold_call, S.DECISION)
    application = application_transition(application=application, to=S.PUBLICITY, actor=cast.officer)
    assert application.publicity_ends_on == timezone.localdate() + dt.timedelta(days=7)
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=application, to=S.RECOGNISED, actor=cast.officer)
    end = application.publicity_ends_on
    assert exc.value.message == f"公示期至{end.year}年{end.month}月{end.day}日结束，公示期满后才能认定。"
    recognised = application_transition(
        application=application, to=S.RECOGNISED, actor=cast.officer, today=end + dt.timedelta(days=1)
    )
    assert recognised.status == S.RECOGNISED
    assert Certificate.objects.get(application=recognised).number == "CCIP-2026-0001"
