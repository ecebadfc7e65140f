"""The programs pages and API: the guide, a draft made and submitted in the browser, the problems listed,
the officers' queue with counts, no raw status code shown."""

from __future__ import annotations

import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from kechuang.programs.choices import ApplicationStatus
from kechuang.programs.models import Application, Call
from kechuang.programs.tests.conftest import fill
from kechuang.registry.models import Department, Region
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_public_guide_lists_topics_and_hides_drafts(client, cast):
    topic = af.TopicFactory(title="新能源汽车电驱动")
    draft = af.ProgramCallFactory(status="draft", title="未发布的指南")
    page = client.get(reverse("programs:index")).content.decode()
    assert topic.call.title in page and "未发布的指南" not in page and "已发布" in page
    detail = client.get(reverse("programs:call_detail", args=[topic.call.pk])).content.decode()
    assert "新能源汽车电驱动" in detail and "填写申报书" not in detail
    assert client.get(reverse("programs:call_detail", args=[draft.pk])).status_code == 404


def test_applicant_drafts_fixes_and_submits_in_the_browser(client, cast):
    topic = af.TopicFactory()
    client.force_login(cast.org_admin)
    assert "填写申报书" in client.get(reverse("programs:call_detail", args=[topic.call.pk])).content.decode()
    response = client.post(
        reverse("programs:apply", args=[topic.pk]),
        {
            "organization": cast.org.pk,
            "title": "电驱动总成研发",
            "leader_name": "李四",
            "leader_identifier": "X1",
        },
    )
    application = Application.objects.get(title="电驱动总成研发")
    assert response.url == reverse("programs:application_detail", args=[application.pk])
    page = client.get(response.url).content.decode()
    assert "请填写预算表。" in page and "请至少填写一项考核指标。" in page
    client.post(
        reverse("programs:application_submit", args=[application.pk]), {"version": application.version}
    )
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    data = {"version": application.version, "title": "电驱动总成研发", "summary": "", "leader_name": "李四",
            "leader_identifier": "X1", "requested_funds": "80", "self_funds": "80", "special_equipment": "60",
            "self_equipment": "80", "special_labour": "20", "indicators": "申请发明专利|3|项\n新产品|2|个"}  # fmt: skip
    client.post(reverse("programs:application_edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert [(b.category, b.special_funds, b.self_funds) for b in application.budget_lines.all()] == [
        ("equipment", 60, 80),
        ("labour", 20, 0),
    ]
    assert application.indicators.count() == 2
    response = client.post(
        reverse("programs:application_submit", args=[application.pk]), {"version": application.version}
    )
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    page = client.get(response.url).content.decode()
    assert "申报书已提交。" in page and "已提交，待推荐" in page and ">submitted<" not in page


def test_submit_page_lists_every_problem(client, cast, world):
    client.force_login(cast.org_admin)
    response = client.post(
        reverse("programs:application_submit", args=[world.draft.pk]),
        {"version": world.draft.version},
        follow=True,
    )
    page = response.content.decode()
    assert "申报书还有3处问题，请修改后再提交。" in page
    assert "请填写申请专项经费。" in page and "请填写预算表。" in page


def test_officer_queue_counts_and_moves(client, cast, world):
    draft = fill(world.draft, cast.org_admin)
    af.ProgramApplicationFactory(topic=world.topic, status=ApplicationStatus.IN_REVIEW)
    from kechuang.programs import services

    services.application_submit(application=draft, actor=cast.org_admin)
    client.force_login(cast.officer)
    page = client.get(reverse("programs:officer_queue")).content.decode()
    assert "已提交，待推荐（1）" in page and "专家评审中（1）" in page and "草稿" not in page
    assert draft.title in page
    detail = client.get(reverse("programs:application_detail", args=[draft.pk])).content.decode()
    assert "推荐" in detail and 'value="recommended"' in detail
    client.post(reverse("programs:application_transition", args=[draft.pk]),
                {"to": "recommended", "note": "", "version": draft.version + 1})  # fmt: skip
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.RECOMMENDED


def test_api_create_submit_and_walk(cast):
    from rest_framework.test import APIClient

    topic = af.TopicFactory()
    api = APIClient()
    api.force_authenticate(cast.org_admin)
    body = {"topic": topic.pk, "organization": cast.org.pk, "title": "接口申报", "leader_name": "王五",
            "leader_identifier": "X2", "requested_funds": "90", "self_funds": "90",
            "budget": [{"category": "equipment", "special_funds": "90", "self_funds": "90"}],
            "indicators": [{"text": "新产品", "quantity": "2", "unit": "个"}],
            "partners": [{"organization": cast.other_org.pk, "role": "co_applicant", "budget_share": "10"}]}  # fmt: skip
    created = api.post("/api/v1/programs/applications/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["partners"] == [
        {"organization": cast.other_org.pk, "role": "co_applicant", "budget_share": "10.00"}
    ]
    bad = api.post(
        "/api/v1/programs/applications/", {**body, "partners": [{"organization": "x"}]}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["message"] == "合作单位不存在。"
    assert Application.objects.count() == 1
    submitted = api.post(f"/api/v1/programs/applications/{pk}/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status_label"] == "已提交，待推荐"
    api.force_authenticate(cast.officer)
    for to in ("recommended", "formal_check", "in_review"):
        moved = api.post(f"/api/v1/programs/applications/{pk}/transition/", {"to": to}, format="json")
        assert moved.status_code == 200, moved.json()
    refused = api.post(f"/api/v1/programs/applications/{pk}/transition/", {"to": "approved"}, format="json")
    assert (
        refused.status_code == 400
        and refused.json()["message"] == "请在“评审排序与立项”页面确定资助金额后立项。"
    )
    refused = api.post(f"/api/v1/programs/applications/{pk}/transition/", {"to": "issued"}, format="json")
    assert refused.status_code == 400 and refused.json()["message"] == "不能从“专家评审中”变更为“已下达”。"
    api.force_authenticate(cast.other_org_admin)
    assert api.get(f"/api/v1/programs/applications/{pk}/").status_code == 404


def test_demo_loads_a_published_call_with_applications(cast):
    from kechuang.accounts.models import User
    from kechuang.programs import demo
    from kechuang.programs.selectors_deciding import recommend_queue

    province = f.DepartmentFactory(region=Region.objects.get(code="220000"), name="吉林省科学技术厅")
    f.OfficerFactory(user__username="province", department=province)
    chaoyang = Region.objects.get(code="220104")
    bureau = f.DepartmentFactory(
        region=chaoyang, kind="science", name="朝阳区科学技术局",
        organization=f.OrganizationFactory(name="朝阳区科学技术局", kind="government", region=chaoyang),
    )  # fmt: skip
    for n in range(4):
        f.MembershipFactory(organization=f.OrganizationFactory(name=f"吉林演示企业{n}", region=chaoyang))
    out = io.StringIO()
    demo.load(stdout=out, rng=random.Random(1))
    call = Call.objects.get(year=2026, is_archive=False)
    assert call.status == "published" and call.topics.count() == 2
    mine = Application.objects.filter(topic__call=call)
    assert mine.count() == 4
    assert set(mine.values_list("status", flat=True)) == {"draft", "submitted", "recommended"}
    # 朝阳区科学技术局 recommends its county's applications: one recommended by its staff, the others
    # waiting in the queue of the demo's ``county`` user
    assert [(u.organization, u.region) for u in call.recommenders.all()] == [(bureau.organization, chaoyang)]
    county = User.objects.get(username="county")
    assert county.officer_assignments.get().department == bureau
    assert mine.get(status="recommended").recommender.organization == bureau.organization
    waiting = mine.filter(status="submitted", organization__region=chaoyang)
    assert waiting.exists() and {a.pk for a in recommend_queue(user=county)} == {a.pk for a in waiting}
    assert Department.objects.filter(program_types__name="吉林省重点研发计划").get() == province
    demo.load(stdout=out, rng=random.Random(1))
    assert "already present" in out.getvalue()


def test_demo_load_command_with_the_registry_demo():
    from kechuang.programs.models import ProgramType

    out = io.StringIO()
    call_command("demo_load", "--organizations", "40", "--seed", "5", "--apps", "review,programs", stdout=out)
    assert "programs: 1 program type, 1 call, 2 topics" in out.getvalue()
    assert ProgramType.objects.get(code="jl-key-rd").department.region_id == "220000"
    # county science bureaus recommend the 2026 call's applications of their counties; the demo's
    # ``county`` user (staff of the first one) has applications waiting in the recommending queue
    from kechuang.accounts.models import User

    call_2026 = Call.objects.get(year=2026, is_archive=False)
    units = list(call_2026.recommenders.select_related("organization", "region").order_by("id"))
    assert units and all(
        u.organization.name.endswith("科学技术局") and u.region.level == "county" for u in units
    )
    county = User.objects.get(username="county")
    assert county.officer_assignments.get().department.organization == units[0].organization
    assert county.memberships.get().organization == units[0].organization  # the queue: test above
    assert "county     Kechuang-County-2026" in out.getvalue()
    # the deciding half: a 2025 call in expert review, another on 立项公示 within its budget
    assert "（第一批）: in review" in out.getvalue() and "（第二批）: on publicity" in out.getvalue()
    first, second = Call.objects.filter(year=2025, is_archive=False).order_by("id")
    assert set(first.topics.values_list("applications__status", flat=True)) == {"in_review"}
    assert first.recommenders.count() == 1
    # the unit is a county science bureau, never one of the applicants recommending itself
    unit = first.recommenders.get().organization
    assert unit.name.endswith("科学技术局")
    assert not Application.objects.filter(topic__call=first, organization=unit).exists()
    on_publicity = Application.objects.filter(topic__call=second, status="publicity")
    assert on_publicity.count() == 2
    assert sum(a.funded_amount for a in on_publicity) <= second.total_budget


def _science(cast):  # type: ignore[no-untyped-def]
    return cast.officer.officer_assignments.get().department


def test_duplicate_check_flags_near_copies_to_officers_only(client, cast):
    topic = af.TopicFactory(
        call=af.ProgramCallFactory(program_type=af.ProgramTypeFactory(department=_science(cast)))
    )
    text = "基于碳化硅器件的新能源汽车高功率密度电驱动总成关键技术研发与产业化应用示范"
    mine = af.ProgramApplicationFactory(
        topic=topic, organization=cast.org, status="submitted", title="电驱动总成研发", summary=text
    )
    copy = af.ProgramApplicationFactory(
        topic=topic,
        organization=cast.other_org,
        status="submitted",
        title="电驱动总成研发项目",
        summary=text + "。",
    )
    af.ProgramApplicationFactory(
        topic=topic,
        status="submitted",
        title="玉米秸秆可降解材料",
        summary="玉米秸秆基生物可降解材料的绿色制备工艺",
    )
    af.ProgramApplicationFactory(
        topic=topic, organization=cast.other_org, status="draft", title="草稿", summary=text
    )
    from kechuang.programs import selectors

    client.force_login(cast.officer)
    client.post(reverse("programs:call_duplicates_run", args=[topic.call.pk]))
    flags = selectors.application_duplicates(user=cast.officer, application=mine)
    assert [(f.application_id, f.other_id, f.similarity >= Decimal("0.9")) for f in flags] == [
        (copy.pk, mine.pk, True)
    ]
    assert selectors.application_duplicates(user=cast.org_admin, application=mine) == []
    page = client.get(reverse("programs:application_detail", args=[mine.pk])).content.decode()
    assert "电驱动总成研发项目" in page and "基于碳化硅器件的新能源汽车高功率密度电驱动总成" in page
    report = client.get(reverse("programs:call_duplicates", args=[topic.call.pk])).content.decode()
    assert "电驱动总成研发项目" in report and "玉米秸秆" not in report
    client.force_login(cast.org_admin)
    page = client.get(reverse("programs:application_detail", args=[mine.pk])).content.decode()
    assert "电驱动总成研发项目" not in page and "查重" not in page
