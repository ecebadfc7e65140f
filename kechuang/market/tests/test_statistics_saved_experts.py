"""Contract statistics rolled up along the region tree; saved searches (page, deletion, notification on
publication); the expert's own market profile."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, Notification
from kechuang.market import selectors, services
from kechuang.market.models import ExpertProfile, SavedSearch
from kechuang.registry.models import Expert, Industry, Region
from tests import factories as f
from tests.pages import client_for, text

from .conftest import achievement_data, demand_data


@pytest.fixture
def contracts(cast, university):
    """Contracts sold by organizations of 南关区 (220102), 朝阳区 (220104) and 吉林市 (220200)."""
    chaoyang = f.OrganizationFactory(name="朝阳科技公司", region=Region.objects.get(code="220104"))
    jilin = f.OrganizationFactory(name="吉林市化工研究院", region=Region.objects.get(code="220202"))
    jilin_officer = cast.other_officer
    c33 = Industry.objects.filter(code_with_section__startswith="C33").values_list("code", flat=True).first()
    i65 = Industry.objects.filter(code_with_section__startswith="I65").values_list("code", flat=True).first()

    def reg(actor, seller, ctype, amount, tech, field=None):
        return services.contract_register(
            actor=actor,
            data={
                "seller": seller,
                "buyer": cast.org if seller != cast.org else cast.other_org,
                "contract_type": ctype,
                "title": f"{seller.name}{ctype}{amount}",
                "amount": amount,
                "tech_amount": tech,
                "signed_on": "2026-03-01",
                "field": field,
            },
        )

    reg(cast.officer, university, "transfer", "1000000", "800000", c33)
    reg(cast.officer, university, "service", "200000", "200000", i65)
    reg(cast.officer, chaoyang, "development", "500000", "400000", c33)
    reg(jilin_officer, jilin, "consulting", "90000", "90000")
    return {"chaoyang": chaoyang, "jilin": jilin}


def test_statistics_roll_up_the_officers_subtree(cast, contracts):
    stats = selectors.contract_statistics_rollup(user=cast.officer)
    assert stats["region"].code == "220100"
    by_region = {r.key: (r.count, r.tech_amount) for r in stats["by_region"]}
    assert by_region == {"220102": (2, Decimal("1000000")), "220104": (1, Decimal("400000"))}
    assert stats["total"].count == 3 and stats["total"].tech_amount == Decimal("1400000")
    by_field = {r.key: r.count for r in stats["by_field"]}
    assert by_field == {"C": 2, "I": 1}
    assert {r.key: r.count for r in stats["by_type"]} == {"transfer": 1, "service": 1, "development": 1}
    # 吉林市's contract is not in 长春's figures, and 长春's officer cannot open 吉林市
    with pytest.raises(Http404):
        selectors.contract_statistics_rollup(user=cast.officer, region_code="220200")
    other = selectors.contract_statistics_rollup(user=cast.other_officer)
    assert other["total"].count == 1 and other["total"].tech_amount == Decimal("90000")
    # a platform admin starts at the province and sees both cities rolled up
    admin = selectors.contract_statistics_rollup(user=cast.admin)
    assert admin["region"].code == "220000"
    assert {r.key: r.count for r in admin["by_region"]} == {"220100": 3, "220200": 1}
    # drilling into a district, filtered by type
    district = selectors.contract_statistics_rollup(
        user=cast.officer, region_code="220102", filters={"contract_type": "transfer"}
    )
    assert district["total"].count == 1 and district["up"].code == "220100"
    # the buyer (an organization) is a party, but statistics are for officers' regions only
    assert selectors.contract_statistics_rollup(user=cast.org_admin)["total"].count == 0


def test_statistics_in_the_officers_menu_only(cast):
    from kechuang.market.nav import items

    assert ("技术合同统计", "/market/contracts/statistics/") in items(cast.officer)
    assert all(url != "/market/contracts/statistics/" for _label, url in items(cast.org_admin))


def test_statistics_page_and_export(cast, contracts):
    assert client_for(None).get("/market/contracts/statistics/").status_code == 302
    assert client_for(cast.norole).get("/market/contracts/statistics/").status_code == 404
    assert client_for(cast.org_admin).get("/market/contracts/statistics/").status_code == 404
    assert (
        client_for(cast.officer).get("/market/contracts/statistics/", {"region": "220200"}).status_code == 404
    )
    body = text(client_for(cast.officer).get("/market/contracts/statistics/"))
    assert "南关区" in body and "朝阳区" in body and "140.00万元" in body
    assert "吉林市化工研究院" not in body and "9.00万元" not in body
    r = client_for(cast.officer).get("/market/contracts/statistics/", {"format": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert wb.sheetnames == ["按地区", "按领域", "按类型"]
    rows = list(wb["按地区"].values)
    assert rows[0] == ("名称", "份数", "合同金额(万元)", "技术交易额(万元)")
    assert rows[-1] == ("合计", 3, 170, 140)


# ---------------------------------------------------------------------------------------------------------
# saved searches


def test_save_search_from_the_list_and_delete(cast, published):
    c = client_for(cast.org_admin)
    body = text(c.get("/market/achievements/", {"q": "镁合金", "trl_min": "5"}))
    assert "保存此检索" in body
    assert "保存此检索" not in text(client_for(None).get("/market/achievements/", {"q": "镁合金"}))
    r = c.post(
        "/market/saved-searches/",
        {"name": "镁合金", "kind": "achievement", "q": "镁合金", "trl_min": "5"},
        follow=True,
    )
    assert "检索已保存，有新的匹配项目发布时会通知您。" in text(r)
    saved = SavedSearch.objects.get()
    assert saved.user == cast.org_admin and saved.filters == {"trl_min": 5} and saved.query == "镁合金"
    # bad input: exact message, nothing written
    r = c.post("/market/saved-searches/", {"name": "x", "kind": "achievement", "q": ""}, follow=True)
    assert "请填写检索词。" in text(r)
    r = c.post("/market/saved-searches/", {"name": "x", "kind": "patent", "q": "x"}, follow=True)
    assert "检索对象无效。" in text(r)
    assert SavedSearch.objects.count() == 1
    # only the owner sees and deletes it
    assert "镁合金" not in text(client_for(cast.other_org_admin).get("/market/saved-searches/"))
    assert (
        client_for(cast.other_org_admin).post(f"/market/saved-searches/{saved.pk}/delete/").status_code == 404
    )
    assert client_for(None).get("/market/saved-searches/").status_code == 302
    r = c.post(f"/market/saved-searches/{saved.pk}/delete/", follow=True)
    assert "已删除保存的检索。" in text(r)
    assert not SavedSearch.objects.exists()
    assert AuditRecord.objects.filter(action="market.saved_search_delete").count() == 1


def test_delete_service_refuses_others(cast):
    saved = services.saved_search_create(actor=cast.org_admin, name="x", kind="demand", query="压铸")
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.saved_search_delete(saved=saved, actor=cast.other_org_admin)
    assert SavedSearch.objects.count() == 1


def test_publishing_a_demand_notifies_matching_saved_searches_only(cast, django_capture_on_commit_callbacks):
    services.saved_search_create(actor=cast.org_admin, name="压铸", kind="demand", query="镁合金压铸")
    services.saved_search_create(actor=cast.org_member, name="水稻", kind="demand", query="水稻育种")
    services.saved_search_create(actor=cast.admin, name="压铸成果", kind="achievement", query="镁合金压铸")
    with django_capture_on_commit_callbacks(execute=True):
        d = services.demand_create(
            actor=cast.other_org_admin, owner=cast.other_org, data=demand_data(), publish=False
        )
    assert not Notification.objects.filter(kind="market.saved_search").exists()  # a draft: not yet
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_publish(demand=d, actor=cast.other_org_admin)
    notes = Notification.objects.filter(kind="market.saved_search")
    assert [n.recipient for n in notes] == [cast.org_admin]
    assert notes[0].title == "“压铸”有新的匹配：汽车轮毂轻量化材料"
    assert notes[0].link == f"/market/demands/{d.pk}/"
    assert SavedSearch.objects.get(user=cast.org_admin).last_notified_at is not None


def test_achievement_notification_respects_filters(
    cast, university, uni_admin, django_capture_on_commit_callbacks
):
    services.saved_search_create(
        actor=cast.org_admin, name="高TRL", kind="achievement", query="镁合金压铸", filters={"trl_min": 8}
    )
    services.saved_search_create(
        actor=cast.other_org_admin,
        name="中试",
        kind="achievement",
        query="镁合金压铸",
        filters={"trl_min": 5},
    )
    with django_capture_on_commit_callbacks(execute=True):
        a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data(trl=6))
        services.achievement_submit(achievement=a, actor=uni_admin)
    assert not Notification.objects.filter(kind="market.saved_search").exists()  # submitted, not public
    with django_capture_on_commit_callbacks(execute=True):
        services.achievement_review(achievement=a, actor=cast.officer, approve=True)
    recipients = list(
        Notification.objects.filter(kind="market.saved_search").values_list("recipient__username", flat=True)
    )
    assert recipients == ["other_org_admin"]


# ---------------------------------------------------------------------------------------------------------
# expert profile


@pytest.fixture
def expert_user(db):
    user = f.UserFactory(username="prof_wang")
    Expert.objects.create(name="王教授", title="教授", user=user, fields=["C33"])
    return user


def test_expert_edits_own_profile(cast, expert_user):
    c = client_for(expert_user)
    assert "我的专家档案" in text(c.get("/market/"))
    assert c.get("/market/experts/me/").status_code == 200
    r = c.post("/market/experts/me/", {"keywords": "镁合金，压铸, 轻量化", "bio": "从事镁合金成形研究。"})
    assert r.status_code == 302
    profile = ExpertProfile.objects.get(expert__user=expert_user)
    assert profile.keywords == ["镁合金", "压铸", "轻量化"] and profile.bio == "从事镁合金成形研究。"
    assert "镁合金，压铸，轻量化" in text(c.get("/market/experts/me/"))
    r = c.post("/market/experts/me/", {"keywords": "x", "bio": "长" * 20001})
    assert r.status_code == 200 and "简介不能超过20000个字。" in text(r)
    profile.refresh_from_db()
    assert profile.keywords == ["镁合金", "压铸", "轻量化"]
    assert AuditRecord.objects.filter(action="market.expert_profile_set").count() == 1


def test_others_have_no_expert_profile_page(cast, expert_user):
    assert client_for(None).get("/market/experts/me/").status_code == 302
    for user in (cast.norole, cast.org_admin, cast.officer):
        assert client_for(user).get("/market/experts/me/").status_code == 404
        assert client_for(user).post("/market/experts/me/", {"keywords": "x"}).status_code == 404
    assert "我的专家档案" not in text(client_for(cast.org_admin).get("/market/"))
    assert not ExpertProfile.objects.exists()


def test_statistics_api(cast, contracts):
    from tests.api import client_for as api_client

    r = api_client(cast.officer).get("/api/v1/market/contracts/statistics/regions/")
    body = r.json()
    assert body["region"] == "220100" and body["total"]["count"] == 3
    assert {row["key"]: row["count"] for row in body["by_region"]} == {"220102": 2, "220104": 1}
    assert body["total"]["tech_amount"] == "1400000.00"
    assert (
        api_client(cast.officer)
        .get("/api/v1/market/contracts/statistics/regions/", {"region": "220200"})
        .status_code
        == 404
    )
    assert api_client(cast.org_admin).get("/api/v1/market/contracts/statistics/regions/").status_code == 404
    assert api_client(None).get("/api/v1/market/contracts/statistics/regions/").status_code in (401, 403)
