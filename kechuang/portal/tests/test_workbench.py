"""The workbench (工作台): each role's waiting work on the home page, with counts, due dates and links,
composed from every app's ``work.pending_for`` in a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kechuang.market.choices import AchievementStatus
from kechuang.policies.choices import ClaimStatus
from kechuang.portal import workbench
from kechuang.quality.choices import ComplaintStatus
from kechuang.recognition.choices import ApplicationStatus
from kechuang.registry.choices import VerificationStatus
from kechuang.review.choices import PanelStatus
from tests import app_factories as af
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _items(user):  # type: ignore[no-untyped-def]
    return {item.title: item for _section, items in workbench.pending_for(user) for item in items}


def _officer_work(cast, n: int) -> None:  # type: ignore[no-untyped-def]
    call = af.CallFactory(title="2026年度长春市企业技术中心认定")
    for _ in range(n):
        f.OrganizationFactory(verification_status=VerificationStatus.PENDING)
        af.ApplicationFactory(call=call, status=ApplicationStatus.FORMAL_CHECK)
        af.ClaimFactory(organization=cast.org, status=ClaimStatus.SUBMITTED)
        af.AchievementFactory(owner=cast.org, status=AchievementStatus.SUBMITTED)
        af.ObjectionFactory(application__call=call)
        af.ComplaintFactory(status=ComplaintStatus.LODGED)


def test_officer_sees_every_capabilitys_queue_with_counts_and_links(cast):
    _officer_work(cast, 2)
    items = _items(cast.officer)
    assert items["待核验的新注册主体"].count == 2
    assert items["待核验的新注册主体"].url == reverse("registry:verification_queue")
    check = items["待形式审查的认定申请（2026年度长春市企业技术中心认定）"]
    assert check.count == 2 and check.url.endswith("?status=formal_check")
    assert items["待审核的政策兑现申请"].count == 2
    assert items["待审核的科技成果"].count == 2
    assert [i.count for i in workbench.pending_for(cast.officer)[1][1] if i.title == "待处理的公示异议"] == [
        1,
        1,
    ]
    complaints = items["待交办的投诉"]
    assert complaints.count == 2 and complaints.due == timezone.localdate() + dt.timedelta(days=21)
    body = text(client_for(cast.officer).get("/"))
    assert "工作台" in body and reverse("policies:review_queue") in body and "期限：" in body
    # another region's officer sees none of it
    assert not {"待核验的新注册主体", "待审核的政策兑现申请"} & set(_items(cast.other_officer))


def test_officer_workbench_queries_do_not_grow_with_the_records(cast):
    _officer_work(cast, 1)
    with CaptureQueriesContext(connection) as few:
        workbench.pending_for(cast.officer)
    _officer_work(cast, 6)
    cast.officer.__dict__.pop("_officer_roles", None)
    with CaptureQueriesContext(connection) as many:
        workbench.pending_for(cast.officer)
    assert len(many) <= len(few) + 2  # one more call and objections' application, nothing per record
    assert len(many) <= 30


def test_enterprise_sees_returned_and_draft_work_with_deadlines(cast):
    call = af.CallFactory(title="2026年度长春市企业技术中心认定")
    app = af.ApplicationFactory(call=call, organization=cast.org, status=ApplicationStatus.RETURNED)
    af.ClaimFactory(organization=cast.org, status=ClaimStatus.RETURNED)
    af.ContactFactory(to_org=cast.org)
    items = _items(cast.org_admin)
    returned = items["退回修改的认定申请：2026年度长春市企业技术中心认定"]
    assert returned.url == reverse("recognition:application_detail", args=[app.pk])
    assert returned.due == timezone.localtime(call.closes_at).date() and not returned.overdue
    assert items["退回补充的政策兑现申请"].count == 1
    assert items["待回复的对接请求"].count == 1
    assert items["正在受理的认定通知"].count == 1
    # another organization's admin sees none of this organization's work
    assert "退回补充的政策兑现申请" not in _items(cast.other_org_admin)
    body = text(client_for(cast.org_admin).get("/"))
    assert reverse("policies:my_policies") in body and reverse("market:contact_list") in body


def test_expert_sees_each_assignment_linked_to_its_score_sheet(cast):
    expert = af.ExpertFactory(user__username="expert")
    assignment = af.ReviewAssignmentFactory(expert=expert, item__panel__status=PanelStatus.SCORING)
    items = [i for _s, group in workbench.pending_for(expert.user) for i in group]
    assert [i.url for i in items] == [reverse("review:assignment_detail", args=[assignment.pk])]
    assert items[0].hint == "阅读申报材料并打分"


def test_a_user_with_nothing_waiting_is_told_so(cast):
    assert workbench.pending_for(cast.norole) == []
    assert "目前没有等待您处理的事项。" in text(client_for(cast.norole).get("/"))
