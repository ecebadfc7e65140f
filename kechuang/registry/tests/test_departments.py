"""Departments and appointments in the browser: a platform admin sets up a department and names its
department admin, who appoints an officer; an ended term takes the officer's rights away; a department
with serving officers is not retired; every change audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import AuditRecord
from kechuang.registry.models import Department, OfficerAssignment
from kechuang.registry.selectors import user_is_officer
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def test_a_department_its_admin_and_an_officer(cast):
    admin = client_for(cast.admin)
    response = admin.post(
        reverse("registry:department_new"),
        {"name": "长春市知识产权局", "kind": "intellectual_property", "region": "220100"},
    )
    department = Department.objects.get(name="长春市知识产权局")
    assert response.status_code == 302
    head, clerk = f.UserFactory(username="zhang"), f.UserFactory(username="li")
    admin.post(
        reverse("registry:officer_new", args=[department.pk]), {"user": "zhang", "is_department_admin": "on"}
    )
    assert OfficerAssignment.objects.get(user=head).is_department_admin
    head_client = client_for(head)
    response = head_client.post(
        reverse("registry:officer_new", args=[department.pk]),
        {"user": "li", "region": "220102", "is_department_admin": "on"},
    )
    assert "部门管理员只能由平台管理员指定" in text(response)
    response = head_client.post(
        reverse("registry:officer_new", args=[department.pk]), {"user": "li", "region": "220202"}
    )
    assert "管辖地区必须在部门所在地区" in text(response)
    head_client.post(
        reverse("registry:officer_new", args=[department.pk]), {"user": "li", "region": "220102"}
    )
    term = OfficerAssignment.objects.get(user=clerk)
    assert term.region_id == "220102" and user_is_officer(clerk)
    page = text(head_client.get(reverse("registry:department_detail", args=[department.pk])))
    assert "在职" in page
    response = admin.post(reverse("registry:department_status", args=[department.pk]), {"active": "0"})
    department.refresh_from_db()
    assert department.is_active
    head_client.post(reverse("registry:officer_end", args=[term.pk]))
    term.refresh_from_db()
    assert term.ended_on is not None
    clerk = type(clerk).objects.get(pk=clerk.pk)
    assert not user_is_officer(clerk)
    assert {"department.create", "officer.appoint", "officer.end"} <= set(
        AuditRecord.objects.values_list("action", flat=True)
    )


def test_every_problem_of_a_department_at_once(cast):
    response = client_for(cast.admin).post(
        reverse("registry:department_new"), {"name": "", "kind": "science", "region": "999999"}
    )
    body = text(response)
    assert response.status_code == 400
    assert "行政区划代码“999999”不存在" in body
    assert not Department.objects.filter(region_id="999999").exists()


def test_an_officer_who_is_not_a_department_admin_cannot_appoint(cast):
    department = cast.officer.officer_assignments.get().department
    assert (
        client_for(cast.officer).get(reverse("registry:officer_new", args=[department.pk])).status_code == 404
    )
    assert client_for(cast.officer).get(reverse("registry:department_new")).status_code == 404
