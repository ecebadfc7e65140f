"""Complaints: deadline, the workflow's moves and refusals with their exact messages, the overdue flag."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kechuang.core.errors import ApplicationError
from kechuang.quality import selectors
from kechuang.quality.services.complaints import complaint_lodge, complaint_transition
from kechuang.registry.models import Region
from tests import app_factories as af
from tests import factories as f


@pytest.fixture
def science(cast):
    return cast.officer.officer_assignments.get().department


@pytest.fixture
def complaint(cast):
    return complaint_lodge(
        actor=cast.org_admin,
        subject="假冒商标",
        body="市场上发现假冒本公司商标的产品。",
        region=Region.objects.get(code="220102"),
        about=cast.other_org,
        lodging_organization=cast.org,
    )


def test_lodging_sets_the_deadline(complaint):
    assert complaint.status == "lodged"
    assert complaint.deadline == complaint.lodged_on + dt.timedelta(days=21)
    assert complaint.region_path == Region.objects.get(code="220102").path


def test_the_whole_way(cast, complaint, science):
    complaint_transition(complaint=complaint, to="assigned", actor=cast.officer, department=science)
    assert complaint.department == science
    complaint_transition(complaint=complaint, to="answered", actor=cast.officer, answer="已责令停止销售。")
    complaint_transition(complaint=complaint, to="closed", actor=cast.org_admin)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answer, complaint.version) == ("closed", "已责令停止销售。", 4)


def test_refusals(cast, complaint, science):
    with pytest.raises(ApplicationError) as exc:
        complaint_transition(complaint=complaint, to="answered", actor=cast.officer, answer="x")
    assert exc.value.message == "不能从“已登记”变更为“已答复”。"
    with pytest.raises(ApplicationError) as exc:
        complaint_transition(complaint=complaint, to="assigned", actor=cast.officer)
    assert exc.value.message == "请选择承办部门。"
    jilin = f.DepartmentFactory(region=Region.objects.get(code="220200"))
    with pytest.raises(ApplicationError) as exc:
        complaint_transition(complaint=complaint, to="assigned", actor=cast.officer, department=jilin)
    assert exc.value.message == "承办部门须为投诉所在地区的部门。"
    complaint_transition(complaint=complaint, to="assigned", actor=cast.officer, department=science)
    with pytest.raises(ApplicationError) as exc:
        complaint_transition(complaint=complaint, to="answered", actor=cast.officer, answer="  ")
    assert exc.value.message == "请填写答复意见。"
    with pytest.raises(ApplicationError) as exc:
        complaint_transition(complaint=complaint, to="closed", actor=cast.org_admin)
    assert exc.value.message == "不能从“已交办”变更为“已办结”。"


def test_a_stale_page_is_refused(cast, complaint, science):
    with pytest.raises(ApplicationError) as exc:
        complaint_transition(
            complaint=complaint, to="assigned", actor=cast.officer, department=science, expected_version=7
        )
    assert exc.value.message == "该记录已被他人修改，请刷新页面后重试。"


def test_only_the_lodger_closes(client, cast, science):
    answered = af.ComplaintFactory(
        lodged_by=cast.org_admin, status="answered", department=science, answer="已处理。"
    )
    client.force_login(cast.officer)
    response = client.post(
        reverse("quality:complaint_close", kwargs={"pk": answered.pk}), {"version": 1}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["只有投诉人可以办结投诉。"]
    api = APIClient()
    api.force_authenticate(cast.officer)
    response = api.post(
        reverse("quality-complaint-transition", kwargs={"pk": answered.pk}),
        {"to": "closed", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"message": "只有投诉人可以办结投诉。", "extra": {"code": "not_allowed"}}


def test_overdue_is_past_the_deadline_and_not_closed(cast, science):
    past = timezone.localdate() - dt.timedelta(days=30)
    late = af.ComplaintFactory(lodged_by=cast.org_admin, lodged_on=past)
    af.ComplaintFactory(lodged_by=cast.org_admin, lodged_on=past, status="closed", department=science)
    af.ComplaintFactory(lodged_by=cast.org_admin)
    assert [c.pk for c in selectors.complaint_list(user=cast.org_admin, overdue=True)] == [late.pk]
    assert selectors.complaint_get(user=cast.org_admin, pk=late.pk).is_overdue is True


def test_detail_offers_the_lodger_only_closing(client, cast, science):
    answered = af.ComplaintFactory(lodged_by=cast.org_admin, status="answered", department=science)
    client.force_login(cast.org_admin)
    body = client.get(reverse("quality:complaint_detail", kwargs={"pk": answered.pk})).content.decode()
    assert "确认办结" in body and "提交答复" not in body and "已答复" in body
    assert "answered" not in body  # no raw status codes on the page
