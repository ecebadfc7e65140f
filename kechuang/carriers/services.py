"""Writes for carriers and alliances: every change audited, status moves through the transition kernel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.carriers.choices import (
    CARRIER_IN_FORCE,
    CARRIER_TRANSITIONS,
    TIER_ORDER,
    AllianceRole,
    CarrierStatus,
    ChainPosition,
    HostRole,
    ProjectStatus,
    Tier,
)
from kechuang.carriers.models import (
    Alliance,
    AllianceMember,
    AllianceProject,
    Carrier,
    CarrierEvent,
    CarrierHost,
)
from kechuang.carriers.services_alliances import ensure_region_officer
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition


def _event(*, carrier: Carrier, title: str, note: str = "", actor: Any, on: dt.date | None = None) -> None:
    event = CarrierEvent(
        carrier=carrier,
        occurred_on=on or timezone.localdate(),
        title=title,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    clean_and_save(event)


@transaction.atomic
def carrier_create(
    *,
    name: str,
    kind: str,
    tier: str,
    region: Any,
    hosts: Sequence[tuple[Any, str]],
    actor: Any,
    responsible_department: Any = None,
    industry: Any = None,
    certificate_no: str = "",
    recognised_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    description: str = "",
) -> Carrier:
    """Register a carrier with its hosts; exactly one host must lead (主建)."""
    leads = [org for org, role in hosts if role == HostRole.LEAD]
    if len(leads) != 1:
        raise ApplicationError(_("创新载体必须有且只有一个主建单位。"))
    if len({org.pk for org, _role in hosts}) != len(hosts):
        raise ApplicationError(_("依托单位不能重复。"))
    carrier = Carrier(
        name=name.strip(),
        kind=kind,
        tier=tier,
        region=region,
        region_path=region.path,
        responsible_department=responsible_department,
        industry=industry,
        certificate_no=certificate_no,
        recognised_on=recognised_on,
        valid_until=valid_until,
        description=description,
    )
    clean_and_save(carrier)
    for org, role in hosts:
        link = CarrierHost(carrier=carrier, organization=org, role=role)
        clean_and_save(link)
    _event(
        carrier=carrier,
        title=_("认定为%(tier)s%(kind)s")
        % {"tier": carrier.get_tier_display(), "kind": carrier.get_kind_display()},
        note=certificate_no,
        actor=actor,
        on=recognised_on,
    )
    audit_log(actor=actor, action="carrier.create", target=carrier, after=snapshot(carrier))
    return carrier


@transaction.atomic
def carrier_record_recognition(
    *,
    organization: Any,
    kind: str,
    tier: str,
    name: str,
    actor: Any,
    responsible_department: Any,
    certificate_no: str,
    recognised_on: dt.date,
    valid_until: dt.date | None,
) -> Carrier:
    """A recognition was granted: upgrade or renew the organization's carrier of ``kind``, or create one.

    The enterprise ladder (市级 → 省级 → 国家级) is one carrier climbing tiers, so its history shows the climb.
    """
    existing = (
        Carrier.objects.select_for_update()
        .filter(
            kind=kind,
            status__in=CARRIER_IN_FORCE,
            host_links__organization=organization,
            host_links__role=HostRole.LEAD,
        )
        .order_by("-id")
        .first()
    )
    if existing is None:
        return carrier_create(
            name=name,
            kind=kind,
            tier=tier,
            region=organization.region,
            hosts=[(organization, HostRole.LEAD)],
            actor=actor,
            responsible_department=responsible_department,
            industry=organization.industry,
            certificate_no=certificate_no,
            recognised_on=recognised_on,
            valid_until=valid_until,
        )
    before = snapshot(existing)
    if TIER_ORDER[tier] > TIER_ORDER[existing.tier]:
        title = _("升级为%(tier)s") % {"tier": Tier(tier).label}
        existing.tier = tier
        existing.name = name
        existing.responsible_department = responsible_department
    elif TIER_ORDER[tier] == TIER_ORDER[existing.tier]:
        title = _("重新认定，换发证书")
    else:
        # a lower-tier recognition never downgrades a carrier; record it in the history only
        _event(
            carrier=existing,
            title=_("获得%(tier)s认定") % {"tier": Tier(tier).label},
            note=certificate_no,
            actor=actor,
            on=recognised_on,
        )
        return existing
    existing.certificate_no = certificate_no
    existing.recognised_on = recognised_on
    existing.valid_until = valid_until
    existing.version += 1
    clean_and_save(existing)
    _event(carrier=existing, title=title, note=certificate_no, actor=actor, on=recognised_on)
    audit_log(
        actor=actor, action="carrier.recognition", target=existing, before=before, after=snapshot(existing)
    )
    return existing


@transaction.atomic
def carrier_transition(
    *,
    carrier: Carrier,
    to: str,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
    check_permission: bool = True,
) -> Carrier:
    """Warn, reinstate, revoke or merge a carrier (merging needs :func:`carrier_merge`)."""
    if check_permission:
        ensure_can(actor, carrier, "change")
    if to == CarrierStatus.MERGED and carrier.merged_into_id is None:
        raise ApplicationError(_("合并请使用“合并至”操作并指定合并后的载体。"))
    if to in (CarrierStatus.WARNED, CarrierStatus.REVOKED) and not note.strip():
        raise ApplicationError(_("请填写警告或撤销的原因。"))
    transition(
        obj=carrier,
        to=to,
        actor=actor,
        transitions=CARRIER_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    return carrier  # the kernel's StatusChange row is the history line


@transaction.atomic
def carrier_merge(*, carrier: Carrier, into: Carrier, actor: Any, note: str = "") -> Carrier:
    ensure_can(actor, carrier, "change")
    if into.pk == carrier.pk:
        raise ApplicationError(_("不能合并到自身。"))
    if not into.in_force:
        raise ApplicationError(_("只能合并到有效的载体。"))
    Carrier.objects.filter(pk=carrier.pk).update(merged_into=into)
    carrier.merged_into = into
    carrier_transition(
        carrier=carrier, to=CarrierStatus.MERGED, actor=actor, note=note, check_permission=False
    )
    _event(carrier=into, title=_("合并了“%(name)s”") % {"name": carrier.name}, note=note, actor=actor)
    return carrier


@transaction.atomic
def carrier_host_add(*, carrier: Carrier, organization: Any, role: str, actor: Any) -> CarrierHost:
    ensure_can(actor, carrier, "change")
    if role == HostRole.LEAD:
        raise ApplicationError(_("载体已有主建单位，新增单位只能联建或共建。"))
    if CarrierHost.objects.filter(carrier=carrier, organization=organization).exists():
        raise ApplicationError(_("该单位已是此载体的依托单位。"))
    link = CarrierHost(carrier=carrier, organization=organization, role=role)
    clean_and_save(link)
    _event(
        carrier=carrier,
        title=_("新增%(role)s单位") % {"role": HostRole(role).label},
        note=organization.name,
        actor=actor,
    )
    audit_log(
        actor=actor,
        action="carrier.host_add",
        target=carrier,
        after={"organization": organization.pk, "role": role},
    )
    return link


@transaction.atomic
def alliance_create(
    *,
    name: str,
    lead: Any,
    region: Any,
    actor: Any,
    industry: Any = None,
    chain: str = "",
    tier: str = Tier.PROVINCIAL,
    established_on: dt.date | None = None,
    description: str = "",
) -> Alliance:
    ensure_region_officer(actor, region)
    if Alliance.objects.filter(name=name.strip()).exists():
        raise ApplicationError(_("同名联盟已存在。"), extra={"field": "name"})
    alliance = Alliance(
        name=name.strip(),
        lead=lead,
        region=region,
        region_path=region.path,
        industry=industry,
        chain=chain,
        tier=tier,
        established_on=established_on,
        description=description,
    )
    clean_and_save(alliance)
    member = AllianceMember(
        alliance=alliance, organization=lead, role=AllianceRole.LEAD, joined_on=established_on
    )
    clean_and_save(member)
    audit_log(actor=actor, action="alliance.create", target=alliance, after=snapshot(alliance))
    return alliance


@transaction.atomic
def alliance_member_add(
    *,
    alliance: Alliance,
    organization: Any,
    actor: Any,
    role: str = AllianceRole.MEMBER,
    chain_position: str = "",
    joined_on: dt.date | None = None,
) -> AllianceMember:
    ensure_can(actor, alliance, "change")
    if role == AllianceRole.LEAD:
        raise ApplicationError(_("联盟只能有一个牵头单位。"))
    if chain_position and chain_position not in ChainPosition.values:
        raise ApplicationError(_("产业链环节不正确。"))
    if AllianceMember.objects.filter(
        alliance=alliance, organization=organization, left_on__isnull=True
    ).exists():
        raise ApplicationError(_("该单位已是此联盟成员。"))
    member, _created = AllianceMember.objects.update_or_create(
        alliance=alliance,
        organization=organization,
        defaults={"role": role, "chain_position": chain_position, "joined_on": joined_on, "left_on": None},
    )
    audit_log(
        actor=actor,
        action="alliance.member_add",
        target=alliance,
        after={"organization": organization.pk, "role": role},
    )
    return member


@transaction.atomic
def alliance_member_leave(
    *, member: AllianceMember, actor: Any, left_on: dt.date | None = None
) -> AllianceMember:
    ensure_can(actor, member.alliance, "change")
    if member.role == AllianceRole.LEAD:
        raise ApplicationError(_("牵头单位不能退出联盟。"))
    if member.left_on:
        raise ApplicationError(_("该单位已退出联盟。"))
    member.left_on = left_on or timezone.localdate()
    member.full_clean()
    member.save(update_fields=["left_on", "updated_at"])
    audit_log(
        actor=actor,
        action="alliance.member_leave",
        target=member.alliance,
        after={"organization": member.organization_id},
    )
    return member


@transaction.atomic
def alliance_project_add(
    *,
    alliance: Alliance,
    title: str,
    participants: Sequence[Any],
    actor: Any,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    budget: Decimal | None = None,
    results: str = "",
) -> AllianceProject:
    ensure_can(actor, alliance, "change")
    member_ids = set(
        AllianceMember.objects.filter(alliance=alliance, left_on__isnull=True).values_list(
            "organization_id", flat=True
        )
    )
    outsiders = [p.name for p in participants if p.pk not in member_ids]
    if outsiders:
        raise ApplicationError(
            _("以下单位不是联盟成员：%(names)s。") % {"names": "、".join(outsiders)},
            extra={"outsiders": outsiders},
        )
    if started_on and ended_on and ended_on < started_on:
        raise ApplicationError(_("结束日期不能早于开始日期。"))
    today = timezone.localdate()
    if ended_on and ended_on <= today and results.strip():
        status = ProjectStatus.COMPLETED  # recorded after the fact, with its results
    elif started_on and started_on <= today:
        status = ProjectStatus.ONGOING
    else:
        status = ProjectStatus.PROPOSED
    project = AllianceProject(
        alliance=alliance,
        title=title.strip(),
        started_on=started_on,
        ended_on=ended_on,
        budget=budget,
        results=results,
        status=status,
    )
    clean_and_save(project)
    project.participants.set(participants)
    audit_log(
        actor=actor,
        action="alliance.project_add",
        target=alliance,
        after={"project": project.pk, "title": title},
    )
    return project
