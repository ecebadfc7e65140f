"""Registers of intellectual property per organization: patents, trademarks, standards (every write audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.quality.choices import (
    PatentKind,
    PatentStatus,
    StandardLevel,
    StandardRole,
    TrademarkFame,
)
from kechuang.quality.cnipa import InvalidApplicationNumber, parse_application_number
from kechuang.quality.models import Patent, Standard, Trademark
from kechuang.registry.models import Organization

# Plain sets: ``TextChoices.values`` is rebuilt on every access, and clean_patent runs a million times in a
# province-wide import.
PATENT_KINDS = frozenset(PatentKind.values)
PATENT_STATUSES = frozenset(PatentStatus.values)
_APPLIED, _GRANTED, _LAPSED = _lazy("申请日"), _lazy("授权日"), _lazy("失效日期")
_SEPARATORS = str.maketrans({",": "、", "，": "、", ";": "、"})


def clean_application_no(raw: str) -> tuple[str, str]:
    """The normalised CNIPA application number and the kind it encodes, or a message saying what is wrong."""
    try:
        return parse_application_number(raw)
    except InvalidApplicationNumber as exc:
        if exc.code == "check":
            message = _("申请号“%(no)s”的校验位不正确（应为 %(digit)s）。") % {
                "no": raw,
                "digit": exc.expected,
            }
        elif exc.code == "kind":
            message = _("申请号“%(no)s”中的专利类型代码不正确。") % {"no": raw}
        else:
            message = _("申请号“%(no)s”不符合国家知识产权局申请号格式（如 202310123456.6）。") % {"no": raw}
        raise ApplicationError(message, extra={"field": "application_no", "code": exc.code}) from exc


def clean_patent(
    *,
    application_no: str,
    kind: str,
    title: str,
    applied_on: dt.date,
    status: str,
    granted_on: dt.date | None = None,
    grant_no: str = "",
    lapsed_on: dt.date | None = None,
    inventors: str = "",
    co_owners: str = "",
) -> dict[str, Any]:
    """Check one patent's fields together (shared by the form, the API and the Excel import)."""
    number, encoded = clean_application_no(application_no)
    if kind not in PATENT_KINDS:
        raise ApplicationError(_("专利类型不正确。"), extra={"field": "kind"})
    if encoded != kind:
        raise ApplicationError(
            _("申请号“%(no)s”表示%(encoded)s专利，与所填类型“%(kind)s”不一致。")
            % {"no": number, "encoded": PatentKind(encoded).label, "kind": PatentKind(kind).label},
            extra={"field": "kind"},
        )
    if not title.strip():
        raise ApplicationError(_("请填写专利名称。"), extra={"field": "title"})
    if status not in PATENT_STATUSES:
        raise ApplicationError(_("法律状态不正确。"), extra={"field": "status"})
    check_date_range(applied_on, field="applied_on", label=_APPLIED)
    if granted_on is not None:
        check_date_range(granted_on, field="granted_on", label=_GRANTED)
        if granted_on < applied_on:
            raise ApplicationError(_("授权日不能早于申请日。"), extra={"field": "granted_on"})
    if status == PatentStatus.VALID and granted_on is None:
        raise ApplicationError(_("有效专利须填写授权日。"), extra={"field": "granted_on"})
    if status == PatentStatus.LAPSED:
        if lapsed_on is None:
            raise ApplicationError(_("失效专利须填写失效日期。"), extra={"field": "lapsed_on"})
        check_date_range(lapsed_on, field="lapsed_on", label=_LAPSED)
        if lapsed_on < (granted_on or applied_on):
            raise ApplicationError(_("失效日期不能早于授权日或申请日。"), extra={"field": "lapsed_on"})
    else:
        lapsed_on = None
    return {
        "application_no": number,
        "kind": kind,
        "title": title.strip(),
        "applied_on": applied_on,
        "status": status,
        "granted_on": granted_on,
        "grant_no": grant_no.strip(),
        "lapsed_on": lapsed_on,
        "inventors": _names(inventors),
        "co_owners": _names(co_owners),
    }


def _names(text: str) -> str:
    """A list of names typed with any separator, stored with 顿号."""
    if not text:
        return ""
    parts = [p.strip() for p in text.translate(_SEPARATORS).split("、")]
    return "、".join([p for p in parts if p])[:300]


@transaction.atomic
def patent_create(*, organization: Organization, actor: Any, **fields: Any) -> Patent:
    values = clean_patent(**fields)
    if Patent.objects.filter(application_no=values["application_no"]).exists():
        raise ApplicationError(
            _("申请号“%(no)s”已登记。") % {"no": values["application_no"]},
            extra={"field": "application_no", "code": "duplicate"},
        )
    patent = Patent(organization=organization, **values)
    patent.full_clean()
    patent.save()
    audit_log(actor=actor, action="patent.create", target=patent, after=snapshot(patent))
    return patent


@transaction.atomic
def patent_update_status(
    *,
    patent: Patent,
    actor: Any,
    status: str,
    granted_on: dt.date | None = None,
    grant_no: str = "",
    lapsed_on: dt.date | None = None,
) -> Patent:
    """Record a grant or a lapse (未缴年费、期满、放弃): the legal status moves with the CNIPA register."""
    before = snapshot(patent)
    values = clean_patent(
        application_no=patent.application_no,
        kind=patent.kind,
        title=patent.title,
        applied_on=patent.applied_on,
        status=status,
        granted_on=granted_on or patent.granted_on,
        grant_no=grant_no or patent.grant_no,
        lapsed_on=lapsed_on,
        inventors=patent.inventors,
        co_owners=patent.co_owners,
    )
    for name in ("status", "granted_on", "grant_no", "lapsed_on"):
        setattr(patent, name, values[name])
    patent.full_clean()
    patent.save()
    audit_log(actor=actor, action="patent.update", target=patent, before=before, after=snapshot(patent))
    return patent


def clean_trademark(
    *,
    registration_no: str,
    name: str,
    nice_class: int,
    fame: str = TrademarkFame.NONE,
    fame_since: dt.date | None = None,
    fame_valid_until: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> dict[str, Any]:
    """Check one trademark's fields together (shared by the form, the API and the Excel import)."""
    number = registration_no.strip()
    if not number.isdigit() or not 1 <= len(number) <= 12:
        raise ApplicationError(_("商标注册号应为 1 至 12 位数字。"), extra={"field": "registration_no"})
    if not name.strip():
        raise ApplicationError(_("请填写商标名称。"), extra={"field": "name"})
    if not 1 <= int(nice_class) <= 45:
        raise ApplicationError(_("商标国际分类应在第 1 至 45 类之间。"), extra={"field": "nice_class"})
    if fame not in TrademarkFame.values:
        raise ApplicationError(_("商标认定情况不正确。"), extra={"field": "fame"})
    if fame != TrademarkFame.NONE and fame_valid_until is None:
        raise ApplicationError(_("驰名或著名商标须填写认定有效期。"), extra={"field": "fame_valid_until"})
    if fame_since is not None and fame_valid_until is not None and fame_valid_until < fame_since:
        raise ApplicationError(_("认定有效期至不能早于认定日期。"), extra={"field": "fame_valid_until"})
    famous = fame != TrademarkFame.NONE
    return {
        "registration_no": number,
        "name": name.strip(),
        "nice_class": int(nice_class),
        "fame": fame,
        "fame_since": fame_since if famous else None,
        "fame_valid_until": fame_valid_until if famous else None,
        "valid_until": valid_until,
    }


@transaction.atomic
def trademark_create(*, organization: Organization, actor: Any, **fields: Any) -> Trademark:
    values = clean_trademark(**fields)
    if Trademark.objects.filter(registration_no=values["registration_no"]).exists():
        raise ApplicationError(
            _("商标注册号“%(no)s”已登记。") % {"no": values["registration_no"]},
            extra={"field": "registration_no"},
        )
    trademark = Trademark(organization=organization, **values)
    trademark.full_clean()
    trademark.save()
    audit_log(actor=actor, action="trademark.create", target=trademark, after=snapshot(trademark))
    return trademark


@transaction.atomic
def standard_create(
    *,
    organization: Organization,
    actor: Any,
    number: str,
    title: str,
    level: str,
    role: str,
    issued_on: dt.date,
) -> Standard:
    if level not in StandardLevel.values:
        raise ApplicationError(_("标准层级不正确。"), extra={"field": "level"})
    if role not in StandardRole.values:
        raise ApplicationError(_("参与方式不正确。"), extra={"field": "role"})
    check_date_range(issued_on, field="issued_on", label=_("发布日期"))
    number = number.strip()
    if Standard.objects.filter(organization=organization, number=number).exists():
        raise ApplicationError(_("标准“%(no)s”已登记。") % {"no": number}, extra={"field": "number"})
    standard = Standard(
        organization=organization,
        number=number,
        title=title.strip(),
        level=level,
        role=role,
        issued_on=issued_on,
    )
    standard.full_clean()
    standard.save()
    audit_log(actor=actor, action="standard.create", target=standard, after=snapshot(standard))
    return standard
