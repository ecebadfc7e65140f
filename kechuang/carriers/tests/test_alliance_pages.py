"""Officers found and keep alliances in the browser: every problem at once, a new lead, dissolution."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.carriers.models import Alliance
from kechuang.core.models import AuditRecord
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _found(client, cast) -> Alliance:
    """The officer founds 长春光电产业技术创新联盟 led by the cast's organization, through the page."""
    response = client.post(
        reverse("carriers:alliance_new"),
        {"name": "长春光电产业技术创新联盟", "lead": cast.org.uscc, "region": "220102", "tier": "municipal"},
    )
    assert response.status_code == 302
    return Alliance.objects.get(name="长春光电产业技术创新联盟")


def test_an_officer_founds_an_alliance_and_adds_members(cast):
    client = client_for(cast.officer)
    alliance = _found(client, cast)
    for org in (cast.other_org, f.OrganizationFactory(name="长春理工大学", kind="university")):
        client.post(
            reverse("carriers:alliance_member_add", args=[alliance.pk]), {"uscc": org.uscc, "role": "member"}
        )
    page = text(client.get(reverse("carriers:alliance_detail", args=[alliance.pk])))
    assert "长春理工大学" in page and cast.other_org.name in page and cast.org.name in page
    assert alliance.memberships.count() == 3


def test_every_problem_at_once_and_nothing_written(cast):
    client = client_for(cast.officer)
    body = text(
        client.post(
            reverse("carriers:alliance_new"),
            {
                "name": "某联盟",
                "lead": "不存在的公司",
                "region": "999999",
                "industry": "Z9",
                "tier": "municipal",
            },
        )
    )
    for part in ("不存在的公司", "999999", "Z9"):
        assert part in body
    assert not Alliance.objects.filter(name="某联盟").exists()


def test_a_new_lead_and_dissolution_are_recorded(cast):
    client = client_for(cast.officer)
    client.post(
        reverse("carriers:alliance_new"),
        {"name": "测试联盟", "lead": cast.org.uscc, "region": "220102", "tier": "municipal"},
    )
    alliance = Alliance.objects.get(name="测试联盟")
    data = {"name": "测试联盟", "lead": cast.other_org.uscc, "region": "220102", "tier": "provincial"}
    client.post(reverse("carriers:alliance_edit", args=[alliance.pk]), data)
    alliance.refresh_from_db()
    assert alliance.lead == cast.other_org and alliance.tier == "provincial"
    roles = dict(alliance.memberships.values_list("organization_id", "role"))
    assert roles == {cast.org.pk: "member", cast.other_org.pk: "lead"}
    client.post(reverse("carriers:alliance_status", args=[alliance.pk]), {"active": "0"})
    alliance.refresh_from_db()
    assert not alliance.is_active and alliance.memberships.count() == 2
    assert list(
        AuditRecord.objects.filter(target_id=str(alliance.pk), action__startswith="alliance.")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["alliance.create", "alliance.update", "alliance.dissolve"]


def test_a_yearly_evaluation_is_scored_and_shown_on_the_alliance_page(cast):
    from kechuang.carriers.models import AllianceEvaluation

    client = client_for(cast.officer)
    alliance = _found(client, cast)
    url = reverse("carriers:alliance_evaluate", args=[alliance.pk])
    body = text(client.post(url, {"year": "2099", "score_organisation": "25", "score_joint_research": "x"}))
    assert "评价年度应在" in body and "“组织运行与制度建设”的得分应在0至20分之间" in body
    assert "“联合攻关与项目实施”的得分应在0至30分之间" in body and "请填写“成果转化与产业化”的得分" in body
    assert not AllianceEvaluation.objects.exists()
    year = alliance.created_at.year
    response = client.post(
        url,
        {
            "year": str(year),
            "score_organisation": "18",
            "score_joint_research": "26.5",
            "score_results": "24",
            "score_standards": "17",
            "comment": "联合攻关成效明显",
        },
    )
    assert response.status_code == 302
    evaluation = AllianceEvaluation.objects.get()
    assert str(evaluation.total) == "85.5" and evaluation.grade == "excellent"
    page = text(client_for(cast.norole).get(reverse("carriers:alliance_detail", args=[alliance.pk])))
    assert "85.5" in page and "优秀" in page and "联合攻关成效明显" in page
    assert f"该联盟{year}年度已有评价" in text(
        client.post(
            url,
            {
                "year": str(year),
                "score_organisation": "1",
                "score_joint_research": "1",
                "score_results": "1",
                "score_standards": "1",
            },
        )
    )
    assert AuditRecord.objects.filter(action="alliance.evaluate").count() == 1


def test_a_joint_project_is_started_and_closed_with_its_results(cast):
    from kechuang.carriers.models import AllianceProject

    client = client_for(cast.officer)
    alliance = _found(client, cast)
    client.post(
        reverse("carriers:alliance_project_add", args=[alliance.pk]),
        {"title": "光电芯片联合攻关", "participants": cast.org.uscc},
    )
    project = AllianceProject.objects.get()
    assert project.status == "proposed"
    url = reverse("carriers:alliance_project_status", args=[project.pk])
    client.post(url, {"to": "ongoing", "version": project.version})
    project.refresh_from_db()
    assert project.status == "ongoing" and project.started_on is not None
    client.post(url, {"to": "completed", "version": project.version, "note": ""})
    project.refresh_from_db()
    assert project.status == "ongoing"
    client.post(url, {"to": "completed", "version": project.version, "note": "申请发明专利3件"})
    project.refresh_from_db()
    assert project.status == "completed" and project.results == "申请发明专利3件" and project.ended_on
    page = text(client_for(cast.norole).get(reverse("carriers:alliance_detail", args=[alliance.pk])))
    assert "已结题" in page and "申请发明专利3件" in page
    assert client_for(cast.other_officer).post(url, {"to": "terminated", "note": "x"}).status_code == 404
