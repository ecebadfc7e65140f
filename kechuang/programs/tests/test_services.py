"""The programs services: who may apply, when, and everything submission checks, with exact messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.programs import services
from kechuang.programs.choices import ApplicationStatus, CallStatus, ProjectStatus
from kechuang.programs.models import Application, BudgetLine, Call, Project
from kechuang.programs.tests.conftest import fill
from kechuang.registry.choices import VerificationStatus
from tests import app_factories as af

pytestmark = pytest.mark.django_db


def _create(cast, topic, **kw):  # type: ignore[no-untyped-def]
    args = {"title": "新项目", "leader_name": "王五", "leader_identifier": "X1", **kw}
    return services.application_create(topic=topic, organization=cast.org, actor=cast.org_admin, **args)


# ---------------------------------------------------------------------------------------------- calls


def test_officer_creates_and_publishes_a_call_with_topics(cast):
    program_type = af.ProgramTypeFactory()
    now = timezone.now()
    call = services.call_create(
        program_type=program_type, actor=cast.officer, year=2026, title="2026年度重点研发计划申报指南",
        opens_at=now, closes_at=now + dt.timedelta(days=30), total_budget="500", leader_limit=2,
        eligibility_rule='kind == "enterprise"',
    )  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        services.call_publish(call=call, actor=cast.officer)
    assert exc.value.message == "请先添加至少一个指南方向。"
    services.topic_add(
        call=call, actor=cast.officer, title="新材料", funding_cap="100", project_count=3, duration_months=36
    )
    with pytest.raises(ApplicationError) as exc:
        services.topic_add(
            call=call,
            actor=cast.officer,
            title="新能源",
            funding_cap="100",
            project_count=3,
            duration_months=36,
        )
    assert exc.value.message == "各方向资助额合计将超过指南资助总额500万元。"
    services.call_publish(call=call, actor=cast.officer)
    assert Call.objects.get(pk=call.pk).status == CallStatus.PUBLISHED
    with pytest.raises(ApplicationError) as exc:
        services.topic_add(
            call=call,
            actor=cast.officer,
            title="新能源",
            funding_cap="10",
            project_count=1,
            duration_months=12,
        )
    assert exc.value.message == "指南已发布，不能再添加方向。"


def test_call_refused_to_others_and_with_a_wrong_rule(cast):
    program_type = af.ProgramTypeFactory()
    now = timezone.now()
    args = {"program_type": program_type, "year": 2026, "title": "指南", "opens_at": now,
            "closes_at": now + dt.timedelta(days=3), "total_budget": "100"}  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        services.call_create(actor=cast.other_officer, **args)
    assert exc.value.message == "您无权执行此操作。"
    with pytest.raises(ApplicationError) as exc:
        services.call_create(actor=cast.officer, eligibility_rule='kind == "enterprize"', **args)
    assert exc.value.message.startswith("申报条件规则有误：")
    assert not Call.objects.exists()


# ---------------------------------------------------------------------------------------- application


def test_only_an_admin_of_the_lead_org_may_apply(cast):
    topic = af.TopicFactory()
    for user in (cast.org_member, cast.other_org_admin, cast.officer):
        with pytest.raises(ApplicationError) as exc:
            services.application_create(topic=topic, organization=cast.org, actor=user, title="t",
                                        leader_name="a", leader_identifier="b")  # fmt: skip
        assert exc.value.message == "只有本单位管理员可以申报。"
    assert not Application.objects.exists()


def test_refused_outside_the_window(cast):
    topic = af.TopicFactory(call__closes_at=timezone.now() - dt.timedelta(minutes=1),
                            call__opens_at=timezone.now() - dt.timedelta(days=3))  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        _create(cast, topic)
    assert exc.value.message.startswith("申报已截止（截止时间：")
    draft = af.TopicFactory(call__status=CallStatus.DRAFT)
    with pytest.raises(Http404):  # an unpublished call is hidden from applicants: like a missing one
        _create(cast, draft)
    assert not Application.objects.exists()


def test_refused_to_an_organization_that_may_not_apply(cast):
    cast.org.verification_status = VerificationStatus.PENDING
    cast.org.save()
    with pytest.raises(ApplicationError) as exc:
        _create(cast, af.TopicFactory())
    assert exc.value.message == "贵单位尚未通过主管部门核验，暂不能提交申报。请等待核验或联系所在地科技部门。"
    assert not Application.objects.exists()


def test_submit_lists_every_problem_at_once(cast, world):
    af.ProgramApplicationFactory(leader_identifier="220102198001011234", status=ApplicationStatus.IN_REVIEW)
    world.call.eligibility_rule = 'kind == "university"'
    world.call.save()
    services.application_update(application=world.draft, actor=cast.org_admin,
                                data={"requested_funds": "120", "self_funds": "50"},
                                budget=[{"category": "equipment", "special_funds": "100", "self_funds": "50"}])  # fmt: skip
    with pytest.raises(ApplicationError) as exc:
        services.application_submit(application=world.draft, actor=cast.org_admin)
    assert exc.value.message == "申报书还有6处问题，请修改后再提交。"
    assert exc.value.extra["problems"] == [
        "申请专项经费120万元超过该方向单项资助上限100万元。",
        "自筹经费50万元低于该方向要求的自筹比例（不低于专项经费的1倍，即120万元）。",
        "预算表专项经费合计100万元与申请专项经费120万元不一致。",
        "请至少填写一项考核指标。",
        "项目负责人李四已承担或申报1个项目，达到本指南的限项数（1项）。",
        "不符合申报条件：主体类型 企业，要求 = 高等院校",
    ]
    assert Application.objects.get(pk=world.draft.pk).status == ApplicationStatus.DRAFT


def test_missing_budget_is_a_problem(world):
    problems = services.application_problems(application=world.draft)
    assert "请填写预算表。" in problems and "请填写申请专项经费。" in problems


def test_ongoing_project_counts_toward_the_limit_and_a_finished_one_does_not(cast, world):
    draft = fill(world.draft, cast.org_admin)
    project = af.ProjectFactory(application__leader_identifier="220102198001011234")
    assert services.application_problems(application=draft) == [
        "项目负责人李四已承担或申报1个项目，达到本指南的限项数（1项）。"
    ]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.ACCEPTED)
    assert services.application_problems(application=draft) == []


def test_update_refused_once_submitted_and_nothing_half_written(cast, world):
    fill(world.draft, cast.org_admin)
    with pytest.raises(ApplicationError) as exc:
        fill(world.draft, cast.org_admin, title="", requested_funds="1")
    assert exc.value.message == "请填写项目名称。"
    with pytest.raises(ApplicationError) as exc:
        services.application_update(application=world.draft, actor=cast.org_admin, data={},
                                    budget=[{"category": "equipment"}, {"category": "nonsense"}])  # fmt: skip
    assert exc.value.message == "预算科目“nonsense”不存在。"
    assert BudgetLine.objects.filter(application=world.draft).count() == 2
    app = Application.objects.get(pk=world.draft.pk)
    services.application_submit(application=app, actor=cast.org_admin)
    with pytest.raises(ApplicationError) as exc:
        fill(app, cast.org_admin)
    assert exc.value.message == "申报书已提交，不能修改。"
    with pytest.raises(ApplicationError) as exc:
        fill(app, cast.org_member)
    assert exc.value.message == "您无权执行此操作。"


def test_stale_version_refused(cast, world):
    with pytest.raises(ApplicationError) as exc:
        services.application_update(application=world.draft, actor=cast.org_admin, data={"title": "x"},
                                    expected_version=world.draft.version + 1)  # fmt: skip
    assert exc.value.message == "该记录已被他人修改，请刷新页面后重试。"


# ------------------------------------------------------------------------------------------ the walk


def test_the_whole_walk_to_a_project(cast, world):
    fill(world.draft, cast.org_admin)
    app = services.application_submit(application=world.draft, actor=cast.org_admin)
    assert app.status == ApplicationStatus.SUBMITTED and app.submitted_at

    def move(to, actor=cast.officer, note=""):  # type: ignore[no-untyped-def]
        return services.application_transition(
            application=Application.objects.get(pk=app.pk), to=to, actor=actor, note=note
        )

    with pytest.raises(ApplicationError) as exc:
        move("recommended", actor=cast.org_admin)
    assert exc.value.message == "您无权执行此操作。"
    with pytest.raises(ApplicationError) as exc:
        move("recommended", actor=cast.other_officer)
    assert exc.value.message == "您无权执行此操作。"
    move("recommended")
    move("formal_check")
    with pytest.raises(ApplicationError) as exc:
        move("returned")
    assert exc.value.message == "请填写理由。"
    move("returned", note="缺少合作协议")
    assert Application.objects.get(pk=app.pk).last_note == "缺少合作协议"
    services.application_submit(application=Application.objects.get(pk=app.pk), actor=cast.org_admin)
    with pytest.raises(ApplicationError) as exc:
        move("in_review")
    assert exc.value.message == "不能从“已提交，待推荐”变更为“专家评审中”。"
    for to in ("recommended", "formal_check", "in_review", "approved", "publicity", "issued"):
        move(to)
    project = Project.objects.get(application_id=app.pk)
    assert project.status == ProjectStatus.EXECUTING
    assert (
        project.ends_on.year - project.starts_on.year
    ) * 12 + project.ends_on.month - project.starts_on.month == 36
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"program_application.create", "program_application.update", "application.transition",
            "program_project.create"} <= actions  # fmt: skip
    services.project_transition(project=project, to=ProjectStatus.TERMINATED, actor=cast.officer)


def test_applicant_withdraws_but_cannot_submit_through_transition(cast, world):
    with pytest.raises(ApplicationError) as exc:
        services.application_transition(application=world.draft, to="submitted", actor=cast.org_admin)
    assert exc.value.message == "请通过“提交申报”提交申报书。"
    services.application_transition(application=world.draft, to="withdrawn", actor=cast.org_admin)
    assert Application.objects.get(pk=world.draft.pk).status == ApplicationStatus.WITHDRAWN


def test_two_officers_deciding_at_once_the_second_is_refused(cast, world):
    application = fill(world.draft, cast.org_admin)
    application = services.application_submit(application=application, actor=cast.org_admin)
    first, second = Application.objects.get(pk=application.pk), Application.objects.get(pk=application.pk)
    services.application_transition(
        application=first, to="recommended", actor=cast.officer, expected_version=first.version
    )
    with pytest.raises(ApplicationError) as exc:
        services.application_transition(
            application=second,
            to="returned",
            actor=cast.officer,
            note="材料不全",
            expected_version=second.version,
        )
    assert exc.value.message == "该记录已被他人修改，请刷新页面后重试。"
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.RECOMMENDED
