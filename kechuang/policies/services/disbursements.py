"""Recording what was paid (or the tax reduced) for an approved claim."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition
from kechuang.policies.choices import TRANSITIONS, ClaimStatus
from kechuang.policies.models import Claim, Disbursement


@transaction.atomic
def disbursement_record(
    *, claim: Claim, actor: Any, amount: Decimal, paid_on: dt.date, voucher_no: str = "", note: str = ""
) -> Disbursement:
    """Record the money paid (or tax reduced) for an approved claim; the claim becomes 已兑现."""
    ensure_can(actor, claim, "review")
    if claim.status != ClaimStatus.APPROVED:
        raise ApplicationError(_("只有审核通过的申请可以登记兑现。"))
    if claim.amount_approved is not None and amount > claim.amount_approved:
        raise ApplicationError(_("兑现金额不能超过核定金额。"), extra={"field": "amount"})
    check_date_range(paid_on, field="paid_on", label=_("兑现日期"))
    d = Disbursement(
        claim=claim,
        amount=amount,
        paid_on=paid_on,
        voucher_no=voucher_no.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    clean_and_save(d)
    audit_log(
        actor=actor, action="disbursement.record", target=d, after={"amount": amount, "paid_on": paid_on}
    )
    transition(obj=claim, to=ClaimStatus.DISBURSED, actor=actor, transitions=TRANSITIONS, note=voucher_no)
    return d
