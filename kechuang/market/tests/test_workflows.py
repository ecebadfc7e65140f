"""The market's status workflows: events and contacts move only along their tables (``choices.py``), each
move through its ``<entity>_transition`` service with a status-change row; amounts typed with thousands
separators are accepted everywhere money is entered."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.core.workflow import history
from kechuang.market import services
from kechuang.market.choices import (
    CONTACT_TERMINAL,
    CONTACT_TRANSITIONS,
    EVENT_TERMINAL,
    EVENT_TRANSITIONS,
    ContactStatus,
    EventStatus,
)
from kechuang.market.models import Contact, MatchmakingEvent, TechContract
from kechuang.registry.models import Region

from .conftest import achievement_data, demand_data


def _event(cast, status: str = EventStatus.DRAFT) -> MatchmakingEvent:
    event = services.event_create(
        actor=cast.officer, organizer=cast.org, title="对接会", starts_at="2026-12-01 09:30", region="220100"
    )
    MatchmakingEvent.objects.filter(pk=event.pk).update(status=status)
    event.refresh_from_db()
    return event


def _contact(cast, published, status: str = ContactStatus.PENDING) -> Contact:
    contact = services.contact_create(
        actor=cast.org_admin, from_org=cast.org, achievement=published, message="希望对接"
    )
    Contact.objects.filter(pk=contact.pk).update(status=status)
    contact.refresh_from_db()
    return contact


def test_tables_cover_every_status_and_terminal_states_lead_nowhere():
    for table, terminal, choices in (
        (EVENT_TRANSITIONS, EVENT_TERMINAL, EventStatus),
        (CONTACT_TRANSITIONS, CONTACT_TERMINAL, ContactStatus),
    ):
        assert set(table) == set(choices.values)
        assert {s for s, targets in table.items() if not targets} == terminal


@pytest.mark.parametrize("start", EventStatus.values)
@pytest.mark.parametrize("to", EventStatus.values)
def test_event_moves_follow_the_table(cast, start, to):
    event = _event(cast, start)
    if to in EVENT_TRANSITIONS[start]:
        services.event_transition(event=event, to=to, actor=cast.officer)
        event.refresh_from_db()
        assert event.status == to and event.published_at is not None
        (change,) = history(event)
        assert (change.from_status, change.to_status, change.actor) == (start, to, cast.officer)
    else:
        with pytest.raises(ApplicationError) as exc:
            services.event_transition(event=event, to=to, actor=cast.officer)
        assert exc.value.message == (f"不能从“{EventStatus(start).label}”变更为“{EventStatus(to).label}”。")
        event.refresh_from_db()
        assert event.status == start and not history(event).exists()


@pytest.mark.parametrize("start", ContactStatus.values)
@pytest.mark.parametrize("to", ContactStatus.values)
def test_contact_moves_follow_the_table(cast, published, start, to):
    contact = _contact(cast, published, start)
    if to in CONTACT_TRANSITIONS[start]:
        services.contact_transition(contact=contact, to=to, actor=cast.officer)
        contact.refresh_from_db()
        assert contact.status == to and contact.responded_at is not None
        (change,) = history(contact)
        assert (change.from_status, change.to_status) == (start, to)
    else:
        with pytest.raises(ApplicationError) as exc:
            services.contact_transition(contact=contact, to=to, actor=cast.officer)
        assert exc.value.message == (
            f"不能从“{ContactStatus(start).label}”变更为“{ContactStatus(to).label}”。"
        )
        contact.refresh_from_db()
        assert contact.status == start and contact.responded_at is None


def test_publishing_an_event_leaves_a_status_change_and_keeps_its_message(cast):
    event = _event(cast)
    services.event_publish(event=event, actor=cast.officer)
    assert [(c.from_status, c.to_status) for c in history(event)] == [("draft", "published")]
    assert AuditRecord.objects.filter(action="market.event_publish", target_id=str(event.pk)).exists()
    with pytest.raises(ApplicationError) as exc:
        services.event_publish(event=event, actor=cast.officer)
    assert exc.value.message == "活动已经发布。"
    assert history(event).count() == 1


@pytest.mark.parametrize("accept", [True, False])
def test_answering_a_contact_leaves_a_status_change_and_keeps_its_message(cast, published, uni_admin, accept):
    contact = _contact(cast, published)
    services.contact_respond(contact=contact, actor=uni_admin, accept=accept)
    to = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
    assert [(c.from_status, c.to_status, c.actor) for c in history(contact)] == [("pending", to, uni_admin)]
    action = "market.contact_accept" if accept else "market.contact_decline"
    assert AuditRecord.objects.filter(action=action, target_id=str(contact.pk)).exists()
    with pytest.raises(ApplicationError) as exc:
        services.contact_respond(contact=contact, actor=uni_admin, accept=not accept)
    assert exc.value.message == "该对接已经回复过。"


def test_amounts_with_thousands_separators_are_accepted(cast, university, uni_admin):
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data(price="1,000"))
    assert a.price == Decimal("1000.00")
    d = services.demand_create(
        actor=cast.org_admin,
        owner=cast.org,
        data=demand_data(budget="1，200，000", is_bounty=True, bounty_amount="５0,000"),
    )
    assert (d.budget, d.bounty_amount) == (Decimal("1200000.00"), Decimal("50000.00"))
    contract = services.contract_register(
        actor=cast.officer,
        data={
            "seller": university,
            "buyer": cast.org,
            "contract_type": "transfer",
            "title": "镁合金压铸技术转让",
            "amount": "800,000",
            "tech_amount": "700,000.50",
            "signed_on": "2026-03-01",
        },
    )
    assert (contract.amount, contract.tech_amount) == (Decimal("800000.00"), Decimal("700000.50"))
    assert TechContract.objects.get().region == Region.objects.get(code="220102")


def test_money_refusals_use_the_shared_messages(cast, university, uni_admin):
    for price, message in (
        ("-1", "意向价格不能为负数。"),
        ("一千", "意向价格必须是数字。"),
        ("1e14", "意向价格数值过大（超过10万亿元），请检查单位是否为元。"),
    ):
        with pytest.raises(ApplicationError) as exc:
            services.achievement_create(actor=uni_admin, owner=university, data=achievement_data(price=price))
        assert (exc.value.message, exc.value.extra) == (message, {"field": "price"})
