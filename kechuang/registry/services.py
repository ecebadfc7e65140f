"""Every write to the registry. Each function is one transaction and leaves an audit record."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, diff, snapshot
from kechuang.core.dates import FOUNDING_EARLIEST, check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.core.text import clean_name, normalize_for_search
from kechuang.registry.choices import (
    DesignationKind,
    MembershipRole,
    OrganizationKind,
    SizeClass,
    VerificationStatus,
)
from kechuang.registry.models import Designation, Industry, Membership, Organization, Region, YearlyStatistics
from kechuang.registry.permissions import (
    AUTHORITY,
    ORGANIZATION_ADMIN,
    can_register_organization,
    organization_editor_role,
)
from kechuang.registry.selectors import user_organization_ids

# ensure_can_apply lives with the integrity list; every app asks it here.
from kechuang.registry.services_integrity import ensure_can_apply as ensure_can_apply
from kechuang.registry.validators import clean_uscc

# Upper bounds that catch unit mistakes (万元 typed as 元 × 10⁴ twice, extra zeros): a single organization's
# yearly revenue above 10 万亿元 or a headcount above 5 million is refused as absurd.
COUNT_MAX = 5_000_000


# ---------------------------------------------------------------------------------------------------------
# Input cleaning shared by forms, the API and Excel import (one set of rules, one set of messages)


def resolve_region(value: Any) -> Region:
    """A region from its 6-digit code or its (full or short) name."""
    if isinstance(value, Region):
        return value
    text = str(value or "").strip()
    if not text:
        raise ApplicationError(_("请填写所在地区。"), extra={"field": "region"})
    if text.isdigit():
        region = Region.objects.filter(code=text).first()
        if region is None:
            raise ApplicationError(
                _("行政区划代码“%(code)s”不存在。") % {"code": text}, extra={"field": "region"}
            )
        return region
    name = normalize_for_search(text)
    matches = list(Region.objects.filter(full_name=name)[:2]) or list(Region.objects.filter(name=name)[:2])
    if not matches:
        raise ApplicationError(_("找不到地区“%(name)s”。") % {"name": text}, extra={"field": "region"})
    if len(matches) > 1:
        raise ApplicationError(
            _("地区名称“%(name)s”不唯一，请填写6位行政区划代码。") % {"name": text}, extra={"field": "region"}
        )
    return matches[0]


def resolve_industry(value: Any) -> Industry | None:
    """An industry from its code (``C3311`` or ``3311``) or its exact name; empty means none."""
    if isinstance(value, Industry) or value is None:
        return value
    text = str(value).strip().upper()
    if not text:
        return None
    industry = (
        Industry.objects.filter(code=text).first()
        or Industry.objects.filter(code_with_section=text).first()
        or Industry.objects.filter(name=normalize_for_search(str(value).strip())).first()
    )
    if industry is None:
        raise ApplicationError(
            _("国民经济行业代码或名称“%(code)s”不存在。") % {"code": str(value).strip()},
            extra={"field": "industry"},
        )
    return industry


def _choice(value: Any, choices: type[models.TextChoices], field: str, label: str | Promise) -> str:
    text = str(value or "").strip()
    for key, display in choices.choices:
        if text == key or text == str(display):  # key first: translating labels is the costly part
            return key
    raise ApplicationError(
        _("%(label)s“%(value)s”无效。") % {"label": label, "value": text}, extra={"field": field}
    )


def clean_count(value: Any, *, field: str, label: str | Promise) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ApplicationError(
            _("%(label)s必须是整数。") % {"label": label}, extra={"field": field}
        ) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ApplicationError(_("%(label)s必须是整数。") % {"label": label}, extra={"field": field})
    if number < 0:
        raise ApplicationError(_("%(label)s不能为负数。") % {"label": label}, extra={"field": field})
    if number > COUNT_MAX:
        raise ApplicationError(_("%(label)s数值过大，请检查。") % {"label": label}, extra={"field": field})
    return int(number)


def clean_date(value: Any, *, field: str, label: str | Promise, allow_future: bool = False) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    else:
        text = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
        try:
            parsed = dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
        except ValueError:
            raise ApplicationError(
                _("%(label)s“%(value)s”不是有效日期（例如 2020-05-01）。") % {"label": label, "value": value},
                extra={"field": field},
            ) from None
    if parsed > timezone.localdate() and not allow_future:
        raise ApplicationError(_("%(label)s不能晚于今天。") % {"label": label}, extra={"field": field})
    # Founding, establishment and entry dates: history back to 1800 (not the 1949 bound of computations).
    return check_date_range(parsed, field=field, label=label, earliest=FOUNDING_EARLIEST)


def clean_organization_data(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Turn user input (codes, names, strings) into model values, or raise naming the field."""
    out: dict[str, Any] = {}
    if "name" in data or not partial:
        name = clean_name(data.get("name"))
        if not name:
            raise ApplicationError(_("请填写主体名称。"), extra={"field": "name"})
        if len(name) > 200:
            raise ApplicationError(_("主体名称不能超过200个字符。"), extra={"field": "name"})
        out["name"] = name
    if "kind" in data or not partial:
        out["kind"] = _choice(
            data.get("kind") or OrganizationKind.ENTERPRISE, OrganizationKind, "kind", _lazy("主体类型")
        )
    if "region" in data or not partial:
        out["region"] = resolve_region(data.get("region"))
    if "industry" in data:
        out["industry"] = resolve_industry(data.get("industry"))
    if data.get("size"):
        out["size"] = _choice(data["size"], SizeClass, "size", _lazy("企业规模"))
    elif "size" in data:
        out["size"] = ""
    if "founded_on" in data:
        out["founded_on"] = clean_date(data["founded_on"], field="founded_on", label=_lazy("成立日期"))
    if "registered_capital" in data:
        out["registered_capital"] = clean_money(
            data["registered_capital"], field="registered_capital", label=_lazy("注册资本")
        )
    for key in PROFILE_TEXT_FIELDS:
        if key in data:
            out[key] = str(data[key] or "").strip()
    return out


@functools.lru_cache(maxsize=16)
def _statistics_labels(language: str | None) -> dict[str, str]:
    """Figure labels without their unit (``营业收入``), per language: Excel imports call the cleaner per row."""
    return {
        f.name: re.split(r"\s*[（(]", str(f.verbose_name))[0]
        for f in YearlyStatistics._meta.fields
        if f.name in YearlyStatistics.FIGURES
    }


def clean_statistics_data(data: dict[str, Any]) -> dict[str, Any]:
    labels = _statistics_labels(translation.get_language())
    out: dict[str, Any] = {}
    year = clean_count(data.get("year"), field="year", label=_lazy("年度"))
    if year is None:
        raise ApplicationError(_("请填写年度。"), extra={"field": "year"})
    if not 1949 <= year <= timezone.localdate().year:
        raise ApplicationError(
            _("年度%(year)d无效：应在1949年至今年之间。") % {"year": year}, extra={"field": "year"}
        )
    out["year"] = year
    for name in YearlyStatistics.FIGURES:
        if name not in data:
            continue
        field = YearlyStatistics._meta.get_field(name)
        label = labels[name]
        if field.get_internal_type() == "DecimalField":
            out[name] = clean_money(data[name], field=name, label=label)
        else:
            out[name] = clean_count(data[name], field=name, label=label)
    check_statistics_parts(out)
    return out


def check_statistics_parts(figures: Any) -> None:
    """A part never above its whole (a dict of figures, or a row with stored and new figures merged)."""
    get = figures.get if isinstance(figures, dict) else lambda k: getattr(figures, k)
    for part, whole, message in (
        ("rd_staff", "employees", _("研发人员数不能超过从业人员数。")),
        ("domestic_rd_expenditure", "rd_expenditure", _("境内研发费用不能超过研发费用总额。")),
    ):
        small, big = get(part), get(whole)
        if small is not None and big is not None and small > big:
            raise ApplicationError(message, extra={"field": part})


def clean_designation_data(data: dict[str, Any]) -> dict[str, Any]:
    """A designation's kind (key or label), validity dates and certificate, or raise naming the field."""
    kind = _choice(data.get("kind"), DesignationKind, "kind", _("资质类型"))
    valid_from = clean_date(data.get("valid_from"), field="valid_from", label=_("有效期起"))
    if valid_from is None:
        raise ApplicationError(_("请填写有效期起。"), extra={"field": "valid_from"})
    valid_to = clean_date(data.get("valid_to"), field="valid_to", label=_("有效期止"), allow_future=True)
    if valid_to is not None and valid_to < valid_from:
        raise ApplicationError(_("有效期止不能早于有效期起。"), extra={"field": "valid_to"})
    out: dict[str, Any] = {"kind": kind, "valid_from": valid_from, "valid_to": valid_to}
    for key, limit, label in (("certificate_no", 60, _("证书编号")), ("issuer", 120, _("认定机关"))):
        text = str(data.get(key) or "").strip()
        if len(text) > limit:
            raise ApplicationError(
                _("%(label)s不能超过%(n)d个字符。") % {"label": label, "n": limit}, extra={"field": key}
            )
        out[key] = text
    return out


def full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(messages[0], extra={"field": field, "fields": exc.message_dict}) from None


def _denormalize(org: Organization) -> None:
    org.region_path = org.region.path
    org.search_text = normalize_for_search(f"{org.name} {org.uscc}")[:255]


# ---------------------------------------------------------------------------------------------------------
# Organizations


def ensure_uscc_free(uscc: str, *, exclude_pk: int | None = None) -> None:
    qs = Organization.objects.filter(uscc=uscc)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ApplicationError(
            _("统一社会信用代码%(uscc)s已登记，请勿重复注册；如需加入该机构，请联系其管理员邀请。")
            % {"uscc": uscc},
            extra={"field": "uscc", "code": "duplicate"},
        )


@transaction.atomic
def organization_create(
    *, actor: Any, uscc: str, data: dict[str, Any], verified: bool = False
) -> Organization:
    """Register an organization. Officers and admins may create it already verified."""
    code = clean_uscc(uscc)
    ensure_uscc_free(code)
    values = clean_organization_data(data)
    org = Organization(uscc=code, **values)
    if verified:
        org.verification_status = VerificationStatus.VERIFIED
        org.verified_at = timezone.now()
        org.verified_by = actor if getattr(actor, "pk", None) else None
    _denormalize(org)
    full_clean(org)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:
        raise ApplicationError(
            _("统一社会信用代码%(uscc)s已登记。") % {"uscc": code},
            extra={"field": "uscc", "code": "duplicate"},
        ) from None
    audit_log(actor=actor, action="organization.create", target=org, after=snapshot(org))
    return org


def _ensure_kind_change_allowed(actor: Any, current: str, new: str) -> None:
    """Only platform admins turn an organization into a government department or back."""
    if current != new and OrganizationKind.GOVERNMENT in (current, new) and not user_is_platform_admin(actor):
        raise ApplicationError(_("只有平台管理员可以设置政府部门类型的主体。"), extra={"field": "kind"})


@transaction.atomic
def organization_register(*, actor: Any, uscc: str, data: dict[str, Any]) -> Organization:
    """An officer (within their region subtree) or a platform admin registers an organization, verified.

    Self-registration by enterprises goes through ``services_members.enterprise_signup`` instead.
    """
    if not can_register_organization(actor):
        raise PermissionDenied(_("只有政府工作人员和平台管理员可以直接登记主体。"))
    code = clean_uscc(uscc)
    kind = _choice(data.get("kind") or OrganizationKind.ENTERPRISE, OrganizationKind, "kind", _("主体类型"))
    _ensure_kind_change_allowed(actor, OrganizationKind.ENTERPRISE, kind)
    region = resolve_region(data.get("region"))
    if not can_register_organization(actor, region):
        raise ApplicationError(
            _("您只能登记本辖区内的主体，“%(region)s”不在您的管辖范围内。") % {"region": region},
            extra={"field": "region"},
        )
    return organization_create(actor=actor, uscc=code, data={**data, "region": region}, verified=True)


# Field-level rule for ``organization_update``, for pages, API and any other caller alike.
#
# The identity fields are what an officer checked against the business licence when verifying the
# organization: its code, its legal name, its kind and its region (which also decides which officers see it).
# Once it is verified, only that authority — an officer of its region, or a platform admin — changes them;
# its own admin keeps the profile. Before verification the admin may still correct them (the officer checks
# the corrected values when verifying). A refused change raises naming the fields; nothing is written.
IDENTITY_FIELDS = ("uscc", "name", "kind", "region")
PROFILE_TEXT_FIELDS = (
    "legal_representative",
    "address",
    "contact_person",
    "contact_phone",
    "website",
    "description",
)
PROFILE_FIELDS = ("industry", "size", "founded_on", "registered_capital", *PROFILE_TEXT_FIELDS)
UPDATABLE_FIELDS = frozenset(IDENTITY_FIELDS + PROFILE_FIELDS)
# The fields an organization's data (page, API, Excel row) carries besides its credit code.
ORGANIZATION_FIELDS = ("name", "kind", "region", *PROFILE_FIELDS)

EDITABLE_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    AUTHORITY: {status: UPDATABLE_FIELDS for status in VerificationStatus.values},
    ORGANIZATION_ADMIN: {
        VerificationStatus.PENDING: UPDATABLE_FIELDS,
        VerificationStatus.REJECTED: UPDATABLE_FIELDS,
        VerificationStatus.VERIFIED: frozenset(PROFILE_FIELDS),
    },
}


def organization_editable_fields(*, actor: Any, organization: Organization) -> frozenset[str]:
    """The fields ``actor`` may change on ``organization`` now (empty: none, or may not edit at all)."""
    role = organization_editor_role(actor, organization)
    if role is None:
        return frozenset()
    return EDITABLE_FIELDS[role][organization.verification_status]


def _changes_value(org: Organization, key: str, raw: Any) -> bool:
    """Whether ``raw`` (user input for ``key``) differs from the stored value; unreadable input does."""
    try:
        if key == "uscc":
            return clean_uscc(raw) != org.uscc
        value = clean_organization_data({key: raw}, partial=True)[key]
    except ApplicationError:
        return True
    return bool(value != getattr(org, key))


def _field_label(name: str) -> str:
    field = Organization._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
    return str(field.verbose_name)


def _ensure_fields_editable(actor: Any, org: Organization, data: dict[str, Any]) -> None:
    """Refuse unknown fields, and changes to fields ``actor`` may not edit (sending the stored value is fine:
    a page form posts every field)."""
    unknown = sorted(set(data) - UPDATABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("不支持的字段：%(names)s。") % {"names": "、".join(unknown)},
            extra={"field": unknown[0], "fields": unknown},
        )
    editable = organization_editable_fields(actor=actor, organization=org)
    refused = [
        key
        for key in (*IDENTITY_FIELDS, *PROFILE_FIELDS)
        if key in data and key not in editable and _changes_value(org, key, data[key])
    ]
    if not refused:
        return
    labels = "、".join(_field_label(key) for key in refused)
    if org.verification_status == VerificationStatus.VERIFIED:
        message = _("已核验主体的%(fields)s只能由主管部门修改，如需变更请联系所在地科技部门。")
    else:
        message = _("您无权修改%(fields)s。")
    raise ApplicationError(
        message % {"fields": labels}, extra={"field": refused[0], "fields": refused, "code": "not_editable"}
    )


@transaction.atomic
def organization_update(*, organization: Organization, actor: Any, data: dict[str, Any]) -> Organization:
    """Change the fields present in ``data`` (raw input), within ``EDITABLE_FIELDS`` for the actor."""
    ensure_can(actor, organization, "change")
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    _ensure_fields_editable(actor, org, data)
    before = snapshot(org)
    values = clean_organization_data(data, partial=True)
    _ensure_kind_change_allowed(actor, org.kind, values.get("kind", org.kind))
    if "uscc" in data:
        code = clean_uscc(data["uscc"])
        if code != org.uscc:
            ensure_uscc_free(code, exclude_pk=org.pk)
            values["uscc"] = code
    if "region" in values and values["region"].pk != org.region_id:
        _ensure_can_move(actor, org, values["region"])
    for key, value in values.items():
        setattr(org, key, value)
    _denormalize(org)
    full_clean(org)
    old, new = diff(before, snapshot(org))
    if not new:  # e.g. a page form posted back as it was shown: nothing to save or audit
        return org
    org.save()
    audit_log(actor=actor, action="organization.update", target=org, before=old, after=new)
    return org


def _ensure_can_move(actor: Any, org: Organization, region: Region) -> None:
    """An officer may not move an organization out of their jurisdiction (it would vanish from their view
    into another officer's); the admin of a not yet verified organization may correct its region
    (``EDITABLE_FIELDS`` keeps a verified one's region with its authority)."""
    if org.pk in user_organization_ids(actor, admin_only=True) or can_register_organization(actor, region):
        return
    raise ApplicationError(
        _("您只能将主体迁至本辖区内的地区，“%(region)s”不在您的管辖范围内。") % {"region": region},
        extra={"field": "region"},
    )


@transaction.atomic
def organization_verify(
    *, organization: Organization, actor: Any, approve: bool, note: str = ""
) -> Organization:
    """An officer of the organization's region confirms (or rejects) a self-registered organization."""
    ensure_can(actor, organization, "verify")
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    if org.verification_status == VerificationStatus.VERIFIED and approve:
        raise ApplicationError(_("该主体已核验，无需重复操作。"))
    if not approve and not note.strip():
        raise ApplicationError(_("不予通过时请填写理由。"), extra={"field": "note"})
    before = {"verification_status": org.verification_status}
    org.verification_status = VerificationStatus.VERIFIED if approve else VerificationStatus.REJECTED
    org.verified_at = timezone.now()
    org.verified_by = actor
    org.verification_note = note.strip()[:255]
    org.save(
        update_fields=["verification_status", "verified_at", "verified_by", "verification_note", "updated_at"]
    )
    audit_log(
        actor=actor,
        action="organization.verify" if approve else "organization.reject",
        target=org,
        before=before,
        after={"verification_status": org.verification_status, "note": org.verification_note},
    )
    _notify_organization_admins(
        organization=org,
        title=(
            _("%(name)s已通过核验，可以开始申报。") % {"name": org.name}
            if approve
            else _("%(name)s未通过核验：%(note)s") % {"name": org.name, "note": org.verification_note}
        ),
        kind="verification",
    )
    return org


def _notify_organization_admins(*, organization: Organization, title: str, kind: str) -> None:
    link = reverse("registry:organization_detail", args=[organization.pk])
    admins = Membership.objects.filter(organization=organization, role=MembershipRole.ADMIN).select_related(
        "user"
    )
    for membership in admins:
        notification_send(recipient=membership.user, title=title, link=link, kind=kind)


# ---------------------------------------------------------------------------------------------------------
# Yearly statistics and designations


@transaction.atomic
def statistics_upsert(*, organization: Organization, actor: Any, data: dict[str, Any]) -> YearlyStatistics:
    """Create or update one year's figures; only the figures present in ``data`` change."""
    ensure_can(actor, organization, "change")
    values = clean_statistics_data(data)
    year = values.pop("year")
    stats, created = YearlyStatistics.objects.select_for_update().get_or_create(
        organization=organization, year=year
    )
    before = None if created else snapshot(stats, YearlyStatistics.FIGURES)
    for key, value in values.items():
        setattr(stats, key, value)
    check_statistics_parts(stats)
    full_clean(stats, exclude=["organization"])
    stats.save()
    audit_log(
        actor=actor,
        action="statistics.create" if created else "statistics.update",
        target=stats,
        before=before,
        after=snapshot(stats, YearlyStatistics.FIGURES),
    )
    return stats


@transaction.atomic
def designation_add(
    *,
    organization: Organization,
    actor: Any,
    kind: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    certificate_no: str = "",
    issuer: str = "",
) -> Designation:
    ensure_can(actor, organization, "verify")
    designation = Designation(
        organization=organization,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        certificate_no=certificate_no.strip(),
        issuer=issuer.strip(),
    )
    full_clean(designation)
    designation.save()
    audit_log(actor=actor, action="designation.add", target=designation, after=snapshot(designation))
    return designation


@dataclass(frozen=True)
class RowError:
    """One problem in an imported row (1-based row number as shown in Excel)."""

    row: int
    column: str
    message: str
