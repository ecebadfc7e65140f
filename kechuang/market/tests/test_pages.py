from __future__ import annotations

import pytest

from kechuang.market import services
from tests.pages import client_for, text

from .conftest import achievement_data, demand_data


@pytest.fixture
def draft(cast, university, uni_admin):
    return services.achievement_create(
        actor=uni_admin, owner=university, data=achievement_data(title="未发布的草稿成果")
    )


def test_public_pages_without_login(client, published):
    assert client.get("/market/").status_code == 200
    r = client.get("/market/achievements/?q=鎂合金壓鑄")  # Traditional input
    assert r.status_code == 200 and "稀土镁合金高压压铸技术" in text(r) and "共同词语" in text(r)
    assert client.get(f"/market/achievements/{published.pk}/").status_code == 200
    assert client.get("/market/demands/").status_code == 200
    assert client.get("/market/events/").status_code == 200


def test_draft_permission_matrix(cast, draft, uni_admin):
    url = f"/market/achievements/{draft.pk}/"
    assert client_for(None).get(url).status_code == 404  # anonymous
    assert client_for(cast.norole).get(url).status_code == 404  # no role
    assert client_for(cast.org_admin).get(url).status_code == 404  # other organization
    assert client_for(cast.other_officer).get(url).status_code == 404  # officer of another region
    assert client_for(uni_admin).get(url).status_code == 200  # own
    assert client_for(cast.officer).get(url).status_code == 200  # officer of the region


def test_review_queue_matrix(cast, draft, uni_admin):
    services.achievement_submit(achievement=draft, actor=uni_admin)
    assert client_for(None).get("/market/review/").status_code == 302
    assert client_for(cast.norole).get("/market/review/").status_code == 404
    assert "未发布的草稿成果" not in text(client_for(cast.other_officer).get("/market/review/"))
    assert "未发布的草稿成果" in text(client_for(cast.officer).get("/market/review/"))
    r = client_for(cast.other_officer).post(f"/market/achievements/{draft.pk}/approve/")
    assert r.status_code == 404
    r = client_for(cast.officer).post(f"/market/achievements/{draft.pk}/approve/", follow=True)
    assert "已发布" in text(r)


def test_demand_page_shows_explained_suggestions_to_owner_only(cast, published):
    d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    body = text(client_for(cast.org_admin).get(f"/market/demands/{d.pk}/"))
    assert "推荐成果" in body and "稀土镁合金高压压铸技术" in body and "共同词语" in body
    assert "现有模具参数" in body
    other = text(client_for(cast.other_org_admin).get(f"/market/demands/{d.pk}/"))
    assert "推荐成果" not in other and "现有模具参数" not in other
    assert "现有模具参数" not in text(client_for(None).get(f"/market/demands/{d.pk}/"))


def test_html_is_escaped(cast, university, uni_admin):
    a = services.achievement_create(
        actor=uni_admin,
        owner=university,
        data=achievement_data(title="<b>x</b>", summary="<script>alert(1)</script>"),
    )
    body = text(client_for(uni_admin).get(f"/market/achievements/{a.pk}/"))
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_contact_thread_matrix(cast, published):
    c = services.contact_create(
        actor=cast.org_admin, from_org=cast.org, achievement=published, message="希望合作"
    )
    url = f"/market/contacts/{c.pk}/"
    assert client_for(None).get(url).status_code == 302
    assert client_for(cast.norole).get(url).status_code == 404
    assert client_for(cast.other_org_admin).get(url).status_code == 404
    assert client_for(cast.org_admin).get(url).status_code == 200


def test_create_forms_show_service_errors(cast):
    r = client_for(cast.org_admin).post(
        "/market/demands/new/", {"owner": cast.org.pk, "title": "", "problem": "x"}
    )
    assert r.status_code == 200 and "请填写需求名称。" in text(r)


def test_export(cast, published):
    r = client_for(cast.officer).get("/market/achievements/export/")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_contracts_page(cast):
    assert client_for(cast.officer).get("/market/contracts/").status_code == 200
    assert client_for(cast.norole).get("/market/contracts/new/").status_code == 404


def test_english_is_available(cast, published):
    from django.utils import translation

    c = client_for(cast.org_admin)
    with translation.override("en"):
        d = services.demand_create(actor=cast.org_admin, owner=cast.org, data=demand_data(), publish=True)
    body = text(c.get(f"/market/demands/{d.pk}/", headers={"accept-language": "en"}))
    assert "Suggested achievements" in body and "Shared terms:" in body
