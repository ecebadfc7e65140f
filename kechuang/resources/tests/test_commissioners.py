"""S&T commissioners: the pool (members of universities and institutes), dispatch to an enterprise, a park
or a village under an agreement, work logs within the period, the host's confirmation and rating (or
dispute), the annual assessment and its figures; every refusal with its message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.registry.models import Region
from kechuang.resources.choices import DispatchStatus, LogStatus
from kechuang.resources.selectors_commissioners import year_figures
from kechuang.resources.services.commissioners import (
    assessment_record,
    commissioner_add,
    dispatch_create,
    dispatch_transition,
    worklog_confirm,
    worklog_dispute,
    worklog_submit,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def professor(cast):  # type: ignore[no-untyped-def]
    jlu = f.OrganizationFactory(name="吉林大学", kind="university")
    user = f.MembershipFactory(organization=jlu, user__username="prof_wang", user__display_name="王教授").user
    return commissioner_add(actor=cast.officer, user=user, home=jlu, expertise="镁合金成形")


def _dispatch(cast, professor, **host):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return dispatch_create(
        actor=cast.officer,
        commissioner=professor,
        host_kind=host.pop("host_kind", "enterprise"),
        agreement_no="CCKJ-TPY-2026-017",
        agreement_summary="指导压铸工艺改进，培训技术人员",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=330),
        **(host if host else {"organization": cast.org}),
    )


def test_pool_refusals(cast, professor):
    ent_member = cast.org_member
    with pytest.raises(ApplicationError, match=r"^科技特派员须来自高等院校或科研院所。$"):
        commissioner_add(actor=cast.officer, user=ent_member, home=cast.org, expertise="x")
    jlu = professor.home
    with pytest.raises(ApplicationError, match=r"^该用户不是吉林大学的成员。$"):
        commissioner_add(actor=cast.officer, user=cast.norole, home=jlu, expertise="x")
    with pytest.raises(ApplicationError, match=r"^该用户已在科技特派员库中。$"):
        commissioner_add(actor=cast.officer, user=professor.user, home=jlu, expertise="x")
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        commissioner_add(actor=cast.other_officer, user=professor.user, home=jlu, expertise="x")


def test_dispatch_hosts_and_refusals(cast, professor):
    assert _dispatch(cast, professor).region_path == cast.org.region_path
    park = f.ParkFactory(name="长春北湖科技园")
    assert _dispatch(cast, professor, host_kind="park", park=park).host_name == "长春北湖科技园"
    village = _dispatch(
        cast,
        professor,
        host_kind="village",
        village="九台区上河湾镇",
        village_region=Region.objects.get(code="220113"),
    )
    assert village.region_path.endswith("220113/")
    with pytest.raises(ApplicationError, match=r"^请填写派驻对象。$"):
        _dispatch(cast, professor, host_kind="village", village="x")
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        dispatch_create(
            actor=cast.other_officer, commissioner=professor, host_kind="enterprise", organization=cast.org,
            agreement_no="x", agreement_summary="x", starts_on=timezone.localdate(), ends_on=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ApplicationError, match=r"^派驻结束日期不能早于开始日期。$"):
        dispatch_create(
            actor=cast.officer, commissioner=professor, host_kind="enterprise", organization=cast.org,
            agreement_no="x", agreement_summary="x", starts_on=timezone.localdate(),
            ends_on=timezone.localdate() - dt.timedelta(days=1),
        )  # fmt: skip


def test_logs_confirmation_and_assessment(cast, professor):
    dispatch = _dispatch(cast, professor)
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        worklog_submit(actor=cast.org_admin, dispatch=dispatch, kind="visit", worked_on=today, summary="x")
    with pytest.raises(ApplicationError, match=r"^日期须在派驻期内"):
        worklog_submit(actor=professor.user, dispatch=dispatch, kind="visit", worked_on=today + dt.timedelta(days=1),
                       summary="x")  # fmt: skip
    with pytest.raises(ApplicationError, match=r"^请填写工作内容。$"):
        worklog_submit(actor=professor.user, dispatch=dispatch, kind="visit", worked_on=today, summary=" ")
    visit = worklog_submit(
        actor=professor.user, dispatch=dispatch, kind="visit", worked_on=today, summary="走访压铸车间",
        problems_solved=2,
    )  # fmt: skip
    training = worklog_submit(
        actor=professor.user, dispatch=dispatch, kind="training", worked_on=today, summary="压铸工艺培训",
        trainees=35,
    )  # fmt: skip
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        worklog_confirm(actor=professor.user, log=visit, rating=5)
    with pytest.raises(ApplicationError, match=r"^评分应为1至5分。$"):
        worklog_confirm(actor=cast.org_admin, log=visit, rating=0)
    worklog_confirm(actor=cast.org_admin, log=visit, rating=5, comment="解决了缩孔问题")
    with pytest.raises(ApplicationError, match=r"^请说明异议。$"):
        worklog_dispute(actor=cast.org_member, log=training, comment="")
    worklog_dispute(actor=cast.org_member, log=training, comment="培训人数不符")
    training.refresh_from_db()
    assert training.status == LogStatus.DISPUTED
    with pytest.raises(ApplicationError, match=r"^不能从“已确认”变更为“有异议”。$"):
        worklog_dispute(actor=cast.org_admin, log=visit, comment="x")
    [row] = year_figures(user=cast.officer, year=today.year)
    assert (row.dispatches, row.logs, row.confirmed, row.visits, row.problems_solved, row.trainees) == (
        1, 2, 1, 1, 2, 0,
    )  # fmt: skip
    assert str(row.rating) == "5.0"
    assert year_figures(user=cast.other_officer, year=today.year) == []
    assessment_record(actor=cast.officer, commissioner=professor, year=today.year, grade="excellent")
    with pytest.raises(ApplicationError, match=r"^该特派员本年度已有考核结果。$"):
        assessment_record(actor=cast.officer, commissioner=professor, year=today.year, grade="pass")
    with pytest.raises(ApplicationError, match=r"^不能考核尚未开始的年度。$"):
        assessment_record(actor=cast.officer, commissioner=professor, year=today.year + 1, grade="pass")
    with pytest.raises(ApplicationError, match=r"^请填写终止派驻的理由。$"):
        dispatch_transition(actor=cast.officer, dispatch=dispatch, to=DispatchStatus.TERMINATED)
    dispatch_transition(actor=cast.officer, dispatch=dispatch, to=DispatchStatus.COMPLETED)
    dispatch.refresh_from_db()
    with pytest.raises(ApplicationError, match=r"^派驻已结束，不能再填写工作记录。$"):
        worklog_submit(actor=professor.user, dispatch=dispatch, kind="visit", worked_on=today, summary="x")
