"""Matchmaking events: services (permissions on the object, exact messages, nothing written on bad input),
pages (permission matrix, forms, exports) and an agreement turned into a technology contract."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.market import services
from kechuang.market.choices import EventStatus
from kechuang.market.models import EventItem, EventOutcome, EventRegistration, MatchmakingEvent, TechContract
from kechuang.registry.models import Region
from tests.pages import client_for, text

from .conftest import demand_data

START = "2026-12-01 09:30"


@pytest.fixture
def event(cast):
    """A draft event of the 长春 officer, organised by the enterprise ``org``."""
    return services.event_create(
        actor=cast.officer,
        organizer=cast.org,
        title="长春市新材料对接会",
        starts_at=START,
        region=Region.objects.get(code="220100"),
        location="长春国际会展中心",
    )


@pytest.fixture
def live_event(cast, event, published):
    services.event_item_add(event=event, actor=cast.officer, achievement=published)
    services.event_publish(event=event, actor=cast.officer)
    event.refresh_from_db()
    return event


# ---------------------------------------------------------------------------------------------------------
# services


def assert_refusals(service, base, cases):
    """``service`` refuses each change of the arguments ``base`` with exactly its message."""
    for change, message in cases:
        with pytest.raises(ApplicationError) as exc:
            service(**{**base, **change})
        assert exc.value.message == message, change


def test_create_validates_and_writes_nothing_on_bad_input(cast):
    base = {
        "actor": cast.officer,
        "organizer": cast.org,
        "title": "对接会",
        "starts_at": START,
        "region": "220100",
    }
    cases = [
        ({"title": "  "}, "请填写活动名称。"),
        ({"starts_at": ""}, "请填写开始时间。"),
        ({"starts_at": "下周一"}, "开始时间格式不正确，应为“年-月-日 时:分”，如 2026-12-01 09:30。"),
        ({"region": ""}, "请选择举办地区。"),
        ({"region": "999999"}, "地区代码“999999”不存在。"),
        ({"organizer": ""}, "请选择主办单位。"),
        ({"organizer": "不存在的公司"}, "未找到主办单位“不存在的公司”，请填写统一社会信用代码或单位全称。"),
        # the 长春 officer cannot organise in 吉林市 for an organization that is not theirs
        ({"region": "220200"}, "您只能为本单位或本辖区举办对接活动。"),
        ({"actor": cast.norole}, "您只能为本单位或本辖区举办对接活动。"),
        ({"actor": cast.other_org_admin}, "您只能为本单位或本辖区举办对接活动。"),
    ]
    assert_refusals(services.event_create, base, cases)
    assert MatchmakingEvent.objects.count() == 0
    assert not AuditRecord.objects.filter(action="market.event_create").exists()


def test_create_by_name_or_code_and_by_the_organizers_own_member(cast):
    ev = services.event_create(
        actor=cast.officer, organizer=cast.org.name, title="a", starts_at=START, region="220102"
    )
    assert ev.organizer == cast.org and ev.status == EventStatus.DRAFT
    assert timezone.localtime(ev.starts_at).replace(tzinfo=None) == dt.datetime(2026, 12, 1, 9, 30)
    # an organization's member organises for their own organization, anywhere
    ev2 = services.event_create(
        actor=cast.org_admin, organizer=cast.org.uscc, title="b", starts_at=START, region="220200"
    )
    assert ev2.organizer == cast.org
    ev3 = services.event_create(
        actor=cast.org_admin, organizer=str(cast.org.pk), title="c", starts_at=START, region="220102"
    )
    assert ev3.organizer == cast.org
    assert AuditRecord.objects.filter(action="market.event_create").count() == 3


def test_full_event_flow_is_audited(cast, event, published):
    services.event_item_add(event=event, actor=cast.officer, achievement=published)
    with pytest.raises(ApplicationError, match="该项目已在本活动中。"):
        services.event_item_add(event=event, actor=cast.officer, achievement=published)
    with pytest.raises(ApplicationError, match="活动尚未发布，不能报名。"):
        services.event_register(event=event, actor=cast.other_org_admin, organization=cast.other_org)
    services.event_publish(event=event, actor=cast.officer)
    with pytest.raises(ApplicationError, match="活动已经发布。"):
        services.event_publish(event=event, actor=cast.officer)
    reg = services.event_register(event=event, actor=cast.other_org_admin, organization=cast.other_org)
    with pytest.raises(ApplicationError, match="该单位已报名此活动。"):
        services.event_register(event=event, actor=cast.other_org_admin, organization=cast.other_org)
    # an organization registers only itself
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.event_register(event=event, actor=cast.org_admin, organization=cast.other_org)
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.event_registration_cancel(registration=reg, actor=cast.org_admin)
    services.event_registration_cancel(registration=reg, actor=cast.other_org_admin)
    assert not EventRegistration.objects.exists()
    item = event.items.get()
    outcome = services.event_outcome_record(
        event=event,
        actor=cast.officer,
        kind="agreement",
        item=item,
        seller=published.owner,
        buyer=cast.other_org,
        amount="300000",
    )
    assert outcome.parties == f"{published.owner.name}、{cast.other_org.name}"
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "market.event_create",
        "market.event_item_add",
        "market.event_publish",
        "market.event_register",
        "market.event_registration_cancel",
        "market.event_outcome",
    } <= actions


def test_item_rules(cast, event, university, uni_admin):
    from .conftest import achievement_data

    draft = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    with pytest.raises(ApplicationError, match="只能展示已发布的成果。"):
        services.event_item_add(event=event, actor=cast.officer, achievement=draft)
    with pytest.raises(ApplicationError, match="路演项目必须是一项成果或一项需求。"):
        services.event_item_add(event=event, actor=cast.officer)
    d = services.demand_create(
        actor=cast.other_org_admin, owner=cast.other_org, data=demand_data(), publish=True
    )
    with pytest.raises(ApplicationError, match="您无权执行此操作。"):
        services.event_item_add(event=event, actor=cast.other_officer, demand=d)
    services.event_item_add(event=event, actor=cast.org_admin, demand=d)  # the organizer's member
    assert EventItem.objects.filter(event=event).count() == 1


def test_outcome_bad_input_writes_nothing(cast, live_event, published):
    item = live_event.items.get()
    other = services.event_create(
        actor=cast.officer, organizer=cast.org, title="另一场", starts_at=START, region="220100"
    )
    base = {
        "event": live_event,
        "actor": cast.officer,
        "kind": "agreement",
        "item": item,
        "seller": published.owner,
        "buyer": cast.other_org,
        "amount": "300000",
    }
    foreign_item = services.event_item_add(event=other, actor=cast.officer, achievement=published)
    cases = [
        ({"kind": "handshake"}, "请选择成效类型。"),
        ({"seller": None}, "签约协议必须填写卖方。"),
        ({"buyer": None}, "签约协议必须填写买方。"),
        ({"buyer": published.owner}, "买方和卖方不能是同一单位。"),
        ({"amount": "三十万"}, "金额必须是数字。"),
        ({"amount": "-1"}, "金额不能为负数。"),
        ({"item": foreign_item}, "路演项目不属于本活动。"),
        ({"kind": "intention", "seller": None, "buyer": None}, "请填写参与方。"),
        ({"actor": cast.other_officer}, "您无权执行此操作。"),
        ({"actor": cast.other_org_admin}, "您无权执行此操作。"),
    ]
    assert_refusals(services.event_outcome_record, base, cases)
    assert not EventOutcome.objects.exists()
    intention = services.event_outcome_record(
        event=live_event, actor=cast.org_admin, kind="intention", parties="吉林大学与多家企业"
    )
    assert intention.seller is None and intention.parties == "吉林大学与多家企业"


@pytest.fixture
def agreement(cast, live_event, published):
    """A signed agreement about the event's item, the university selling to ``other_org``."""
    return services.event_outcome_record(
        event=live_event,
        actor=cast.officer,
        kind="agreement",
        item=live_event.items.get(),
        seller=published.owner,
        buyer=cast.other_org,
        amount="300000",
    )


def test_agreement_becomes_a_contract_once(cast, live_event, published, agreement):
    outcome = agreement
    data = {
        "seller": published.owner,
        "buyer": cast.other_org,
        "contract_type": "transfer",
        "title": "镁合金压铸技术转让",
        "amount": "300000",
        "tech_amount": "280000",
        "signed_on": "2026-11-20",
    }
    contract = services.contract_register(actor=cast.officer, data=data, outcome=outcome)
    outcome.refresh_from_db()
    assert outcome.contract == contract
    with pytest.raises(ApplicationError, match="该签约协议已登记为技术合同。"):
        services.contract_register(actor=cast.officer, data={**data, "title": "再来一次"}, outcome=outcome)
    intention = services.event_outcome_record(
        event=live_event, actor=cast.officer, kind="intention", parties="x"
    )
    with pytest.raises(ApplicationError, match="只有签约协议可以登记为技术合同。"):
        services.contract_register(actor=cast.officer, data={**data, "title": "意向"}, outcome=intention)
    assert TechContract.objects.count() == 1
    record = AuditRecord.objects.get(action="market.contract_register")
    assert record.after["event_outcome_id"] == outcome.pk


# ---------------------------------------------------------------------------------------------------------
# pages


def test_list_shows_published_events_to_everyone_and_drafts_to_managers(cast, event):
    assert "长春市新材料对接会" not in text(client_for(None).get("/market/events/"))
    assert "长春市新材料对接会" not in text(client_for(cast.other_officer).get("/market/events/"))
    assert "长春市新材料对接会" in text(client_for(cast.officer).get("/market/events/"))
    assert "长春市新材料对接会" in text(client_for(cast.org_member).get("/market/events/"))
    url = f"/market/events/{event.pk}/"
    assert client_for(None).get(url).status_code == 404
    assert client_for(cast.other_org_admin).get(url).status_code == 404
    services.event_publish(event=event, actor=cast.officer)
    assert "长春市新材料对接会" in text(client_for(None).get("/market/events/"))
    assert client_for(None).get(url).status_code == 200


def test_create_page(cast):
    assert client_for(None).get("/market/events/new/").status_code == 302
    assert client_for(cast.norole).get("/market/events/new/").status_code == 404
    c = client_for(cast.officer)
    assert c.get("/market/events/new/").status_code == 200
    r = c.post("/market/events/new/", {"organizer": cast.org.name, "title": "", "region": "220100"})
    assert r.status_code == 200 and "请填写活动名称。" in text(r)
    r = c.post(
        "/market/events/new/",
        {"organizer": "某某公司", "title": "对接会", "starts_at": "2026-12-01T09:30", "region": "220100"},
    )
    assert "未找到主办单位“某某公司”，请填写统一社会信用代码或单位全称。" in text(r)
    # the officer is offered the regions of their subtree only
    assert 'value="220102"' in text(r) and 'value="220200"' not in text(r)
    assert not MatchmakingEvent.objects.exists()
    r = c.post(
        "/market/events/new/",
        {"organizer": cast.org.name, "title": "对接会", "starts_at": "2026-12-01T09:30", "region": "220100"},
    )
    ev = MatchmakingEvent.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/market/events/{ev.pk}/"


def test_manage_actions_matrix(cast, event, published):
    url = f"/market/events/{event.pk}/"
    # other region's officer, other organization, no role: the draft is not even visible
    for user in (cast.other_officer, cast.other_org_admin, cast.norole):
        c = client_for(user)
        assert c.post(f"{url}publish/").status_code == 404
        assert c.post(f"{url}items/", {"kind": "achievement", "pk": published.pk}).status_code == 404
        assert c.get(f"{url}outcomes/new/").status_code == 404
        assert c.get(f"{url}export/registrations/").status_code == 404
    assert client_for(None).post(f"{url}publish/").status_code == 302  # to the login page
    officer = client_for(cast.officer)
    body = text(officer.get(url, {"q": "镁合金压铸"}))
    assert "稀土镁合金高压压铸技术" in body and "添加" in body
    r = officer.post(f"{url}items/", {"kind": "achievement", "pk": published.pk}, follow=True)
    assert "已添加路演项目。" in text(r)
    r = officer.post(f"{url}items/", {"kind": "achievement", "pk": published.pk}, follow=True)
    assert "该项目已在本活动中。" in text(r)
    officer.post(f"{url}publish/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    # once published, others see it but still cannot manage it
    assert client_for(cast.other_officer).get(url).status_code == 200
    assert client_for(cast.other_officer).post(f"{url}publish/").status_code == 404
    assert client_for(cast.other_org_admin).get(f"{url}outcomes/new/").status_code == 404


def test_register_and_cancel_pages(cast, live_event):
    url = f"/market/events/{live_event.pk}/"
    c = client_for(cast.other_org_admin)
    # registering another organization: refused, nothing written
    r = c.post(f"{url}register/", {"organization": cast.org.pk})
    assert r.status_code == 404
    assert not EventRegistration.objects.exists()
    r = c.post(f"{url}register/", {"organization": cast.other_org.pk}, follow=True)
    assert "报名成功。" in text(r)
    assert EventRegistration.objects.filter(organization=cast.other_org).exists()
    # the organizer's side sees who registered; the public and other officers do not
    assert cast.other_org.name in text(client_for(cast.officer).get(url))
    assert cast.other_org.name in text(client_for(cast.org_member).get(url))
    assert cast.other_org.name not in text(client_for(None).get(url))
    assert cast.other_org.name not in text(client_for(cast.other_officer).get(url))
    # another organization cannot cancel it
    r = client_for(cast.org_admin).post(f"{url}unregister/", {"organization": cast.other_org.pk})
    assert r.status_code == 404
    assert EventRegistration.objects.count() == 1
    r = c.post(f"{url}unregister/", {"organization": cast.other_org.pk}, follow=True)
    assert "已取消报名。" in text(r)
    assert not EventRegistration.objects.exists()


def test_outcome_page_and_contract_prefill(cast, live_event, published):
    url = f"/market/events/{live_event.pk}/"
    services.event_register(event=live_event, actor=cast.other_org_admin, organization=cast.other_org)
    c = client_for(cast.officer)
    item = live_event.items.get()
    r = c.post(f"{url}outcomes/new/", {"kind": "agreement", "item": item.pk, "seller": published.owner.pk})
    assert r.status_code == 200 and "签约协议必须填写买方。" in text(r)
    assert not EventOutcome.objects.exists()
    r = c.post(
        f"{url}outcomes/new/",
        {
            "kind": "agreement",
            "item": item.pk,
            "seller": published.owner.pk,
            "buyer": cast.other_org.pk,
            "amount": "300000",
        },
    )
    assert r.status_code == 302
    outcome = EventOutcome.objects.get()
    body = text(c.get(url))
    assert "登记为技术合同" in body and "30.00万元" in body
    # the contract form is prefilled from the agreement
    form = text(c.get(f"/market/contracts/new/?outcome={outcome.pk}"))
    assert 'value="稀土镁合金高压压铸技术"' in form and 'value="300000.00"' in form
    assert f'<option value="{cast.other_org.pk}" selected>' in form
    assert client_for(cast.org_admin).get(f"/market/contracts/new/?outcome={outcome.pk}").status_code == 404
    r = c.post(
        "/market/contracts/new/",
        {
            "outcome": outcome.pk,
            "seller": published.owner.pk,
            "buyer": cast.other_org.pk,
            "contract_type": "transfer",
            "title": "稀土镁合金高压压铸技术",
            "amount": "300000",
            "tech_amount": "280000",
            "signed_on": "2026-11-20",
        },
    )
    assert r.status_code == 302, text(r)
    contract = TechContract.objects.get()
    assert contract.achievement == published
    outcome.refresh_from_db()
    assert outcome.contract == contract
    assert contract.registration_no in text(c.get(url))


def test_exports(cast, live_event, published, agreement):
    services.event_register(event=live_event, actor=cast.other_org_admin, organization=cast.other_org)
    c = client_for(cast.officer)
    r = c.get(f"/market/events/{live_event.pk}/export/registrations/")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.values)
    assert rows[0][:2] == ("单位名称", "统一社会信用代码")
    assert rows[1][0] == cast.other_org.name and rows[1][1] == cast.other_org.uscc
    r = c.get(f"/market/events/{live_event.pk}/export/outcomes/")
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert rows[1][:4] == ("签约协议", "稀土镁合金高压压铸技术", published.owner.name, cast.other_org.name)
    assert rows[1][5] == 30
    assert c.get(f"/market/events/{live_event.pk}/export/other/").status_code == 404
    assert (
        client_for(cast.other_org_admin).get(f"/market/events/{live_event.pk}/export/outcomes/").status_code
        == 404
    )


def test_event_pages_in_english(cast, event):
    c = client_for(cast.officer)
    body = text(c.get(f"/market/events/{event.pk}/", headers={"accept-language": "en"}))
    assert "Publish event" in body and "Record an outcome" in body and "In preparation" in body
    r = c.post("/market/events/new/", {"title": ""}, headers={"accept-language": "en"})
    assert "Please choose Organizer." in text(r)
