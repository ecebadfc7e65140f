"""Matchmaking events (对接活动): prepared as a draft and published (``EVENT_TRANSITIONS``); organizations
register, the organizer presents items and records outcomes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition
from kechuang.market.choices import (
    EVENT_TRANSITIONS,
    AchievementStatus,
    DemandStatus,
    EventStatus,
    OutcomeKind,
)
from kechuang.market.models import (
    Achievement,
    Demand,
    EventItem,
    EventOutcome,
    EventRegistration,
    MatchmakingEvent,
)
from kechuang.market.services import common
from kechuang.market.services.common import audited, clean_datetime, clean_text, ensure_member, save, save_new
from kechuang.registry.models import Organization, Region
from kechuang.registry.selectors import user_officer_roles, user_organization_ids


def _may_organize(actor: Any, organizer: Organization, where: Region) -> bool:
    """Platform admins; officers for an event in their region subtree; members for their own organization."""
    if user_is_platform_admin(actor) or organizer.pk in user_organization_ids(actor):
        return True
    return any(where.path.startswith(role.region.path) for role in user_officer_roles(actor))


@transaction.atomic
def event_create(
    *,
    actor: Any,
    organizer: Any,
    title: Any,
    starts_at: Any,
    region: Any,
    location: Any = "",
    description: Any = "",
) -> MatchmakingEvent:
    """A new draft event: officers organise in their region subtree, members for their own organization.

    ``organizer`` may be an organization, its id, its 统一社会信用代码 or its full name; ``region`` a region
    or its code; ``starts_at`` a datetime or "YYYY-MM-DD HH:MM".
    """
    org = common.organization(organizer, "organizer", _("主办单位"))
    assert org is not None
    where = common.region(region)
    if not _may_organize(actor, org, where):
        raise ApplicationError(_("您只能为本单位或本辖区举办对接活动。"), extra={"field": "region"})
    event = MatchmakingEvent(
        organizer=org,
        title=clean_text(title, "title", _("活动名称"), max_length=200, name=True),
        starts_at=clean_datetime(starts_at, "starts_at", _("开始时间")),
        region=where,
        location=clean_text(location, "location", _("地点"), required=False, max_length=200),
        description=clean_text(description, "description", _("活动简介"), required=False, max_length=5000),
        created_by=actor,
    )
    save_new(event, actor=actor, action="market.event_create")
    return event


@transaction.atomic
def event_transition(*, event: MatchmakingEvent, to: str, actor: Any, note: str = "") -> MatchmakingEvent:
    """Move the event along ``EVENT_TRANSITIONS`` (a status-change row and an audit record); publishing
    dates it.  The caller checked the permission."""
    transition(obj=event, to=to, actor=actor, transitions=EVENT_TRANSITIONS, note=note)
    if to == EventStatus.PUBLISHED:
        event.published_at = timezone.now()
        event.save(update_fields=["published_at", "updated_at"])
    return event


@transaction.atomic
def event_publish(*, event: MatchmakingEvent, actor: Any) -> MatchmakingEvent:
    """Make a draft event public: it appears in the event list and organizations can register."""
    ensure_can(actor, event, "change")
    locked = MatchmakingEvent.objects.select_for_update().get(pk=event.pk)
    if locked.status == EventStatus.PUBLISHED:
        raise ApplicationError(_("活动已经发布。"))
    with audited(actor=actor, action="market.event_publish", target=event, fields=["status"]):
        event_transition(event=event, to=EventStatus.PUBLISHED, actor=actor)
    return event


@transaction.atomic
def event_item_add(
    *,
    event: MatchmakingEvent,
    actor: Any,
    achievement: Achievement | None = None,
    demand: Demand | None = None,
) -> EventItem:
    """Present a published achievement or an open demand at the event (the organizer's side)."""
    ensure_can(actor, event, "change")
    if (achievement is None) == (demand is None):
        raise ApplicationError(_("路演项目必须是一项成果或一项需求。"))
    if achievement is not None and achievement.status != AchievementStatus.PUBLISHED:
        raise ApplicationError(_("只能展示已发布的成果。"))
    if demand is not None and demand.status != DemandStatus.OPEN:
        raise ApplicationError(_("只能展示征集中的需求。"))
    if EventItem.objects.filter(event=event, achievement=achievement, demand=demand).exists():
        raise ApplicationError(_("该项目已在本活动中。"))
    item = EventItem(event=event, achievement=achievement, demand=demand)
    save(item)
    after = {"item_id": item.pk, "achievement_id": item.achievement_id, "demand_id": item.demand_id}
    audit_log(actor=actor, action="market.event_item_add", target=event, after=after)
    return item


@transaction.atomic
def event_register(*, event: MatchmakingEvent, actor: Any, organization: Organization) -> EventRegistration:
    """A member registers their own organization for a published event."""
    ensure_member(actor, organization)
    if event.status != EventStatus.PUBLISHED:
        raise ApplicationError(_("活动尚未发布，不能报名。"))
    if EventRegistration.objects.filter(event=event, organization=organization).exists():
        raise ApplicationError(_("该单位已报名此活动。"))
    reg = EventRegistration(event=event, organization=organization, user=actor)
    after = {"organization_id": organization.pk}
    save_new(reg, actor=actor, action="market.event_register", target=event, after=after)
    return reg


@transaction.atomic
def event_registration_cancel(*, registration: EventRegistration, actor: Any) -> None:
    """A member withdraws their own organization's registration."""
    ensure_member(actor, registration.organization)
    event = registration.event
    org_id = registration.organization_id
    registration.delete()
    before = {"organization_id": org_id}
    audit_log(actor=actor, action="market.event_registration_cancel", target=event, before=before)


def _outcome_parties(kind: str, seller: Any, buyer: Any) -> tuple[Organization | None, Organization | None]:
    seller_org = common.organization(seller, "seller", _("卖方"), required=False)
    buyer_org = common.organization(buyer, "buyer", _("买方"), required=False)
    if kind == OutcomeKind.AGREEMENT and seller_org is None:
        raise ApplicationError(_("签约协议必须填写卖方。"), extra={"field": "seller"})
    if kind == OutcomeKind.AGREEMENT and buyer_org is None:
        raise ApplicationError(_("签约协议必须填写买方。"), extra={"field": "buyer"})
    if seller_org is not None and buyer_org is not None and seller_org.pk == buyer_org.pk:
        raise ApplicationError(_("买方和卖方不能是同一单位。"), extra={"field": "buyer"})
    return seller_org, buyer_org


@transaction.atomic
def event_outcome_record(
    *,
    event: MatchmakingEvent,
    actor: Any,
    kind: str,
    seller: Any = None,
    buyer: Any = None,
    item: EventItem | None = None,
    parties: Any = "",
    amount: Any = None,
    note: Any = "",
) -> EventOutcome:
    """The organizer records an intention or a signed agreement between two parties, usually about an item.

    An agreement needs both parties (it may become a technology contract); an intention may name the
    parties in words only.
    """
    ensure_can(actor, event, "change")
    if kind not in OutcomeKind.values:
        raise ApplicationError(_("请选择成效类型。"), extra={"field": "kind"})
    if item is not None and item.event_id != event.pk:
        raise ApplicationError(_("路演项目不属于本活动。"), extra={"field": "item"})
    seller_org, buyer_org = _outcome_parties(kind, seller, buyer)
    if not (isinstance(parties, str) and parties.strip()):
        parties = "、".join(o.name for o in (seller_org, buyer_org) if o is not None)
    outcome = EventOutcome(
        event=event,
        kind=kind,
        item=item,
        seller=seller_org,
        buyer=buyer_org,
        parties=clean_text(parties, "parties", _("参与方"), max_length=300),
        amount=clean_money(amount, field="amount", label=_("金额")),
        note=clean_text(note, "note", _("说明"), required=False, max_length=500),
        recorded_by=actor,
    )
    save_new(outcome, actor=actor, action="market.event_outcome", target=event, after=snapshot(outcome))
    return outcome
