"""Applications for innovation vouchers (申领): an enterprise that meets the scheme's rule applies for an
amount; the scheme's officer issues a voucher (within the budget and the cap per enterprise) or declines
with a reason; the enterprise may withdraw a waiting application. Expiry of the vouchers whose scheme has
ended, in one go, is here too (the officer's button and the nightly command)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can, not_allowed
from kechuang.core.workflow import transition
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_organization_ids
from kechuang.registry.services_integrity import ensure_can_apply
from kechuang.resources.choices import APPLICATION_TRANSITIONS, ApplicationStatus, VoucherStatus
from kechuang.resources.models import Voucher, VoucherApplication, VoucherScheme
from kechuang.resources.rules import scheme_unmet
from kechuang.resources.services.vouchers import voucher_expire, voucher_issue, yuan_text


def _ensure_eligible(*, scheme: VoucherScheme, enterprise: Organization, today: dt.date) -> None:
    unmet = scheme_unmet(text=scheme.eligibility_rule, organization=enterprise, today=today)
    if unmet:
        raise ApplicationError(
            _("不符合本创新券计划的申领条件：%(reasons)s。") % {"reasons": "；".join(unmet)},
            extra={"field": "enterprise", "unmet": unmet},
        )


@transaction.atomic
def voucher_apply(
    *, actor: Any, scheme: VoucherScheme, enterprise: Organization, amount: Decimal, purpose: str
) -> VoucherApplication:
    """A member of ``enterprise`` applies for a voucher of ``scheme``: the scheme must be open today, the
    enterprise verified, in the scheme's region and meeting its rule; one waiting application at a time."""
    if enterprise.pk not in user_organization_ids(actor):
        raise not_allowed()
    today = timezone.localdate()
    if not scheme.valid_from <= today <= scheme.valid_until:
        raise ApplicationError(
            _("该创新券计划不在申领期内（%(start)s至%(end)s）。")
            % {"start": f"{scheme.valid_from:%Y年%-m月%-d日}", "end": f"{scheme.valid_until:%Y年%-m月%-d日}"}
        )
    if not (enterprise.region_path or "").startswith(scheme.region_path or "\x00"):
        raise ApplicationError(_("贵单位不在本创新券计划的适用地区内。"), extra={"field": "enterprise"})
    ensure_can_apply(enterprise)
    if amount <= 0:
        raise ApplicationError(_("申请金额必须大于零。"), extra={"field": "amount"})
    if amount > scheme.cap_per_enterprise:
        raise ApplicationError(
            _("申请金额不能超过每家企业每年上限%(cap)s元。") % {"cap": yuan_text(scheme.cap_per_enterprise)},
            extra={"field": "amount"},
        )
    purpose = purpose.strip()
    if not purpose:
        raise ApplicationError(_("请填写用途说明。"), extra={"field": "purpose"})
    _ensure_eligible(scheme=scheme, enterprise=enterprise, today=today)
    waiting = VoucherApplication.objects.filter(
        scheme=scheme, enterprise=enterprise, status=ApplicationStatus.SUBMITTED
    )
    if waiting.exists():
        raise ApplicationError(_("贵单位已有一份待审核的申领，请等待审核结果。"))
    application = VoucherApplication(
        scheme=scheme, enterprise=enterprise, applicant=actor, amount_requested=amount, purpose=purpose
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a concurrent second application of the same enterprise
        raise ApplicationError(_("贵单位已有一份待审核的申领，请等待审核结果。")) from None
    audit_log(
        actor=actor,
        action="voucher_application.submit",
        target=application,
        after={"scheme": scheme.pk, "enterprise": enterprise.pk, "amount": amount},
    )
    return application


@transaction.atomic
def application_issue(
    *, actor: Any, application: VoucherApplication, amount: Decimal, expected_version: int | None = None
) -> Voucher:
    """The scheme's officer issues a voucher for a waiting application (the rule is checked again: the
    enterprise's facts may have changed since it applied)."""
    ensure_can(actor, application, "manage")
    application = (
        VoucherApplication.objects.select_for_update()
        .select_related("scheme", "enterprise")
        .get(pk=application.pk)
    )
    if application.status == ApplicationStatus.SUBMITTED:
        _ensure_eligible(
            scheme=application.scheme, enterprise=application.enterprise, today=timezone.localdate()
        )
    transition(
        obj=application,
        to=ApplicationStatus.ISSUED,
        actor=actor,
        transitions=APPLICATION_TRANSITIONS,
        expected_version=expected_version,
    )
    voucher = voucher_issue(
        actor=actor, scheme=application.scheme, enterprise=application.enterprise, amount=amount
    )
    application.voucher = voucher
    application.save(update_fields=["voucher", "updated_at"])
    audit_log(
        actor=actor,
        action="voucher_application.issue",
        target=application,
        after={"voucher": voucher.pk, "amount": amount},
    )
    return voucher


@transaction.atomic
def application_decline(
    *, actor: Any, application: VoucherApplication, note: str, expected_version: int | None = None
) -> VoucherApplication:
    """The scheme's officer declines a waiting application, saying why."""
    ensure_can(actor, application, "manage")
    note = note.strip()
    if not note:
        raise ApplicationError(_("请填写不予发券的理由。"), extra={"field": "note"})
    transition(
        obj=application,
        to=ApplicationStatus.DECLINED,
        actor=actor,
        transitions=APPLICATION_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    VoucherApplication.objects.filter(pk=application.pk).update(note=note)
    application.note = note
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: VoucherApplication) -> VoucherApplication:
    """The enterprise withdraws its waiting application."""
    ensure_can(actor, application, "apply")
    transition(
        obj=application, to=ApplicationStatus.WITHDRAWN, actor=actor, transitions=APPLICATION_TRANSITIONS
    )
    return application


def vouchers_expire_due(*, actor: Any, vouchers: Any, today: dt.date | None = None) -> list[Voucher]:
    """Expire every open voucher of ``vouchers`` whose scheme ended before ``today`` (each in its own
    transaction, through :func:`voucher_expire`); their balances return to the budgets."""
    today = today or timezone.localdate()
    due = vouchers.filter(
        status__in=[VoucherStatus.ISSUED, VoucherStatus.PARTLY_REDEEMED], scheme__valid_until__lt=today
    ).order_by("pk")
    return [voucher_expire(actor=actor, voucher=v, today=today) for v in due]
