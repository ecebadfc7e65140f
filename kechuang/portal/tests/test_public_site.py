"""The public site (门户): a visitor's home with announcements, open calls, publicity, policies, achievements
and demands; one search across them; announcements written, published and withdrawn by the officers who
speak for a department (kechuang/portal/services.py, permissions.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, StatusChange
from kechuang.market import search as market_search
from kechuang.market import services as market_services
from kechuang.portal import services
from kechuang.portal.choices import AnnouncementStatus
from kechuang.portal.models import Announcement
from kechuang.portal.views_public import GUIDES
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Region
from tests import app_factories as af
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_index(tmp_path, settings):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    market_search.reset_cache()
    yield
    market_search.reset_cache()


def _department(user):  # type: ignore[no-untyped-def]
    return user.officer_assignments.get().department


def _draft(cast, **data):  # type: ignore[no-untyped-def]
    values = {
        "title": "关于开展2027年度高新技术企业认定工作的通知",
        "body": "各有关单位：\n\n现将有关事项通知如下。",
    }
    values.update(data)
    return services.announcement_create(actor=cast.officer, department=_department(cast.officer), data=values)


# ------------------------------------------------------------------------------------------ services


def test_a_draft_is_the_departments_own_until_published(cast):
    draft = _draft(cast)
    assert draft.status == AnnouncementStatus.DRAFT and draft.published_at is None
    assert AuditRecord.objects.filter(action="announcement.create", target_id=str(draft.pk)).exists()
    assert draft.title not in text(client_for(None).get(reverse("portal:notice_list")))
    assert client_for(None).get(reverse("portal:notice_detail", args=[draft.pk])).status_code == 404

    services.announcement_transition(announcement=draft, actor=cast.officer, to=AnnouncementStatus.PUBLISHED)
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.PUBLISHED and draft.published_at is not None
    assert StatusChange.objects.filter(object_id=str(draft.pk), to_status="published").exists()
    page = text(client_for(None).get("/"))
    assert draft.title in page and "通知公告" in page


def test_withdrawn_is_hidden_again_and_can_be_republished_keeping_its_first_date(cast):
    notice = _draft(cast)
    services.announcement_transition(announcement=notice, actor=cast.officer, to=AnnouncementStatus.PUBLISHED)
    notice.refresh_from_db()
    first = notice.published_at
    services.announcement_transition(announcement=notice, actor=cast.officer, to=AnnouncementStatus.WITHDRAWN)
    assert client_for(None).get(reverse("portal:notice_detail", args=[notice.pk])).status_code == 404
    services.announcement_transition(announcement=notice, actor=cast.officer, to=AnnouncementStatus.PUBLISHED)
    notice.refresh_from_db()
    assert notice.published_at == first


def test_every_problem_is_named_at_once_and_nothing_is_written(cast):
    with pytest.raises(ApplicationError) as caught:
        _draft(cast, title="  ", body="", kind="gossip")
    assert set(caught.value.extra["fields"]) == {"title", "body", "kind"}
    assert "请填写标题" in caught.value.extra["fields"]["title"]
    assert not Announcement.objects.exists()


def test_unknown_fields_are_refused(cast):
    with pytest.raises(ApplicationError, match="不能填写"):
        _draft(cast, status="published")


def test_only_officers_appointed_for_the_departments_region_speak_for_it(cast):
    """A district appointee of the municipal bureau and an officer of another department may not publish
    in the bureau's name (the rule: appointment to the department covering its whole region)."""
    bureau = _department(cast.officer)
    district = f.OfficerFactory(department=bureau, region=Region.objects.get(code="220104")).user
    other = f.OfficerFactory(
        department=f.DepartmentFactory(
            region=bureau.region, kind=DepartmentKind.INDUSTRY_IT, name="长春市工业和信息化局"
        )
    ).user
    for actor in (district, other, cast.org_admin):
        with pytest.raises(ApplicationError, match="只能以本人任职的部门"):
            services.announcement_create(
                actor=actor, department=bureau, data={"title": "冒名通知", "body": "正文"}
            )
    draft = _draft(cast)
    for actor in (district, other, cast.org_admin):
        with pytest.raises(ApplicationError):
            services.announcement_transition(announcement=draft, actor=actor, to=AnnouncementStatus.PUBLISHED)
        with pytest.raises(ApplicationError):
            services.announcement_update(announcement=draft, actor=actor, data={"title": "改名"})
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.DRAFT and draft.title != "改名"


def test_a_stale_page_is_refused_without_writing(cast):
    notice = _draft(cast)
    services.announcement_update(
        announcement=notice, actor=cast.officer, data={"title": "新标题"}, expected_version=1
    )
    with pytest.raises(ApplicationError, match="已被他人修改"):
        services.announcement_update(
            announcement=notice, actor=cast.officer, data={"title": "另一个标题"}, expected_version=1
        )
    notice.refresh_from_db()
    assert notice.title == "新标题" and notice.version == 2
    record = AuditRecord.objects.get(action="announcement.update", target_id=str(notice.pk))
    assert record.before == {"title": "关于开展2027年度高新技术企业认定工作的通知"} and record.after == {
        "title": "新标题"
    }


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (s, t)
        for s in AnnouncementStatus.values
        for t in AnnouncementStatus.values
        if (s, t) not in {("draft", "published"), ("published", "withdrawn"), ("withdrawn", "published")}
    ],
)
def test_every_other_move_is_refused(cast, source, target):
    """The table, written here from the rule: draft → published ⇄ withdrawn; nothing else."""
    notice = _draft(cast)
    Announcement.objects.filter(pk=notice.pk).update(status=source)
    notice.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.announcement_transition(announcement=notice, actor=cast.officer, to=target)
    notice.refresh_from_db()
    assert notice.status == source


# ------------------------------------------------------------------------------------------- pages


def test_visitor_home_shows_open_calls_policies_and_guides(cast):
    call = af.CallFactory(title="2026年度长春市企业技术中心认定")
    document = af.PolicyDocumentFactory(title="长春市支持科技型企业发展若干措施")
    body = text(client_for(None).get("/"))
    assert call.title in body and document.title in body
    assert reverse("portal:search") in body and reverse("accounts:login") in body
    for slug, _title in GUIDES:
        assert reverse("portal:guide_detail", args=[slug]) in body


def test_signed_in_users_keep_their_workbench_at_home(cast):
    body = text(client_for(cast.officer).get("/"))
    assert "工作台" in body and "portal-hero" not in body
    assert "portal-hero" in text(client_for(cast.officer).get(reverse("portal:public_home")))


@pytest.mark.parametrize("slug", [s for s, _ in GUIDES])
def test_every_guide_says_who_what_how_and_result(db, slug):
    body = text(client_for(None).get(reverse("portal:guide_detail", args=[slug])))
    for heading in ("谁可以办", "需要准备", "办理步骤", "办理结果"):
        assert heading in body


def test_an_unknown_guide_is_404(db):
    assert client_for(None).get("/guides/nothing/").status_code == 404


def test_search_finds_each_kind_with_links(cast):
    af.MeasureFactory(title="锂电池材料企业研发费用补助")
    af.PolicyDocumentFactory(title="关于支持锂电池产业发展的若干政策")
    af.CallFactory(title="2026年度锂电池产业技术创新中心认定")
    notice = _draft(cast, title="锂电池产业对接会通知")
    services.announcement_transition(announcement=notice, actor=cast.officer, to=AnnouncementStatus.PUBLISHED)
    owner = f.OrganizationFactory(name="吉林大学", kind="university")
    admin = f.MembershipFactory(organization=owner).user
    achievement = market_services.achievement_create(
        actor=admin,
        owner=owner,
        data={
            "title": "锂电池隔膜涂覆技术",
            "summary": "陶瓷涂覆锂电池隔膜，提高耐热性和安全性。",
            "keywords": ["锂电池", "隔膜"],
            "maturity": "pilot",
            "trl": 6,
            "transfer_modes": ["许可"],
        },
    )
    market_services.achievement_submit(achievement=achievement, actor=admin)
    market_services.achievement_review(achievement=achievement, actor=cast.officer, approve=True)

    response = client_for(None).get(reverse("portal:search"), {"q": "锂电池"})
    kinds = [g.kind for g in response.context["groups"]]
    assert kinds == ["achievements", "measures", "documents", "recognition_calls", "announcements"]
    body = text(response)
    assert reverse("market:achievement_detail", args=[achievement.pk]) in body
    assert reverse("portal:notice_detail", args=[notice.pk]) in body


def test_search_without_results_says_what_to_try(db):
    body = text(client_for(None).get(reverse("portal:search"), {"q": "量子引力波望远镜"}))
    assert "没有找到" in body and "换一个说法" in body


def test_draft_calls_and_draft_announcements_are_not_found_by_visitors(cast):
    af.CallFactory(title="锂电池内部草稿通知", status="draft")
    _draft(cast, title="锂电池内部草稿公告")
    response = client_for(None).get(reverse("portal:search"), {"q": "锂电池内部草稿"})
    assert response.context["groups"] == [] and "没有找到" in text(response)


def test_officer_writes_and_publishes_from_the_pages_with_errors_beside_fields(cast):
    client = client_for(cast.officer)
    bureau = _department(cast.officer)
    response = client.post(
        reverse("portal:notice_new"), {"department": bureau.pk, "kind": "notice", "title": " ", "body": " "}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors and "body" in form.errors
    response = client.post(
        reverse("portal:notice_new"),
        {"department": bureau.pk, "kind": "notice", "title": "科技活动周安排", "body": "具体安排如下。"},
    )
    notice = Announcement.objects.get(title="科技活动周安排")
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:notice_detail", args=[notice.pk]
    )
    detail = text(client.get(response["Location"]))
    assert "发布" in detail and "访问者看不到" in detail
    response = client.post(
        reverse("portal:notice_transition", args=[notice.pk]),
        {"to": "published", "version": notice.version},
        follow=True,
    )
    assert "已发布" in text(response)
    notice.refresh_from_db()
    assert notice.status == AnnouncementStatus.PUBLISHED


def test_a_query_in_latin_letters_that_finds_nothing_suggests_chinese_keywords(db):
    response = client_for(None).get(reverse("portal:search"), {"q": "lithium battery separator"})
    body = text(response)
    assert response.context["groups"] == []
    assert "都是用中文写的" in body and "请改用中文关键词" in body and "换一个说法" not in body
    assert 'href="?q=%E9%94%82%E7%A6%BB%E5%AD%90%E7%94%B5%E6%B1%A0"' in body  # 锂离子电池
    # a Latin query that finds something (a measure's title) is told that Chinese keywords find more
    af.MeasureFactory(title="PLC控制系统改造补助")
    response = client_for(None).get(reverse("portal:search"), {"q": "PLC"})
    body = text(response)
    assert response.context["groups"] and "结果可能不全" in body and "请改用中文关键词" not in body
    # a Chinese query: neither
    body = text(client_for(None).get(reverse("portal:search"), {"q": "量子引力波望远镜"}))
    assert "英文检索词" not in body
