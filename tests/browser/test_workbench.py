"""Each role finds its first pending item on the home page's workbench (工作台) within two clicks and
completes it in a real browser: the officer verifies an organization, the enterprise starts a policy
claim, the expert opens and scores its assignment, the university answers a contact request, the
recommending unit (a district bureau) recommends a submitted project application."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kechuang.policies import services as policy_services
from kechuang.policies.models import PolicyStatistics
from kechuang.programs import services as program_services
from kechuang.programs.choices import ApplicationStatus
from kechuang.programs.models import Application
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Organization, YearlyStatistics
from kechuang.review.choices import PanelStatus
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "Kechuang-2026"
SCREENS = Path("/work/notes/screens")


def _open_work(page, title: str) -> None:  # type: ignore[no-untyped-def]
    """Click 1: the workbench item whose text contains ``title``."""
    page.goto("/")
    item = page.locator(".workbench .work-item a", has_text=title).first
    assert item.is_visible(), page.locator(".workbench").inner_text()
    with page.expect_navigation():
        item.click()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SCREENS.is_dir():
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_officer_verifies_the_first_waiting_organization(page, login, transactional_db):  # type: ignore[no-untyped-def]
    f.OfficerFactory(user__username="wang", user__display_name="王立新")
    org = f.OrganizationFactory(name="长春新锐光学有限公司", verification_status=VerificationStatus.PENDING)
    login("wang", PASSWORD)
    _shot(page, "browser-officer-home")
    _open_work(page, "待核验的新注册主体")
    row = page.locator(f"#verify-{org.pk}")
    row.locator("button[value=approve]").click()  # click 2: approve in the row (htmx swaps it)
    page.wait_for_function(f"() => document.querySelector('#verify-{org.pk}').innerText.includes('已核验')")
    org.refresh_from_db()
    assert org.verification_status == VerificationStatus.VERIFIED


def test_enterprise_starts_a_claim_it_qualifies_for(page, login, transactional_db):  # type: ignore[no-untyped-def]
    admin = f.UserFactory(username="admin", is_platform_admin=True)
    policy_services.documents_load(actor=admin)
    policy_services.measures_sync(actor=admin)
    org = f.OrganizationFactory(
        name="长春启明光电科技有限公司", size="small", founded_on=dt.date(2019, 5, 10)
    )
    last_year = dt.date.today().year - 1
    YearlyStatistics.objects.create(
        organization=org, year=last_year, revenue=80_000_000, rd_expenditure=3_200_000
    )
    PolicyStatistics.objects.create(organization=org, year=last_year, rd_institutions_provincial=0)
    f.MembershipFactory(organization=org, user__username="liming", user__display_name="李明")
    login("liming", PASSWORD)
    _open_work(page, "现在可以申请的政策")
    button = page.locator("#eligible").get_by_role("button", name="一键申请").first
    with page.expect_navigation():
        button.click()  # click 2
    assert page.locator("#claim-status").inner_text() == "草稿"


def test_expert_opens_and_scores_its_assignment(page, login, transactional_db):  # type: ignore[no-untyped-def]
    expert = af.ExpertFactory(user__username="liu", user__display_name="刘建国", name="刘建国")
    assignment = af.ReviewAssignmentFactory(expert=expert, item__panel__status=PanelStatus.SCORING)
    login("liu", PASSWORD)
    _open_work(page, "评审任务")  # one click: the score sheet itself
    assert page.url.endswith(f"/review/assignments/{assignment.pk}/")
    page.locator("#score-form input[type=number]").first.fill("86")
    page.locator("#score-form textarea[name=comment]").fill("技术路线清晰，产业化前景良好。")
    with page.expect_navigation():
        page.click("#score-submit")
    assert "评分已提交。" in page.locator(".messages").inner_text()


def test_university_answers_a_contact_request(page, login, transactional_db):  # type: ignore[no-untyped-def]
    uni = f.OrganizationFactory(name="吉林大学", kind="university")
    f.MembershipFactory(organization=uni, user__username="sun", user__display_name="孙浩")
    contact = af.ContactFactory(achievement__owner=uni, from_org__name="长春启明光电科技有限公司")
    login("sun", PASSWORD)
    _open_work(page, "待回复的对接请求")
    with page.expect_navigation():
        page.locator("table a", has_text=contact.achievement.title).click()  # click 2: the request
    with page.expect_navigation():
        page.get_by_role("button", name="接受对接").click()
    assert "已接受对接" in page.locator(".messages").inner_text()
    assert Organization.objects.get(pk=uni.pk).pk == contact.to_org_id


def test_recommending_unit_recommends_a_submitted_application(page, login, transactional_db):  # type: ignore[no-untyped-def]
    officer = f.OfficerFactory(user__username="wang", user__display_name="王立新")
    call = af.ProgramCallFactory(program_type=af.ProgramTypeFactory(department=officer.department))
    applicant = f.OrganizationFactory(name="长春光华微电子有限公司")
    bureau = f.OrganizationFactory(name="长春市南关区科学技术局", kind="government")
    f.MembershipFactory(
        organization=bureau, user__username="tuijian", user__display_name="赵敏", role="member"
    )
    unit = program_services.recommender_add(
        call=call, actor=officer.user, uscc=bureau.uscc, covered_usccs=[applicant.uscc]
    )
    app = af.ProgramApplicationFactory(
        topic=af.TopicFactory(call=call),
        organization=applicant,
        title="车规级碳化硅衬底材料研发",
        status=ApplicationStatus.SUBMITTED,
        recommender=unit,
    )
    login("tuijian", PASSWORD)
    _open_work(page, "待本单位推荐的项目申报")
    with page.expect_navigation():
        page.get_by_role("link", name="车规级碳化硅衬底材料研发").click()  # click 2: the application
    page.locator("form:has(#recommend-recommended) input[name=note]").fill("同意推荐。")
    with page.expect_navigation():
        page.click("#recommend-recommended")
    assert page.locator("#app-status").inner_text() == "已推荐"
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.RECOMMENDED
