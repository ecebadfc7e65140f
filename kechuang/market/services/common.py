"""Input cleaning and saving shared by the market's services (one set of rules, one set of messages)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import not_allowed
from kechuang.core.text import clean_name
from kechuang.registry.models import Industry, Organization, Region
from kechuang.registry.selectors import user_organization_ids

MAX_TEXT = 20_000


def validation_error(exc: ValidationError) -> ApplicationError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        message = errors[0].messages[0]
        return ApplicationError(message, extra={"field": field if field != "__all__" else None})
    return ApplicationError(exc.messages[0])


def save(obj: models.Model) -> None:
    """``full_clean()`` then save, turning either failure into the user's message."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise validation_error(exc) from exc
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a concurrent duplicate slipped past full_clean
        raise ApplicationError(_("保存失败：记录重复或不完整。")) from exc


def save_new(obj: models.Model, *, actor: Any, action: str, target: Any = None, after: Any = None) -> None:
    """Save a new row and audit it: ``after`` defaults to the row's fields, ``target`` to the row."""
    save(obj)
    audit_log(
        actor=actor, action=action, target=target or obj, after=snapshot(obj) if after is None else after
    )


@contextlib.contextmanager
def audited(*, actor: Any, action: str, target: Any, fields: Sequence[str] | None = None) -> Iterator[None]:
    """Audit the change made inside the block: ``target``'s fields (or ``fields``) before and after."""
    before = snapshot(target, fields)
    yield
    audit_log(actor=actor, action=action, target=target, before=before, after=snapshot(target, fields))


def ensure_member(actor: Any, org: Organization) -> None:
    if not (user_is_platform_admin(actor) or org.pk in user_organization_ids(actor)):
        raise not_allowed()


def clean_text(
    value: Any,
    field: str,
    label: str,
    *,
    required: bool = True,
    max_length: int = MAX_TEXT,
    name: bool = False,
) -> str:
    """Text as typed, bounded; ``name=True`` (titles): cleaned like a name — control, bidi and zero-width
    characters removed, whitespace collapsed (:func:`kechuang.core.text.clean_name`)."""
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is not None and name:
        text = clean_name(text)
    if text is None:
        raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
    if required and not text:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, extra={"field": field})
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s不能超过%(n)s个字。") % {"label": label, "n": max_length}, extra={"field": field}
        )
    return text


def clean_list(value: Any, field: str, label: str, *, allowed: set[str] | None = None) -> list[str]:
    """A list of distinct words (at most 30), from a list or from text separated by commas/semicolons."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").replace("；", ",").replace(";", ",").split(",")]
    if not isinstance(value, list | tuple):
        raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
    out: list[str] = []
    for v in value:
        if not isinstance(v, str):
            raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
        v = v.strip()
        if not v:
            continue
        if allowed is not None and v not in allowed:
            raise ApplicationError(
                _("%(label)s中的“%(v)s”无效。") % {"label": label, "v": v}, extra={"field": field}
            )
        if v not in out:
            out.append(v)
    return out[:30]


def clean_trl(value: Any, field: str = "trl", *, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ApplicationError(_("请填写技术就绪度(TRL)。"), extra={"field": field})
        return None
    try:
        trl = int(value)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("技术就绪度必须是1到9的整数。"), extra={"field": field}) from exc
    if not 1 <= trl <= 9:
        raise ApplicationError(_("技术就绪度必须是1到9的整数。"), extra={"field": field})
    return trl


def parse_date(value: Any, field: str, invalid: str) -> Any:
    """``value`` with an ISO date text turned into a date (``invalid`` is the message otherwise)."""
    if not isinstance(value, str):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApplicationError(invalid, extra={"field": field}) from exc


def clean_datetime(value: Any, field: str, label: str) -> dt.datetime:
    if value in (None, ""):
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, extra={"field": field})
    if isinstance(value, str):
        text = value.strip().replace("T", " ")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError as exc:
            raise ApplicationError(
                _("%(label)s格式不正确，应为“年-月-日 时:分”，如 2026-12-01 09:30。") % {"label": label},
                extra={"field": field},
            ) from exc
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        raise ApplicationError(_("请填写%(label)s的具体时刻。") % {"label": label}, extra={"field": field})
    if not isinstance(value, dt.datetime):
        raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
    check_date_range(value.date(), field=field, label=label)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def industry(code: Any) -> Industry | None:
    if code in (None, ""):
        return None
    if isinstance(code, Industry):
        return code
    found = (
        Industry.objects.filter(code=str(code)).first()
        or Industry.objects.filter(code_with_section=str(code)).first()
    )
    if found is None:
        raise ApplicationError(_("行业代码“%(code)s”不存在。") % {"code": code}, extra={"field": "field"})
    return found


def region(value: Any) -> Region:
    if isinstance(value, Region):
        return value
    if value in (None, ""):
        raise ApplicationError(_("请选择举办地区。"), extra={"field": "region"})
    found = Region.objects.filter(code=str(value).strip()).first()
    if found is None:
        raise ApplicationError(_("地区代码“%(code)s”不存在。") % {"code": value}, extra={"field": "region"})
    return found


def _organization_lookup(value: Any, field: str) -> Organization | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return Organization.objects.filter(pk=value).first()
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 18:
        return Organization.objects.filter(pk=int(value.strip())).first()
    if not isinstance(value, str):
        return None
    text = value.strip()
    found = Organization.objects.filter(uscc=text.upper()).first()
    if found is None:
        named = list(Organization.objects.filter(name=text)[:2])
        if len(named) > 1:
            raise ApplicationError(
                _("有多个名为“%(name)s”的单位，请填写统一社会信用代码。") % {"name": text},
                extra={"field": field},
            )
        found = named[0] if named else None
    return found


def organization(value: Any, field: str, label: str, *, required: bool = True) -> Organization | None:
    """An organization given as itself, its id, its 统一社会信用代码 or its full name."""
    if isinstance(value, Organization):
        return value
    if value in (None, ""):
        if required:
            raise ApplicationError(_("请选择%(label)s。") % {"label": label}, extra={"field": field})
        return None
    found = _organization_lookup(value, field)
    if found is None:
        raise ApplicationError(
            _("未找到%(label)s“%(v)s”，请填写统一社会信用代码或单位全称。") % {"label": label, "v": value},
            extra={"field": field},
        )
    return found
