"""The events and saved-search endpoints: the whole flow, the permission matrix and the error envelope."""

from __future__ import annotations

from kechuang.market.models import (
    EventOutcome,
    EventRegistration,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from tests.api import assert_error, client_for

EVENTS = "/api/v1/market/events/"


def _create(c, **overrides):
    body = {
        "organizer": "长春光华微电子有限公司",
        "title": "长春市新材料对接会",
        "starts_at": "2026-12-01 09:30",
        "region": "220100",
        **overrides,
    }
    return c.post(EVENTS, body, format="json")


def test_event_flow_via_api(cast, published):
    officer = client_for(cast.officer)
    r = _create(officer)
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["status"] == "draft"
    # a draft is hidden from the public
    assert client_for(None).get(f"{EVENTS}{pk}/").status_code == 404
    assert pk not in [e["id"] for e in client_for(None).get(EVENTS).json()]
    r = officer.post(f"{EVENTS}{pk}/items/", {"achievement": published.pk}, format="json")
    assert r.status_code == 201 and r.json()["title"] == "稀土镁合金高压压铸技术"
    item_id = r.json()["id"]
    assert_error(
        officer.post(f"{EVENTS}{pk}/items/", {"achievement": published.pk}, format="json"),
        400,
        "该项目已在本活动中。",
    )
    assert officer.post(f"{EVENTS}{pk}/publish/").json()["status"] == "published"
    assert_error(officer.post(f"{EVENTS}{pk}/publish/"), 400, "活动已经发布。")

    buyer = client_for(cast.other_org_admin)
    r = buyer.post(f"{EVENTS}{pk}/registrations/", {"organization": cast.other_org.pk}, format="json")
    assert r.status_code == 201
    assert_error(
        buyer.post(f"{EVENTS}{pk}/registrations/", {"organization": cast.org.pk}, format="json"),
        400,
        "您无权以该单位名义操作。",
    )
    assert [x["organization"] for x in officer.get(f"{EVENTS}{pk}/registrations/").json()] == [
        cast.other_org.pk
    ]
    assert client_for(cast.other_officer).get(f"{EVENTS}{pk}/registrations/").json() == []

    outcome = {
        "kind": "agreement",
        "item": item_id,
        "seller": published.owner.pk,
        "buyer": cast.other_org.uscc,
        "amount": "300000",
    }
    assert_error(
        officer.post(f"{EVENTS}{pk}/outcomes/", {**outcome, "buyer": None}, format="json"),
        400,
        "签约协议必须填写买方。",
    )
    assert_error(
        officer.post(f"{EVENTS}{pk}/outcomes/", {**outcome, "item": 999999}, format="json"),
        400,
        "路演项目不属于本活动。",
    )
    assert not EventOutcome.objects.exists()
    r = officer.post(f"{EVENTS}{pk}/outcomes/", outcome, format="json")
    assert r.status_code == 201, r.json()
    outcome_id = r.json()["id"]
    detail = client_for(None).get(f"{EVENTS}{pk}/").json()
    assert detail["registration_count"] == 1 and detail["items"][0]["kind"] == "achievement"
    assert detail["outcomes"][0]["buyer"] == cast.other_org.pk

    # the agreement becomes a registered contract, linked to the outcome and the achievement
    contract = {
        "seller": published.owner.pk,
        "buyer": cast.other_org.pk,
        "contract_type": "transfer",
        "title": "稀土镁合金高压压铸技术转让",
        "amount": "300000",
        "tech_amount": "280000",
        "signed_on": "2026-11-20",
        "outcome": outcome_id,
    }
    r = officer.post("/api/v1/market/contracts/", contract, format="json")
    assert r.status_code == 201, r.json()
    assert TechContract.objects.get().achievement == published
    assert EventOutcome.objects.get().contract_id == r.json()["id"]
    assert_error(
        officer.post("/api/v1/market/contracts/", {**contract, "title": "再次"}, format="json"),
        400,
        "该签约协议已登记为技术合同。",
    )

    # cancelling: only the registered organization's members
    url = f"{EVENTS}{pk}/registrations/{cast.other_org.pk}/"
    assert client_for(cast.org_admin).delete(url).status_code == 404
    assert buyer.delete(url).status_code == 204
    assert not EventRegistration.objects.exists()


def test_event_api_matrix_and_bad_input(cast, published):
    assert client_for(None).post(EVENTS, {}, format="json").status_code in (401, 403)
    assert_error(_create(client_for(cast.norole)), 400, "您只能为本单位或本辖区举办对接活动。")
    assert_error(_create(client_for(cast.officer), title=""), 400, "请填写活动名称。")
    assert_error(
        _create(client_for(cast.officer), starts_at="明天上午"),
        400,
        "开始时间格式不正确，应为“年-月-日 时:分”，如 2026-12-01 09:30。",
    )
    assert_error(_create(client_for(cast.officer), colour="red"), 400, "不支持的字段：colour。")
    assert not MatchmakingEvent.objects.exists()
    pk = _create(client_for(cast.officer), publish=True).json()["id"]
    # published: public to read, but managed only by the organizer's side and the region's officers
    assert client_for(None).get(f"{EVENTS}{pk}/").status_code == 200
    for user in (cast.other_officer, cast.other_org_admin, cast.norole):
        c = client_for(user)
        assert c.post(f"{EVENTS}{pk}/items/", {"achievement": published.pk}, format="json").status_code == 404
        assert (
            c.post(
                f"{EVENTS}{pk}/outcomes/", {"kind": "intention", "parties": "x"}, format="json"
            ).status_code
            == 404
        )
    # the organizer's member manages it
    r = client_for(cast.org_member).post(
        f"{EVENTS}{pk}/outcomes/", {"kind": "intention", "parties": "多家企业"}, format="json"
    )
    assert r.status_code == 201


def test_saved_search_delete_api(cast):
    c = client_for(cast.org_admin)
    r = c.post(
        "/api/v1/market/saved-searches/",
        {"name": "压铸", "kind": "demand", "query": "镁合金压铸"},
        format="json",
    )
    pk = r.json()["id"]
    assert c.get("/api/v1/market/saved-searches/").json() == [
        {"id": pk, "name": "压铸", "kind": "demand", "query": "镁合金压铸", "filters": {}}
    ]
    assert client_for(cast.other_org_admin).delete(f"/api/v1/market/saved-searches/{pk}/").status_code == 404
    assert client_for(None).delete(f"/api/v1/market/saved-searches/{pk}/").status_code in (401, 403)
    assert_error(
        c.post("/api/v1/market/saved-searches/", {"name": "x", "kind": "demand", "query": ""}, format="json"),
        400,
        "请填写检索词。",
    )
    assert c.delete(f"/api/v1/market/saved-searches/{pk}/").status_code == 204
    assert not SavedSearch.objects.exists()
