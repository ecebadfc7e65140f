"""The buttons of bookings (the owner's approve/decline, either side's cancel) and of redemptions (the
provider's settlement claim, the officer's approval and payment)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kechuang.core.workflow import Action, register_actions
from kechuang.resources.choices import (
    BOOKING_TRANSITIONS,
    REDEMPTION_TRANSITIONS,
    BookingStatus,
    RedemptionStatus,
)
from kechuang.resources.models import Booking, Redemption

register_actions(
    Booking,
    transitions=BOOKING_TRANSITIONS,
    actions=[
        Action("approve", to=BookingStatus.APPROVED, permission="manage", label=_("批准")),
        Action("decline", to=BookingStatus.DECLINED, permission="manage", label=_("不批准")),
        Action("use", to=BookingStatus.USED, permission="manage", label=_("登记使用"), own_form=True),
        Action("rate", to=BookingStatus.RATED, permission="apply", label=_("评价"), own_form=True),
        Action("cancel", to=BookingStatus.CANCELLED, permission="cancel", label=_("取消预约")),
    ],
)

register_actions(
    Redemption,
    transitions=REDEMPTION_TRANSITIONS,
    actions=[
        Action("claim", to=RedemptionStatus.CLAIMED, permission="claim", label=_("申请结算")),
        Action("approve", to=RedemptionStatus.APPROVED, permission="settle", label=_("审核通过")),
        Action("pay", to=RedemptionStatus.PAID, permission="settle", label=_("登记拨付")),
    ],
)
