"""The buttons of voucher applications (the officer's issue/decline, the enterprise's withdrawal), of
bookings (the owner's approve/decline, either side's cancel) and of redemptions (the
provider's settlement claim, the officer's approval and payment)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kechuang.core.workflow import Action, register_actions
from kechuang.resources.choices import (
    APPLICATION_TRANSITIONS,
    BOOKING_TRANSITIONS,
    ORDER_TRANSITIONS,
    REDEMPTION_TRANSITIONS,
    ApplicationStatus,
    BookingStatus,
    OrderStatus,
    RedemptionStatus,
)
from kechuang.resources.models import Booking, Redemption, ServiceOrder, VoucherApplication

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

register_actions(
    VoucherApplication,
    transitions=APPLICATION_TRANSITIONS,
    actions=[
        Action("issue", to=ApplicationStatus.ISSUED, permission="manage", label=_("发券"), own_form=True),
        Action(
            "decline", to=ApplicationStatus.DECLINED, permission="manage", label=_("不予发券"), own_form=True
        ),
        Action("withdraw", to=ApplicationStatus.WITHDRAWN, permission="apply", label=_("撤回申领")),
    ],
)

register_actions(
    ServiceOrder,
    transitions=ORDER_TRANSITIONS,
    actions=[
        Action("accept", to=OrderStatus.ACCEPTED, permission="manage", label=_("受理")),
        Action("decline", to=OrderStatus.DECLINED, permission="manage", label=_("不予受理")),
        Action("deliver", to=OrderStatus.DELIVERED, permission="manage", label=_("登记交付"), own_form=True),
        Action("rate", to=OrderStatus.RATED, permission="apply", label=_("确认并评价"), own_form=True),
        Action("cancel", to=OrderStatus.CANCELLED, permission="cancel", label=_("取消委托")),
    ],
)
