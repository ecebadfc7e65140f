"""Service agencies: an organization's admin registers it as an agency and lists its services; officers of
a park's region record the agency's presence there (the seed 003 checklist); an enterprise orders a listed
service, the agency accepts (or declines) and delivers it with the fee, and the enterprise rates it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can, not_allowed
from kechuang.core.workflow import transition
from kechuang.registry.models import Organization, Park, Region
from kechuang.registry.selectors import officer_region_q, user_organization_ids
from kechuang.resources.choices import ORDER_TRANSITIONS, OrderStatus
from kechuang.resources.models_agencies import AgencyService, ParkPresence, ServiceAgency, ServiceOrder
from kechuang.resources.services.rating import record_rating

# who may take each move of an order (a permission of kechuang/resources/permissions.py)
ORDER_MOVE_PERMISSION: dict[str, str] = {
    OrderStatus.ACCEPTED: "manage",
    OrderStatus.DECLINED: "manage",
    OrderStatus.DELIVERED: "manage",
    OrderStatus.CANCELLED: "cancel",
    OrderStatus.RATED: "apply",
}


@transaction.atomic
def agency_register(
    *, actor: Any, organization: Organization, kind: str, description: str = "", contact: str = ""
) -> ServiceAgency:
    """The organization's admin (or a platform admin) registers it as a service agency."""
    if not user_is_platform_admin(actor) and organization.pk not in user_organization_ids(
        actor, admin_only=True
    ):
        raise not_allowed()
    if ServiceAgency.objects.filter(organization=organization).exists():
        raise ApplicationError(_("该单位已登记为科技服务机构。"), extra={"field": "organization"})
    agency = ServiceAgency(
        organization=organization, kind=kind, description=description.strip(), contact=contact
    )
    agency.full_clean()
    agency.save()
    audit_log(actor=actor, action="agency.register", target=agency, after={"kind": kind})
    return agency


@transaction.atomic
def service_create(
    *,
    actor: Any,
    agency: ServiceAgency,
    name: str,
    kind: str,
    price: Decimal,
    region_served: Region | str,
    unit: str = "次",
    description: str = "",
) -> AgencyService:
    """The agency's admin lists a service in its catalogue; the region served is a region or its code."""
    ensure_can(actor, agency, "manage")
    if not isinstance(region_served, Region):
        found = Region.objects.filter(code=str(region_served).strip()).first()
        if found is None:
            raise ApplicationError(_("服务地区代码不存在。"), extra={"field": "region_served"})
        region_served = found
    if not name.strip():
        raise ApplicationError(_("请填写服务名称。"), extra={"field": "name"})
    if price < 0:
        raise ApplicationError(_("参考价格不能为负数。"), extra={"field": "price"})
    service = AgencyService(
        agency=agency,
        name=name.strip(),
        kind=kind,
        price=price,
        unit=unit.strip() or "次",
        region_served=region_served,
        description=description.strip(),
    )
    service.full_clean()
    service.save()
    audit_log(
        actor=actor, action="agency_service.create", target=service, after={"name": name, "price": price}
    )
    return service


@transaction.atomic
def presence_record(
    *,
    actor: Any,
    agency: ServiceAgency,
    park: Park,
    has_sign: bool,
    staff: int,
    has_office: bool,
    service_records: int,
    note: str = "",
) -> ParkPresence:
    """An officer serving the park's region records what they found of the agency there."""
    if (
        not user_is_platform_admin(actor)
        and not Park.objects.filter(officer_region_q(actor, "region__path"), pk=park.pk).exists()
    ):
        raise not_allowed()
    if staff < 0 or service_records < 0:
        raise ApplicationError(_("人数和服务记录数不能为负数。"), extra={"field": "staff"})
    presence = ParkPresence(
        agency=agency,
        park=park,
        region_path=park.region.path,
        has_sign=has_sign,
        staff=staff,
        has_office=has_office,
        service_records=service_records,
        checked_on=timezone.localdate(),
        checked_by=actor,
        note=note.strip(),
    )
    presence.full_clean()
    presence.save()
    audit_log(
        actor=actor,
        action="agency.presence",
        target=presence,
        after={"park": park.pk, "complete": presence.complete},
    )
    return presence


@transaction.atomic
def order_request(
    *, actor: Any, service: AgencyService, enterprise: Organization, description: str
) -> ServiceOrder:
    """A member of ``enterprise`` orders a listed service; the enterprise must lie in the region served."""
    if enterprise.pk not in user_organization_ids(actor):
        raise not_allowed()
    if not service.active:
        raise ApplicationError(_("该服务项目已下架。"))
    if not (enterprise.region_path or "").startswith(service.region_path):
        raise ApplicationError(
            _("该服务项目只面向%(region)s的单位。") % {"region": service.region_served.name},
            extra={"field": "enterprise"},
        )
    if service.agency.organization_id == enterprise.pk:
        raise ApplicationError(_("不能委托本单位的服务项目。"), extra={"field": "enterprise"})
    if not description.strip():
        raise ApplicationError(_("请填写需求说明。"), extra={"field": "description"})
    order = ServiceOrder(
        service=service, enterprise=enterprise, requested_by=actor, description=description.strip()
    )
    order.full_clean()
    order.save()
    audit_log(actor=actor, action="service_order.request", target=order, after={"service": service.pk})
    return order


@transaction.atomic
def order_transition(
    *, order: ServiceOrder, to: str, actor: Any, note: str = "", expected_version: int | None = None
) -> ServiceOrder:
    """Accept, decline or cancel an order (the moves without a form of their own)."""
    ensure_can(actor, order, ORDER_MOVE_PERMISSION.get(to, "manage"))
    transition(
        obj=order,
        to=to,
        actor=actor,
        transitions=ORDER_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    if note:
        ServiceOrder.objects.filter(pk=order.pk).update(note=note)
    return order


@transaction.atomic
def order_deliver(
    *, order: ServiceOrder, actor: Any, fee: Decimal, delivery_note: str, expected_version: int | None = None
) -> ServiceOrder:
    """The agency records the delivery of an accepted order and its fee."""
    ensure_can(actor, order, "manage")
    if fee < 0:
        raise ApplicationError(_("服务费不能为负数。"), extra={"field": "fee"})
    if not delivery_note.strip():
        raise ApplicationError(_("请填写交付说明。"), extra={"field": "delivery_note"})
    order_transition(order=order, to=OrderStatus.DELIVERED, actor=actor, expected_version=expected_version)
    order.fee, order.delivery_note, order.delivered_on = fee, delivery_note.strip(), timezone.localdate()
    order.save(update_fields=["fee", "delivery_note", "delivered_on", "updated_at"])
    audit_log(actor=actor, action="service_order.deliver", target=order, after={"fee": fee})
    return order


@transaction.atomic
def order_rate(*, order: ServiceOrder, actor: Any, rating: int, comment: str = "") -> ServiceOrder:
    """The enterprise confirms the delivery and rates it (1–5)."""
    record_rating(
        order,
        actor=actor,
        rating=rating,
        comment=comment,
        to_rated=lambda: order_transition(order=order, to=OrderStatus.RATED, actor=actor),
        action="service_order.rate",
    )
    return order
