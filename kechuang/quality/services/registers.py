"""The rest of the registers: patent transfers and licences, trademark recognitions, products and the
standards they are made to (every write audited, checked here for page, API and import alike)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.text import clean_name
from kechuang.quality.choices import (
    LicenceScope,
    PatentDealKind,
    PatentKind,
    PatentStatus,
    StandardLevel,
    TrademarkFame,
)
from kechuang.quality.models import Patent, PatentDeal, Product, ProductStandard, Trademark
from kechuang.registry.models import Organization
from kechuang.registry.services import statistics_upsert


@transaction.atomic
def patent_deal_record(
    *,
    patent: Patent,
    actor: Any,
    kind: str,
    counterparty: str,
    signed_on: dt.date,
    counterparty_organization: Organization | None = None,
    licence_scope: str = "",
    ends_on: dt.date | None = None,
    contract_no: str = "",
    amount: Decimal | None = None,
) -> PatentDeal:
    """Record a transfer or licence. A transfer to a registered organization moves the patent into its
    register; a lapsed patent can be neither transferred nor licensed."""
    if kind not in PatentDealKind.values:
        raise ApplicationError(_("请选择转让或许可。"), extra={"field": "kind"})
    name = clean_name(counterparty or (counterparty_organization.name if counterparty_organization else ""))
    if not name:
        raise ApplicationError(_("请填写受让人或被许可人。"), extra={"field": "counterparty"})
    if patent.status == PatentStatus.LAPSED:
        raise ApplicationError(_("专利已失效，不能转让或许可。"), extra={"field": "kind"})
    check_date_range(signed_on, field="signed_on", label=_("合同日期"))
    if signed_on < patent.applied_on:
        raise ApplicationError(_("合同日期不能早于申请日。"), extra={"field": "signed_on"})
    if counterparty_organization is not None and counterparty_organization.pk == patent.organization_id:
        raise ApplicationError(_("受让人不能是专利的现权利人。"), extra={"field": "counterparty"})
    if kind == PatentDealKind.LICENCE:
        if licence_scope not in LicenceScope.values:
            raise ApplicationError(_("请选择许可方式。"), extra={"field": "licence_scope"})
        if ends_on is not None and ends_on < signed_on:
            raise ApplicationError(_("许可期限不能早于合同日期。"), extra={"field": "ends_on"})
    else:
        licence_scope, ends_on = "", None
    if amount is not None and amount < 0:
        raise ApplicationError(_("金额不能为负数。"), extra={"field": "amount"})
    deal = PatentDeal(
        patent=patent,
        kind=kind,
        counterparty=name,
        counterparty_organization=counterparty_organization,
        from_organization_id=patent.organization_id,
        licence_scope=licence_scope,
        signed_on=signed_on,
        ends_on=ends_on,
        contract_no=contract_no.strip(),
        amount=amount,
    )
    clean_and_save(deal)
    audit_log(actor=actor, action="patent.deal", target=deal, after=snapshot(deal))
    if kind == PatentDealKind.TRANSFER and counterparty_organization is not None:
        before = snapshot(patent, ["organization"])
        patent.organization = counterparty_organization
        clean_and_save(patent)
        audit_log(
            actor=actor,
            action="patent.transfer",
            target=patent,
            before=before,
            after=snapshot(patent, ["organization"]),
        )
    return deal


@transaction.atomic
def trademark_set_fame(
    *, trademark: Trademark, actor: Any, fame: str, since: dt.date | None, valid_until: dt.date | None
) -> Trademark:
    """Record (or end, with ``none``) a 著名/驰名 recognition of a trademark with its validity."""
    if fame not in TrademarkFame.values:
        raise ApplicationError(_("商标认定情况不正确。"), extra={"field": "fame"})
    if fame != TrademarkFame.NONE:
        if since is None or valid_until is None:
            raise ApplicationError(
                _("驰名或著名商标须填写认定日期和有效期。"), extra={"field": "fame_valid_until"}
            )
        if valid_until < since:
            raise ApplicationError(_("认定有效期至不能早于认定日期。"), extra={"field": "fame_valid_until"})
    else:
        since = valid_until = None
    before = snapshot(trademark)
    trademark.fame, trademark.fame_since, trademark.fame_valid_until = fame, since, valid_until
    trademark.fame_certificate_no = ""  # recorded by hand: no longer the status a recognition wrote
    clean_and_save(trademark)
    audit_log(
        actor=actor, action="trademark.fame", target=trademark, before=before, after=snapshot(trademark)
    )
    return trademark


# Prefix of a standard's number → its level (GB 国家, DB 地方, T/ 团体, Q/ 企业; other Chinese prefixes are
# 行业标准 such as JB/T, SJ/T; ISO/IEC numbers are international).
_LEVEL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("ISO", StandardLevel.INTERNATIONAL),
    ("IEC", StandardLevel.INTERNATIONAL),
    ("GB", StandardLevel.NATIONAL),
    ("DB", StandardLevel.LOCAL),
    ("T/", StandardLevel.GROUP),
    ("Q/", StandardLevel.ENTERPRISE),
)


def standard_level_for(number: str) -> str:
    """The level a standard's number says it has (``GB/T 1234-2020`` → national)."""
    text = number.strip().upper()
    for prefix, level in _LEVEL_PREFIXES:
        if text.startswith(prefix):
            return level
    return StandardLevel.INDUSTRY


def _clean_standards(standards: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for number, level in standards:
        number = " ".join(number.split())
        if not number:
            continue
        if level not in StandardLevel.values:
            raise ApplicationError(
                _("标准“%(no)s”的层级不正确。") % {"no": number}, extra={"field": "standards"}
            )
        if any(n == number for n, _level in out):
            raise ApplicationError(_("标准“%(no)s”重复。") % {"no": number}, extra={"field": "standards"})
        out.append((number, level))
    return out


@transaction.atomic
def product_create(
    *,
    organization: Organization,
    actor: Any,
    name: str,
    model_spec: str = "",
    standards: list[tuple[str, str]] | None = None,
) -> Product:
    """A product with the standards it is made to (``[(number, level), …]``; none is allowed and counts
    as not covered)."""
    name = clean_name(name)
    if not name:
        raise ApplicationError(_("请填写产品名称。"), extra={"field": "name"})
    cleaned = _clean_standards(standards or [])
    product = Product(organization=organization, name=name, model_spec=model_spec.strip())
    product.has_standard = bool(cleaned)
    clean_and_save(product)
    for number, level in cleaned:
        clean_and_save(ProductStandard(product=product, number=number, level=level))
    audit_log(
        actor=actor,
        action="product.create",
        target=product,
        after={**snapshot(product), "standards": [n for n, _level in cleaned]},
    )
    return product


@transaction.atomic
def product_add_standard(*, product: Product, actor: Any, number: str, level: str) -> ProductStandard:
    (number, level), *_rest = _clean_standards([(number, level)]) or [("", "")]
    if not number:
        raise ApplicationError(_("请填写标准编号。"), extra={"field": "number"})
    if product.standards.filter(number=number).exists():
        raise ApplicationError(_("标准“%(no)s”重复。") % {"no": number}, extra={"field": "number"})
    standard = ProductStandard(product=product, number=number, level=level)
    clean_and_save(standard)
    if not product.has_standard:
        Product.objects.filter(pk=product.pk).update(has_standard=True)
        product.has_standard = True
    audit_log(actor=actor, action="product.standard_add", target=product, after=snapshot(standard))
    return standard


@transaction.atomic
def figures_from_register(*, organization: Organization, actor: Any, year: int) -> dict[str, int]:
    """Write the register's counts into the organization's yearly figures: 有效发明专利 at the year's end
    (granted by then and not lapsed) and 专利申请 of the year — the register, where kept, is the source."""
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度不正确。"), extra={"field": "year"})
    end = dt.date(year, 12, 31)
    patents = Patent.objects.filter(organization=organization)
    valid = (
        patents.filter(kind=PatentKind.INVENTION, status__in=[PatentStatus.VALID, PatentStatus.LAPSED])
        .filter(granted_on__lte=end)
        .exclude(lapsed_on__lte=end)
        .count()
    )
    applied = patents.filter(applied_on__year=year).count()
    figures = {"valid_invention_patents": valid, "patent_applications": applied}
    statistics_upsert(organization=organization, actor=actor, data={"year": year, **figures})
    return figures
