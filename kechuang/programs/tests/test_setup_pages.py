"""Officers set up a program in the browser: a program type, a yearly call with topics, publish, close.
Rules guarded: only the department's officers; every error shown on the form at once and nothing written;
a topic may not push the call over its total budget; a call needs a topic to be published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import AuditRecord
from kechuang.programs.models import Call, ProgramType, Topic

pytestmark = pytest.mark.django_db


def _science(cast):  # type: ignore[no-untyped-def]
    return cast.officer.officer_assignments.get().department


CALL = {
    "year": "2027",
    "title": "2027年度长春市重点研发计划项目申报指南",
    "opens_at": "2027-03-01T09:00",
    "closes_at": "2027-04-30T17:00",
    "total_budget": "1,000",
    "leader_limit": "1",
    "eligibility_rule": 'kind == "enterprise"',
    "notice": "申报单位须在长春市注册。",
}


def test_officer_sets_up_and_publishes_a_call(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("programs:program_type_new"),
        {"department": _science(cast).pk, "code": "ZDYF", "name": "重点研发计划", "description": ""},
    )
    assert response.status_code == 302
    program_type = ProgramType.objects.get(code="ZDYF")
    response = client.post(reverse("programs:call_new", args=[program_type.pk]), CALL)
    call = Call.objects.get()
    assert response.url == reverse("programs:setup_call", args=[call.pk])
    assert call.status == "draft" and str(call.total_budget) == "1000.00"

    publish = client.post(reverse("programs:call_publish", args=[call.pk]), {"version": call.version})
    assert publish.status_code == 302
    call.refresh_from_db()
    assert call.status == "draft"  # no topic yet: refused with the reason

    topic = {"title": "新能源汽车电驱动", "funding_cap": "300", "project_count": "3", "duration_months": "36",
             "co_funding_ratio": "1", "description": ""}  # fmt: skip
    client.post(reverse("programs:setup_call", args=[call.pk]), topic)
    over = client.post(
        reverse("programs:setup_call", args=[call.pk]), {**topic, "title": "光电子", "project_count": "1"}
    )
    assert "各方向资助额合计将超过指南资助总额1000万元" in over.content.decode()
    assert list(Topic.objects.values_list("title", flat=True)) == ["新能源汽车电驱动"]

    client.post(reverse("programs:call_publish", args=[call.pk]), {"version": call.version})
    call.refresh_from_db()
    assert call.status == "published"
    client.logout()
    public = client.get(reverse("programs:call_detail", args=[call.pk])).content.decode()
    assert "新能源汽车电驱动" in public
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"program_type.create", "program_call.create", "program_topic.add"} <= actions


def test_every_call_form_error_at_once_and_nothing_written(client, cast):
    client.force_login(cast.officer)
    program_type = ProgramType.objects.create(department=_science(cast), code="RKX", name="软科学")
    page = client.post(
        reverse("programs:call_new", args=[program_type.pk]),
        {**CALL, "closes_at": "2027-02-01T09:00", "year": "1900", "title": ""},
    ).content.decode()
    assert "申报截止须晚于申报开始" in page
    assert "2000" in page  # the year's bound
    assert "该字段是必填项" in page  # the title: three errors on one submit
    rule = client.post(
        reverse("programs:call_new", args=[program_type.pk]), {**CALL, "eligibility_rule": "kind =="}
    )
    assert "申报条件规则有误" in rule.content.decode()
    assert not Call.objects.exists()


def test_other_departments_cannot_touch_the_setup(client, cast):
    program_type = ProgramType.objects.create(department=_science(cast), code="RKX", name="软科学")
    client.force_login(cast.other_officer)
    assert client.get(reverse("programs:call_new", args=[program_type.pk])).status_code == 404
    assert "软科学" not in client.get(reverse("programs:setup_index")).content.decode()
