"""Shared resources' share of a user's workbench: settlements for officers; booking requests for an
instrument's owner; vouchers with a balance (and their expiry) for the enterprise."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.permissions import restrict
from kechuang.core.work import WorkItem, WorkList
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_organization_ids
from kechuang.resources.choices import BookingStatus, DispatchStatus, LogStatus, OrderStatus, VoucherStatus
from kechuang.resources.models import Dispatch, WorkLog
from kechuang.resources.selectors import (
    application_queue,
    my_vouchers,
    owner_requests,
    settlement_queue,
)
from kechuang.resources.selectors_agencies import agency_orders


def pending_for(user: Any) -> list[WorkItem]:
    """At most seven queries."""
    items = WorkList(_("仪器共享与创新券"))
    if user_is_officer_or_admin(user):
        items.add(
            _("待审核的创新券申领"),
            count=application_queue(user=user).count(),
            url=reverse("resources:application_queue"),
            hint=_("核定金额发券，或说明理由不予发券"),
        )
        items.add(
            _("待审核或拨付的创新券结算"),
            count=settlement_queue(user=user).count(),
            url=reverse("resources:settlement_queue"),
            hint=_("审核服务机构的结算申请并拨付"),
        )
    _commissioner_items(user, items)
    if not user_organization_ids(user):
        return items
    items.add(
        _("待受理或交付的服务委托"),
        count=agency_orders(user=user)
        .filter(status__in=[OrderStatus.REQUESTED, OrderStatus.ACCEPTED])
        .count(),
        url=reverse("resources:order_list"),
        hint=_("受理企业的委托，服务完成后登记交付和服务费"),
    )
    items.add(
        _("待确认的科技特派员工作记录"),
        count=restrict(WorkLog.objects.filter(status=LogStatus.SUBMITTED), user, "confirm").count(),
        url=reverse("resources:dispatch_list"),
        hint=_("确认特派员的服务并评分，或提出异议"),
    )
    items.add(
        _("待审核的仪器预约"),
        count=owner_requests(user=user, status=BookingStatus.REQUESTED).count(),
        url=reverse("resources:owner_requests"),
        hint=_("批准或说明理由不予批准"),
    )
    today = timezone.localdate()
    usable = my_vouchers(user=user).filter(
        status__in=[VoucherStatus.ISSUED, VoucherStatus.PARTLY_REDEEMED], scheme__valid_until__gte=today
    )
    first = usable.order_by("scheme__valid_until").values_list("scheme__valid_until", flat=True).first()
    if first is not None:
        items.add(
            _("可使用的创新券"),
            count=usable.count(),
            url=reverse("resources:my_vouchers"),
            hint=_("预约共享仪器后用券抵扣费用"),
            due=first,
        )
    return items


def _commissioner_items(user: Any, items: WorkList) -> None:
    """A commissioner's dispatches in service (one query)."""
    items.add(
        _("派驻中的科技特派员服务"),
        count=restrict(Dispatch.objects.filter(status=DispatchStatus.ACTIVE), user, "log").count(),
        url=reverse("resources:dispatch_list"),
        hint=_("每次走访、培训、解决难题后填写工作记录"),
    )
