"""Shared resources' share of a user's workbench: settlements for officers; booking requests for an
instrument's owner; vouchers with a balance (and their expiry) for the enterprise."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.work import WorkItem
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_organization_ids
from kechuang.resources.choices import BookingStatus, VoucherStatus
from kechuang.resources.selectors import (
    application_queue,
    my_vouchers,
    owner_requests,
    settlement_queue,
)


def pending_for(user: Any) -> list[WorkItem]:
    """At most four queries."""
    items: list[WorkItem] = []
    section = _("仪器共享与创新券")
    if user_is_officer_or_admin(user):
        waiting = application_queue(user=user).count()
        if waiting:
            items.append(
                WorkItem(
                    section=section,
                    title=_("待审核的创新券申领"),
                    count=waiting,
                    url=reverse("resources:application_queue"),
                    hint=_("核定金额发券，或说明理由不予发券"),
                )
            )
        n = settlement_queue(user=user).count()
        if n:
            items.append(
                WorkItem(
                    section=section,
                    title=_("待审核或拨付的创新券结算"),
                    count=n,
                    url=reverse("resources:settlement_queue"),
                    hint=_("审核服务机构的结算申请并拨付"),
                )
            )
    if not user_organization_ids(user):
        return items
    requests = owner_requests(user=user, status=BookingStatus.REQUESTED).count()
    if requests:
        items.append(
            WorkItem(
                section=section,
                title=_("待审核的仪器预约"),
                count=requests,
                url=reverse("resources:owner_requests"),
                hint=_("批准或说明理由不予批准"),
            )
        )
    today = timezone.localdate()
    usable = my_vouchers(user=user).filter(
        status__in=[VoucherStatus.ISSUED, VoucherStatus.PARTLY_REDEEMED], scheme__valid_until__gte=today
    )
    first = usable.order_by("scheme__valid_until").values_list("scheme__valid_until", flat=True).first()
    if first is not None:
        items.append(
            WorkItem(
                section=section,
                title=_("可使用的创新券"),
                count=usable.count(),
                url=reverse("resources:my_vouchers"),
                hint=_("预约共享仪器后用券抵扣费用"),
                due=first,
            )
        )
    return items
