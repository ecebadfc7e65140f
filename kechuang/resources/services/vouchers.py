"""Innovation vouchers: a department's scheme issues vouchers to enterprises (within its budget and the cap
per enterprise), an enterprise redeems one against a used booking, the provider claims settlement and the
scheme's officer approves and pays it; an unused balance returns to the budget when the voucher expires.

Every write keeps ``amount = redeemed + expired_amount + balance`` for each voucher (the reconciliation
checks it)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can, not_allowed
from kechuang.core.workflow import transition
from kechuang.registry.models import Department, Organization
from kechuang.registry.selectors import user_officer_roles
from kechuang.registry.services_integrity import ensure_not_blocked
from kechuang.resources.choices import (
    REDEMPTION_TRANSITIONS,
    VOUCHER_TRANSITIONS,
    BookingStatus,
    OrderStatus,
    RedemptionStatus,
    ServiceKind,
    VoucherStatus,
)
from kechuang.resources.models import ZERO, Booking, Redemption, ServiceOrder, Voucher, VoucherScheme
from kechuang.resources.rules import parse_scheme_rule

CENT = Decimal("0.01")
OPEN = (VoucherStatus.ISSUED, VoucherStatus.PARTLY_REDEEMED)


def yuan_text(value: Decimal) -> str:
    return f"{value.quantize(CENT):,}"


@transaction.atomic
def scheme_create(
    *,
    actor: Any,
    department: Department,
    name: str,
    year: int,
    budget: Decimal,
    share_percent: Decimal,
    cap_per_enterprise: Decimal,
    valid_from: dt.date,
    valid_until: dt.date,
    eligibility_rule: str = "",
    pays_instrument_use: bool = True,
    pays_services: bool = True,
    pays_testing: bool = True,
) -> VoucherScheme:
    """A department's officer (or a platform admin) opens a voucher scheme; its rule (who may apply) is
    parsed now, so a wrong rule is refused before any enterprise meets it.

    A scheme spends the department's budget over the department's whole region, so the officer must serve
    that whole region: an officer of the same bureau posted to one district (区县窗口) handles what reaches
    that district but does not open a city-wide scheme — nor could they manage it afterwards
    (``permissions.scheme_rule``). docs/resources.md says why."""
    if not user_is_platform_admin(actor):
        roles = [r for r in user_officer_roles(actor) if r.department_id == department.pk]
        if not roles:
            raise not_allowed()
        if not any(department.region.path.startswith(r.region.path) for r in roles):
            raise ApplicationError(
                _("创新券计划面向%(region)s全域，须由负责%(department)s全辖区的工作人员设立。")
                % {"region": department.region.name, "department": department.name},
                extra={"field": "department"},
            )
    if eligibility_rule.strip():
        parse_scheme_rule(eligibility_rule)
    if not (pays_instrument_use or pays_services or pays_testing):
        raise ApplicationError(
            _("请至少选择一项创新券可支付的服务。"), extra={"field": "pays_instrument_use"}
        )
    scheme = VoucherScheme(
        department=department,
        name=name,
        year=year,
        budget=budget,
        share_percent=share_percent,
        cap_per_enterprise=cap_per_enterprise,
        valid_from=valid_from,
        valid_until=valid_until,
        eligibility_rule=eligibility_rule.strip(),
        pays_instrument_use=pays_instrument_use,
        pays_services=pays_services,
        pays_testing=pays_testing,
    )
    scheme.region_path = department.region.path
    scheme.full_clean()
    scheme.save()
    audit_log(
        actor=actor, action="voucher_scheme.create", target=scheme, after={"name": name, "budget": budget}
    )
    return scheme


def _committed(vouchers: Any) -> Decimal:
    """What vouchers hold of a budget: their amounts less what returned on expiry."""
    return vouchers.aggregate(total=Sum(F("amount") - F("expired_amount")))["total"] or ZERO


@transaction.atomic
def voucher_issue(*, actor: Any, scheme: VoucherScheme, enterprise: Organization, amount: Decimal) -> Voucher:
    """Issue ``amount`` to ``enterprise``; refused over the scheme's budget or the enterprise's cap."""
    ensure_can(actor, scheme, "manage")
    scheme = VoucherScheme.objects.select_for_update().get(pk=scheme.pk)  # one issue at a time per scheme
    if not (enterprise.region_path or "").startswith(scheme.region_path or "\x00"):
        # A scheme of one city's department funds that city's enterprises only (issue 10).
        raise ApplicationError(_("该企业不在本创新券计划的适用地区内。"), extra={"field": "enterprise"})
    if amount <= 0:
        raise ApplicationError(_("发放金额必须大于零。"), extra={"field": "amount"})
    ensure_not_blocked(enterprise, own=False)
    left = scheme.budget - _committed(scheme.vouchers.all())
    if amount > left:
        raise ApplicationError(
            _("超出创新券计划预算：剩余可发放%(left)s元。") % {"left": yuan_text(left)},
            extra={"field": "amount"},
        )
    cap_left = scheme.cap_per_enterprise - _committed(scheme.vouchers.filter(enterprise=enterprise))
    if amount > cap_left:
        raise ApplicationError(
            _("超出每家企业每年上限：该企业本年度还可发放%(left)s元。") % {"left": yuan_text(cap_left)},
            extra={"field": "amount"},
        )
    voucher = Voucher(scheme=scheme, enterprise=enterprise, amount=amount, balance=amount, issued_by=actor)
    voucher.full_clean()
    voucher.save()
    audit_log(
        actor=actor,
        action="voucher.issue",
        target=voucher,
        after={"enterprise": enterprise.pk, "amount": amount},
    )
    return voucher


def _open_voucher(*, actor: Any, voucher: Voucher) -> Voucher:
    ensure_can(actor, voucher, "redeem")
    voucher = Voucher.objects.select_for_update().select_related("scheme").get(pk=voucher.pk)
    if voucher.status not in OPEN:
        raise ApplicationError(
            _("该创新券%(status)s，不能再使用。") % {"status": voucher.get_status_display()}
        )
    scheme = voucher.scheme
    today = timezone.localdate()
    if not scheme.valid_from <= today <= scheme.valid_until:
        raise ApplicationError(
            _("创新券不在有效期内（%(start)s至%(end)s）。")
            % {"start": f"{scheme.valid_from:%Y-%m-%d}", "end": f"{scheme.valid_until:%Y-%m-%d}"}
        )
    return voucher


def _redeem(
    *,
    actor: Any,
    voucher: Voucher,
    fee: Decimal,
    already: Decimal,
    provider: Organization,
    booking: Booking | None = None,
    order: ServiceOrder | None = None,
) -> Redemption:
    """Pay the share of ``fee`` the scheme covers, less what was ``already`` paid of it, up to the balance
    (the caller holds the voucher's row lock)."""
    covered = (fee * voucher.scheme.share_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    amount = min(covered - already, voucher.balance)
    if amount <= 0:
        raise ApplicationError(_("该费用可由创新券抵扣的部分已全部抵扣。"))
    redemption = Redemption(voucher=voucher, booking=booking, order=order, provider=provider, amount=amount)
    redemption.full_clean()
    redemption.save()
    voucher.balance -= amount
    voucher.save(update_fields=["balance", "updated_at"])
    audit_log(
        actor=actor,
        action="voucher.redeem",
        target=redemption,
        after={
            "voucher": voucher.pk,
            "booking": booking and booking.pk,
            "order": order and order.pk,
            "amount": amount,
            "balance": voucher.balance,
        },
    )
    if voucher.balance == 0:
        transition(obj=voucher, to=VoucherStatus.REDEEMED, actor=actor, transitions=VOUCHER_TRANSITIONS)
    elif voucher.status == VoucherStatus.ISSUED:
        transition(
            obj=voucher, to=VoucherStatus.PARTLY_REDEEMED, actor=actor, transitions=VOUCHER_TRANSITIONS
        )
    return redemption


@transaction.atomic
def voucher_redeem(*, actor: Any, voucher: Voucher, booking: Booking) -> Redemption:
    """The enterprise pays part of a used booking's fee with its voucher: the share the scheme covers,
    no more than the balance; once per voucher and booking."""
    voucher = _open_voucher(actor=actor, voucher=voucher)
    booking = Booking.objects.select_related("instrument").get(pk=booking.pk)
    if booking.status not in (BookingStatus.USED, BookingStatus.RATED):
        raise ApplicationError(_("只能对已使用的预约抵扣创新券。"))
    if booking.organization_id != voucher.enterprise_id:
        raise ApplicationError(_("该预约不属于持券企业。"))
    if not voucher.scheme.pays_instrument_use:
        raise ApplicationError(_("本创新券计划不支付大型仪器共享费用。"))
    if Redemption.objects.filter(voucher=voucher, booking=booking).exists():
        raise ApplicationError(_("该创新券已用于此次预约，不能重复使用。"))
    already = booking.redemptions.aggregate(total=Sum("amount"))["total"] or ZERO
    return _redeem(
        actor=actor,
        voucher=voucher,
        fee=booking.fee or ZERO,
        already=already,
        provider=booking.instrument.owner,
        booking=booking,
    )


@transaction.atomic
def voucher_redeem_order(*, actor: Any, voucher: Voucher, order: ServiceOrder) -> Redemption:
    """The enterprise pays part of a delivered service order with its voucher (testing services if the
    scheme pays for testing, the others if it pays for services); once per voucher and order."""
    voucher = _open_voucher(actor=actor, voucher=voucher)
    order = ServiceOrder.objects.select_related("service__agency").get(pk=order.pk)
    if order.status not in (OrderStatus.DELIVERED, OrderStatus.RATED):
        raise ApplicationError(_("只能对已交付的服务抵扣创新券。"))
    if order.enterprise_id != voucher.enterprise_id:
        raise ApplicationError(_("该服务委托不属于持券企业。"))
    testing = order.service.kind == ServiceKind.TESTING
    if not (voucher.scheme.pays_testing if testing else voucher.scheme.pays_services):
        raise ApplicationError(
            _("本创新券计划不支付“%(kind)s”类服务。") % {"kind": order.service.get_kind_display()}
        )
    if Redemption.objects.filter(voucher=voucher, order=order).exists():
        raise ApplicationError(_("该创新券已用于此项服务，不能重复使用。"))
    already = order.redemptions.aggregate(total=Sum("amount"))["total"] or ZERO
    return _redeem(
        actor=actor,
        voucher=voucher,
        fee=order.fee or ZERO,
        already=already,
        provider=order.service.agency.organization,
        order=order,
    )


def _settlement_move(*, redemption: Redemption, to: str, actor: Any, permission: str) -> Redemption:
    ensure_can(actor, redemption, permission)
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    transition(obj=redemption, to=to, actor=actor, transitions=REDEMPTION_TRANSITIONS)
    return redemption


@transaction.atomic
def settlement_claim(*, actor: Any, redemption: Redemption) -> Redemption:
    """The provider claims settlement of a redemption from the scheme."""
    return _settlement_move(
        redemption=redemption, to=RedemptionStatus.CLAIMED, actor=actor, permission="claim"
    )


@transaction.atomic
def settlement_approve(*, actor: Any, redemption: Redemption) -> Redemption:
    """The scheme's officer approves the provider's claim."""
    return _settlement_move(
        redemption=redemption, to=RedemptionStatus.APPROVED, actor=actor, permission="settle"
    )


@transaction.atomic
def settlement_pay(*, actor: Any, redemption: Redemption) -> Redemption:
    """The scheme's officer records the payment; a used-up voucher all of whose redemptions are paid is
    settled."""
    redemption = _settlement_move(
        redemption=redemption, to=RedemptionStatus.PAID, actor=actor, permission="settle"
    )
    voucher = Voucher.objects.select_for_update().get(pk=redemption.voucher_id)
    unpaid = voucher.redemptions.exclude(status=RedemptionStatus.PAID).exists()
    if voucher.status == VoucherStatus.REDEEMED and not unpaid:
        transition(obj=voucher, to=VoucherStatus.SETTLED, actor=actor, transitions=VOUCHER_TRANSITIONS)
    return redemption


@transaction.atomic
def voucher_expire(*, actor: Any, voucher: Voucher, today: dt.date | None = None) -> Voucher:
    """After the scheme's validity, the officer expires an open voucher: its balance returns to the budget."""
    ensure_can(actor, voucher, "manage")
    voucher = Voucher.objects.select_for_update().select_related("scheme").get(pk=voucher.pk)
    today = today or timezone.localdate()
    if voucher.status in OPEN and today <= voucher.scheme.valid_until:
        raise ApplicationError(
            _("创新券有效期至%(end)s，尚未过期。") % {"end": f"{voucher.scheme.valid_until:%Y-%m-%d}"}
        )
    before = voucher.balance
    transition(obj=voucher, to=VoucherStatus.EXPIRED, actor=actor, transitions=VOUCHER_TRANSITIONS)
    voucher.expired_amount, voucher.balance = before, ZERO
    voucher.save(update_fields=["expired_amount", "balance", "updated_at"])
    audit_log(actor=actor, action="voucher.expire", target=voucher, after={"expired_amount": before})
    return voucher
