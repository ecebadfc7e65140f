"""The deciding half: recommending units, formal check, expert review on the review app, the funding
decision within the budget, 立项公示 with objections and 下达 — with the exact refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, Notification
from kechuang.core.permissions import can
from kechuang.programs import services
from kechuang.programs.choices import ApplicationStatus as S
from kechuang.programs.models import Application, Call, Project
from kechuang.programs.tests.conftest import fill
from kechuang.programs.work import pending_for
from kechuang.registry.models import Region
from kechuang.review import services as review
from kechuang.review.selectors import panel_for_owner
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db


def _get(app):  # type: ignore[no-untyped-def]
    return Application.objects.get(pk=app.pk)


def move(app, to, actor, note=""):  # type: ignore[no-untyped-def]
    return services.application_transition(application=_get(app), to=to, actor=actor, note=note)


def submitted(cast, world, **kw):  # type: ignore[no-untyped-def]
    application = fill(world.draft, cast.org_admin, **kw)
    return services.application_submit(application=application, actor=cast.org_admin)


def to_review(cast, world):  # type: ignore[no-untyped-def]
    app = submitted(cast, world)
    for to in (S.RECOMMENDED, S.FORMAL_CHECK, S.IN_REVIEW):
        move(app, to, cast.officer)
    return _get(app)


def score_and_close(cast, call, scores=("80", "90", "70")):  # type: ignore[no-untyped-def]
    """Three experts score every item of the call's panel; the officer closes it."""
    panel = panel_for_owner(owner=call)
    experts = [af.ExpertFactory() for _ in scores]
    review.panel_assign(panel=panel, actor=cast.officer, experts=experts)
    review.panel_open(panel=panel, actor=cast.officer)
    for expert, value in zip(experts, scores, strict=True):
        for assignment in expert.assignments.all():
            sheet = {i["code"]: Decimal(value) * Decimal(i["max_score"]) / 100 for i in panel.indicators}
            review.score_submit(assignment=assignment, actor=expert.user, scores=sheet, comment="同意")
    review.panel_close(panel=panel, actor=cast.officer)
    return experts


@pytest.fixture
def three(cast, world):  # type: ignore[no-untyped-def]
    services.call_review_scheme_set(
        call=world.call,
        actor=cast.officer,
        indicators_text="创新性|40\n可行性|30\n效益|30",
        experts_per_item=3,
        publicity_days=7,
    )
    return world


# ------------------------------------------------------------------------------------- recommending


def test_a_unit_covering_the_applicant_recommends_and_is_told(cast, world):
    unit = f.OrganizationFactory(kind="university")
    unit_member = f.MembershipFactory(organization=unit, role="member").user
    services.recommender_add(
        call=world.call, actor=cast.officer, uscc=unit.uscc, covered_usccs=[cast.org.uscc]
    )
    app = submitted(cast, world)
    assert app.recommender.organization == unit
    assert Notification.objects.filter(recipient=unit_member, kind="programs.recommend").exists()
    assert [(w.title, w.count) for w in pending_for(unit_member)] == [("待本单位推荐的项目申报", 1)]
    # the bureau cannot recommend it (the unit does): not on the bureau's workbench
    assert "待推荐的项目申报" not in [w.title for w in pending_for(cast.officer)]
    with pytest.raises(ApplicationError) as exc:
        move(app, S.RECOMMENDED, cast.officer)  # the unit's move, not the bureau's
    assert exc.value.message == "您无权执行此操作。"
    with pytest.raises(ApplicationError) as exc:
        move(app, S.RETURNED, unit_member)
    assert exc.value.message == "请填写理由。"
    move(app, S.RETURNED, unit_member, note="预算说明不充分")
    assert _get(app).status == S.RETURNED and _get(app).last_note == "预算说明不充分"
    services.application_submit(application=_get(app), actor=cast.org_admin)
    move(app, S.RECOMMENDED, unit_member)
    assert Notification.objects.filter(recipient=cast.officer, kind="programs.formal_check").exists()
    with pytest.raises(ApplicationError) as exc:
        move(app, S.FORMAL_CHECK, unit_member)  # the unit cannot do the bureau's formal check
    assert exc.value.message == "您无权执行此操作。"


def test_a_region_unit_covers_applicants_of_its_subtree_the_smallest_wins(cast, world):
    city = f.OrganizationFactory(kind="government")
    county = f.OrganizationFactory(kind="government")
    services.recommender_add(call=world.call, actor=cast.officer, uscc=city.uscc, region_code="220100")
    services.recommender_add(call=world.call, actor=cast.officer, uscc=county.uscc, region_code="220102")
    found = services.recommender_for(call=world.call, organization=cast.org)
    assert found is not None and found.organization == county
    elsewhere = f.OrganizationFactory(region=Region.objects.get(code="220104"))
    assert services.recommender_for(call=world.call, organization=elsewhere).organization == city
    jilin = f.OrganizationFactory(region=Region.objects.get(code="220200"))
    assert services.recommender_for(call=world.call, organization=jilin) is None  # the bureau recommends


def test_recommender_input_refused_with_the_field_named(cast, world):
    with pytest.raises(ApplicationError) as exc:
        services.recommender_add(call=world.call, actor=cast.officer, uscc="91220000000000000X")
    assert exc.value.message == "统一社会信用代码“91220000000000000X”对应的单位不存在。"
    with pytest.raises(ApplicationError) as exc:
        services.recommender_add(
            call=world.call, actor=cast.officer, uscc=cast.org.uscc, region_code="999999"
        )
    assert exc.value.extra["field"] == "region"
    with pytest.raises(ApplicationError) as exc:
        services.recommender_add(call=world.call, actor=cast.other_officer, uscc=cast.org.uscc)
    assert exc.value.message == "您无权执行此操作。"
    services.recommender_add(call=world.call, actor=cast.officer, uscc=cast.org.uscc)
    with pytest.raises(ApplicationError) as exc:
        services.recommender_add(call=world.call, actor=cast.officer, uscc=cast.org.uscc)
    assert exc.value.message == "该单位已是本指南的推荐单位。"


# ----------------------------------------------------------------------------------- formal check, bulk


def test_bulk_moves_all_or_nothing_and_forged_ids_404(cast, world):
    app = submitted(cast, world)
    other = af.ProgramApplicationFactory(topic=world.topic, organization=cast.org, status=S.SUBMITTED)
    n = services.application_bulk_transition(ids=[app.pk, other.pk], to=S.RECOMMENDED, actor=cast.officer)
    assert n == 2 and _get(other).status == S.RECOMMENDED
    services.application_bulk_transition(ids=[app.pk], to=S.FORMAL_CHECK, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:  # other is still recommended: nothing moves
        services.application_bulk_transition(ids=[app.pk, other.pk], to=S.IN_REVIEW, actor=cast.officer)
    assert exc.value.message.endswith("不能从“已推荐”变更为“专家评审中”。")
    assert _get(app).status == S.FORMAL_CHECK
    with pytest.raises(Http404):
        services.application_bulk_transition(ids=[app.pk, 10**9], to=S.RETURNED, actor=cast.officer, note="x")
    with pytest.raises(Http404):
        services.application_bulk_transition(ids=[app.pk], to=S.RETURNED, actor=cast.other_officer, note="x")
    with pytest.raises(ApplicationError) as exc:
        services.application_bulk_transition(ids=[app.pk], to=S.RETURNED, actor=cast.officer)
    assert exc.value.message.endswith("请填写理由。")


# -------------------------------------------------------------------------------- the whole decision


def test_the_call_from_submission_to_issue(cast, three):
    call = three.call
    app = to_review(cast, three)
    panel = panel_for_owner(owner=call)
    assert panel is not None and panel.experts_per_item == 3
    assert [i["name"] for i in panel.indicators] == ["创新性", "可行性", "效益"]
    with pytest.raises(ApplicationError) as exc:
        services.funding_decide(call=call, actor=cast.officer, amounts={app.pk: "50"})
    assert exc.value.message == "专家评审尚未结束，评分封存中，不能立项。"
    with pytest.raises(ApplicationError) as exc:
        services.review_results_collect(call=call, actor=cast.officer)
    assert exc.value.message == "专家评审尚未结束，评分封存中，不能汇总。"
    with pytest.raises(ApplicationError) as exc:
        move(app, S.APPROVED, cast.officer)
    assert exc.value.message == "请在“评审排序与立项”页面确定资助金额后立项。"
    score_and_close(cast, call)
    assert services.review_results_collect(call=call, actor=cast.officer) == 1
    assert _get(app).review_score == Decimal("80.00")
    with pytest.raises(ApplicationError) as exc:
        services.funding_decide(call=call, actor=cast.officer, amounts={app.pk: "120"})
    assert exc.value.message == (
        f"《{app.title}》的资助金额120万元超过上限80万元（单项资助上限与申请金额的较小者）。"
    )
    version = Call.objects.get(pk=call.pk).version
    services.funding_decide(call=call, actor=cast.officer, amounts={app.pk: "60"}, expected_version=version)
    assert _get(app).status == S.APPROVED and _get(app).funded_amount == Decimal("60")
    with pytest.raises(ApplicationError) as exc:  # a second officer on the same stale page
        services.funding_decide(
            call=call, actor=cast.officer, amounts={app.pk: "60"}, expected_version=version
        )
    assert exc.value.message == "该记录已被他人修改，请刷新页面后重试。"
    assert services.publicity_start(call=call, actor=cast.officer) == 1
    app = _get(app)
    assert app.status == S.PUBLICITY and app.publicity_ends_on == app.publicity_starts_on + dt.timedelta(
        days=6
    )
    with pytest.raises(ApplicationError) as exc:
        services.call_issue(call=call, actor=cast.officer)
    assert exc.value.message == "没有公示期满且无未结异议的项目可下达。"
    objection = services.objection_lodge(
        application=app, actor=cast.other_org_admin, name="王某", contact="13900000000", content="该单位的合作协议未签署，材料不实。"
    )  # fmt: skip
    ended = timezone.localdate() - dt.timedelta(days=1)  # the publicity period runs out
    Application.objects.filter(pk=app.pk).update(
        publicity_starts_on=ended - dt.timedelta(days=6), publicity_ends_on=ended
    )
    with pytest.raises(ApplicationError) as exc:
        services.call_issue(call=call, actor=cast.officer)
    assert exc.value.message == "没有公示期满且无未结异议的项目可下达。"
    with pytest.raises(ApplicationError) as exc:
        services.objection_answer(
            objection=objection, actor=cast.other_officer, upheld=False, answer="不成立"
        )
    assert exc.value.message == "您无权执行此操作。"
    services.objection_answer(
        objection=objection, actor=cast.officer, upheld=False, answer="经核实协议已签署。"
    )
    assert services.call_issue(call=call, actor=cast.officer) == {"issued": 1, "waiting": 0}
    assert _get(app).status == S.ISSUED and Project.objects.filter(application=app).exists()
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"programs.review_scheme", "programs.review_collect", "programs.funding_decide",
            "programs.objection_lodge", "application.transition", "program_project.create"} <= actions  # fmt: skip


def _reviewed(cast, call, topic, n, requested="80"):  # type: ignore[no-untyped-def]
    apps = [
        af.ProgramApplicationFactory(
            topic=topic, organization=cast.org, status=S.FORMAL_CHECK, requested_funds=Decimal(requested)
        )
        for _ in range(n)
    ]
    for a in apps:
        move(a, S.IN_REVIEW, cast.officer)
    score_and_close(cast, call)
    services.review_results_collect(call=call, actor=cast.officer)
    return apps


def test_funding_refused_over_the_topic_count_and_over_the_call_budget(cast, three):
    call, topic = three.call, three.topic
    Call.objects.filter(pk=call.pk).update(total_budget=Decimal("150"))
    apps = _reviewed(cast, call, topic, 4)
    with pytest.raises(ApplicationError) as exc:
        services.funding_decide(call=call, actor=cast.officer, amounts={a.pk: "10" for a in apps})
    assert exc.value.message == f"指南方向“{topic.title}”拟支持3项，已立项0项，不能再立项4项。"
    with pytest.raises(ApplicationError) as exc:
        services.funding_decide(call=call, actor=cast.officer, amounts={a.pk: "80" for a in apps[:2]})
    assert exc.value.message == "资助总额将达160万元，超过本指南资助总额150万元（已安排0万元）。"
    assert not Application.objects.filter(status=S.APPROVED).exists()  # nothing half-written
    services.funding_decide(call=call, actor=cast.officer, amounts={apps[0].pk: "80"})
    with pytest.raises(ApplicationError) as exc:
        services.funding_decide(call=call, actor=cast.officer, amounts={apps[1].pk: "80"})
    assert exc.value.message == "资助总额将达160万元，超过本指南资助总额150万元（已安排80万元）。"
    with pytest.raises(ApplicationError) as exc:
        services.funding_decide(call=call, actor=cast.officer, amounts={apps[1].pk: "abc"})
    assert exc.value.extra["field"] == "amounts"
    with pytest.raises(Http404):
        services.funding_decide(call=call, actor=cast.officer, amounts={10**9: "10"})
    with pytest.raises(ApplicationError) as exc:
        services.funding_decide(call=call, actor=cast.other_officer, amounts={apps[1].pk: "10"})
    assert exc.value.message == "您无权执行此操作。"


def test_scores_stay_sealed_until_the_panel_closes_and_experts_see_the_materials(cast, three):
    app = to_review(cast, three)
    panel = panel_for_owner(owner=three.call)
    expert = af.ExpertFactory()
    others = [af.ExpertFactory() for _ in range(2)]
    review.panel_assign(panel=panel, actor=cast.officer, experts=[expert, *others])
    assert can(expert.user, _get(app), "view") and not can(expert.user, _get(app), "change")
    review.panel_open(panel=panel, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:  # the panel is scoring: no new application joins
        other = af.ProgramApplicationFactory(topic=three.topic, organization=cast.org, status=S.FORMAL_CHECK)
        move(other, S.IN_REVIEW, cast.officer)
    assert exc.value.message == "本指南的专家评审已开始，不能再加入新的申报书。"
    with pytest.raises(ApplicationError) as exc:
        move(app, S.REJECTED, cast.officer, note="评分低")
    assert exc.value.message == "专家评审尚未结束，评分封存中，不能作出立项决定。"
