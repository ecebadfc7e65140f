from __future__ import annotations

from kechuang.market import services
from tests.api import assert_error, client_for

from .conftest import achievement_data, demand_data


def test_public_search_api(published):
    r = client_for(None).get("/api/v1/market/achievements/", {"q": "鎂合金"})
    assert r.status_code == 200
    first = r.json()["results"][0]
    assert first["item"]["id"] == published.pk and first["reasons"]


def test_create_submit_review_via_api(cast, university, uni_admin):
    c = client_for(uni_admin)
    data = achievement_data()
    r = c.post("/api/v1/market/achievements/", {**data, "owner": university.pk}, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    again = c.post("/api/v1/market/achievements/", {**data, "owner": university.pk}, format="json")
    assert_error(again, 400, "本单位已有同名成果，请勿重复发布。")
    assert c.post(f"/api/v1/market/achievements/{pk}/submit/").status_code == 200
    assert (
        client_for(cast.other_officer)
        .post(f"/api/v1/market/achievements/{pk}/review/", {"approve": True}, format="json")
        .status_code
        == 404
    )
    r = client_for(cast.officer).post(
        f"/api/v1/market/achievements/{pk}/review/", {"approve": True}, format="json"
    )
    assert r.json()["status"] == "published"


def test_api_matrix_for_drafts(cast, university, uni_admin):
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    url = f"/api/v1/market/achievements/{a.pk}/"
    assert client_for(None).get(url).status_code == 404
    assert client_for(cast.norole).get(url).status_code == 404
    assert client_for(cast.org_admin).get(url).status_code == 404
    assert client_for(uni_admin).get(url).status_code == 200
    assert client_for(None).post("/api/v1/market/achievements/", {}, format="json").status_code in (401, 403)


def test_demand_suggestions_and_feedback_api(cast, published, background):
    c = client_for(cast.org_admin)
    r = c.post("/api/v1/market/demands/", {**demand_data(), "owner": cast.org.pk}, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    s = c.get(f"/api/v1/market/demands/{pk}/suggestions/").json()
    top = s["achievements"][0]
    assert top["id"] == published.pk and any(x.startswith("共同词语") for x in top["reasons"])
    assert (
        client_for(cast.other_org_admin).get(f"/api/v1/market/demands/{pk}/suggestions/").status_code == 404
    )
    fb = c.post(
        "/api/v1/market/feedback/",
        {
            "source_kind": "demand",
            "source_id": pk,
            "target_kind": "achievement",
            "target_id": top["id"],
            "useful": False,
            "reason": "too_early",
        },
        format="json",
    )
    assert fb.status_code == 201
    after = c.get(f"/api/v1/market/demands/{pk}/suggestions/").json()["achievements"]
    assert after[0]["id"] != top["id"]
    # the confidential part only for the owner
    assert "confidential_detail" in c.get(f"/api/v1/market/demands/{pk}/").json()
    assert "confidential_detail" not in client_for(None).get(f"/api/v1/market/demands/{pk}/").json()


def test_bad_inputs(cast):
    c = client_for(cast.org_admin)
    r = c.post("/api/v1/market/demands/", {**demand_data(), "owner": cast.other_org.pk}, format="json")
    assert_error(r, 400, "您无权以该单位名义操作。")
    r = c.get("/api/v1/market/achievements/", {"q": "   "})
    assert r.status_code == 200
    r = c.post(
        "/api/v1/market/saved-searches/",
        {"name": "x", "kind": "achievement", "query": "x", "filters": {"colour": "red"}},
        format="json",
    )
    assert r.status_code == 400 and r.json()["message"].startswith("筛选条件无效")
