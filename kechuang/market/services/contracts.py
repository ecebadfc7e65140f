"""Technology contracts (技术合同登记): registered by officers of the seller's region, possibly from a
signed agreement of a matchmaking event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money
from kechuang.market.choices import ContractType, OutcomeKind
from kechuang.market.models import EventOutcome, TechContract
from kechuang.market.services.common import clean_text, industry, parse_date, save
from kechuang.registry.models import Organization
from kechuang.registry.selectors import officer_serves


def _locked_agreement(outcome: EventOutcome) -> EventOutcome:
    outcome = EventOutcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.kind != OutcomeKind.AGREEMENT:
        raise ApplicationError(_("只有签约协议可以登记为技术合同。"))
    if outcome.contract_id is not None:
        raise ApplicationError(_("该签约协议已登记为技术合同。"))
    return outcome


def _parties(actor: Any, data: dict[str, Any]) -> tuple[Organization, Organization]:
    seller = data.get("seller")
    buyer = data.get("buyer")
    if not isinstance(seller, Organization) or not isinstance(buyer, Organization):
        raise ApplicationError(_("请选择买卖双方。"), extra={"field": "seller"})
    if seller.pk == buyer.pk:
        raise ApplicationError(_("买方和卖方不能是同一单位。"), extra={"field": "buyer"})
    if not user_is_platform_admin(actor) and not officer_serves(actor, seller.region_path):
        raise ApplicationError(_("只有卖方所在地区的登记机关可以登记该合同。"))
    return seller, buyer


def _amounts(data: dict[str, Any]) -> tuple[Any, Any]:
    amount = clean_money(data.get("amount"), field="amount", label=_("合同金额"))
    tech_amount = clean_money(data.get("tech_amount"), field="tech_amount", label=_("技术交易额"))
    if not amount:
        raise ApplicationError(_("合同金额必须大于零。"), extra={"field": "amount"})
    if tech_amount is None:
        raise ApplicationError(_("请填写技术交易额。"), extra={"field": "tech_amount"})
    if tech_amount > amount:
        raise ApplicationError(_("技术交易额不能大于合同金额。"), extra={"field": "tech_amount"})
    return amount, tech_amount


@transaction.atomic
def contract_register(
    *, actor: Any, data: dict[str, Any], outcome: EventOutcome | None = None
) -> TechContract:
    """Register a technology contract (技术合同登记) — officers of the seller's region.

    With ``outcome`` (a signed agreement of a matchmaking event), the contract is linked to it; an
    agreement is registered once.
    """
    if outcome is not None:
        outcome = _locked_agreement(outcome)
    seller, buyer = _parties(actor, data)
    ctype = data.get("contract_type")
    if ctype not in ContractType.values:
        raise ApplicationError(_("请选择合同类型。"), extra={"field": "contract_type"})
    amount, tech_amount = _amounts(data)
    signed_on = parse_date(data.get("signed_on"), "signed_on", _("签订日期格式不正确。"))
    if not isinstance(signed_on, dt.date):
        raise ApplicationError(_("请填写签订日期。"), extra={"field": "signed_on"})
    year = signed_on.year
    seq = TechContract.objects.filter(registration_no__startswith=f"{seller.region_id}{year}").count() + 1
    contract = TechContract(
        registration_no=f"{seller.region_id}{year}{seq:06d}",
        contract_type=ctype,
        title=clean_text(data.get("title"), "title", _("合同名称"), max_length=200, name=True),
        seller=seller,
        buyer=buyer,
        amount=amount,
        tech_amount=tech_amount,
        signed_on=signed_on,
        region=seller.region,
        region_path=seller.region_path,
        field=industry(data.get("field")),
        achievement=data.get("achievement"),
        registered_by=actor,
    )
    save(contract)
    after = snapshot(contract)
    if outcome is not None:
        outcome.contract = contract
        outcome.save(update_fields=["contract", "updated_at"])
        after["event_outcome_id"] = outcome.pk
    audit_log(actor=actor, action="market.contract_register", target=contract, after=after)
    return contract
