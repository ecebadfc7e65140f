"""IP-week and science-popularisation events (4.26 知识产权宣传周, 科技活动月): recorded by the organiser or
an officer of the region, counted for the plans (number of events, participants)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.core.text import clean_name
from kechuang.quality.choices import EventKind
from kechuang.quality.models import Event
from kechuang.registry.models import Organization, Region
from kechuang.registry.selectors import user_officer_roles, user_organization_ids

MAX_PARTICIPANTS = 1_000_000


def clean_event(
    *, kind: str, title: str, held_on: dt.date, place: str, participants: Any, outcome: str = ""
) -> dict[str, Any]:
    if kind not in EventKind.values:
        raise ApplicationError(_("请选择活动类型。"), extra={"field": "kind"})
    title = clean_name(title)
    if not title:
        raise ApplicationError(_("请填写活动名称。"), extra={"field": "title"})
    check_date_range(held_on, field="held_on", label=_("举办日期"))
    place = clean_name(place)
    if not place:
        raise ApplicationError(_("请填写活动地点。"), extra={"field": "place"})
    try:
        count = int(participants)
    except (TypeError, ValueError):
        raise ApplicationError(_("参加人数应为整数。"), extra={"field": "participants"}) from None
    if not 0 <= count <= MAX_PARTICIPANTS:
        raise ApplicationError(
            _("参加人数应在0至%(max)d之间。") % {"max": MAX_PARTICIPANTS}, extra={"field": "participants"}
        )
    return {
        "kind": kind,
        "title": title,
        "held_on": held_on,
        "place": place,
        "participants": count,
        "outcome": outcome.strip(),
    }


def _ensure_may_record(actor: Any, organiser: Organization, region: Region) -> None:
    """The organiser's admins, officers of the event's region subtree and platform admins record events."""
    if user_is_platform_admin(actor) or organiser.pk in user_organization_ids(actor, admin_only=True):
        return
    if any(region.path.startswith(role.region.path) for role in user_officer_roles(actor)):
        return
    raise ApplicationError(_("只有主办单位管理员或所在地区的主管部门可以登记活动。"))


@transaction.atomic
def event_create(
    *, organiser: Organization, actor: Any, region: Region | None = None, **fields: Any
) -> Event:
    """Record an event held by ``organiser`` (in its own region unless another is named)."""
    values = clean_event(**fields)
    region = region or organiser.region
    _ensure_may_record(actor, organiser, region)
    event = Event(organiser=organiser, region=region, region_path=region.path, **values)
    clean_and_save(event)
    audit_log(actor=actor, action="event.create", target=event, after=snapshot(event))
    return event


@transaction.atomic
def event_update(*, event: Event, actor: Any, **fields: Any) -> Event:
    """Correct an event, e.g. its participants and outcome once it has taken place."""
    ensure_can(actor, event, "change")
    values = clean_event(**fields)
    before = snapshot(event)
    for key, value in values.items():
        setattr(event, key, value)
    clean_and_save(event)
    audit_log(actor=actor, action="event.update", target=event, before=before, after=snapshot(event))
    return event
