"""Carriers that already exist in the region, entered by its officers: a 国家级企业技术中心 recognised years
ago, an engineering center set up by another department. Text as typed in a page, the API or a spreadsheet
row is resolved into a carrier with its certificate, tier and hosts (every problem at once); a wrong record
is corrected with a reason, written in its history and audited; retiring one is the status move
``revoked`` (``services.carrier_transition``) — a carrier is never deleted.

Who: platform admins anywhere; officers for carriers in their region subtrees whose responsible
department is their own or none — the rule that lets them change it afterwards (``permissions.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.carriers.choices import CARRIER_IN_FORCE, CarrierKind, HostRole, Tier
from kechuang.carriers.models import Carrier, CarrierEvent, CarrierHost
from kechuang.carriers.services import carrier_create
from kechuang.carriers.services_alliances import organization_from_text
from kechuang.core.audit import audit_log, diff, snapshot
from kechuang.core.errors import ApplicationError, collect, raise_problems
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.registry.models import Department
from kechuang.registry.selectors import user_officer_roles
from kechuang.registry.services import clean_date, resolve_industry, resolve_region

EDITABLE = (
    "name",
    "kind",
    "tier",
    "region",
    "industry",
    "responsible_department",
    "certificate_no",
    "recognised_on",
    "valid_until",
    "description",
    "hosts",
)
LIST_SPLIT = re.compile(r"[\n,，、;；]+")


def _choice(value: Any, choices: Any, *, field: str, label: str, problems: dict[str, str]) -> str:
    """A choice by its stored value or its label as shown (``国家级``, ``企业技术中心``)."""
    text = str(value or "").strip()
    by_label = {str(lbl): v for v, lbl in choices.choices}
    if text in choices.values:
        return text
    if text in by_label:
        return by_label[text]
    problems[field] = _("%(label)s应为：%(options)s。") % {"label": label, "options": "、".join(by_label)}
    return ""


def department_from_text(text: str) -> Department | None:
    """A department by its exact name (``长春市科学技术局``) or its number."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit():
        return Department.objects.filter(pk=int(text)).first()
    return Department.objects.filter(name=text).order_by("id").first()


def _organizations(raw: Any, *, field: str, problems: dict[str, str]) -> list[Any]:
    texts = [t.strip() for t in LIST_SPLIT.split(raw)] if isinstance(raw, str) else list(raw or [])
    found, missing = [], []
    for text in (str(t).strip() for t in texts):
        if not text:
            continue
        org = organization_from_text(text)
        if org is None:
            missing.append(text)
        elif org not in found:
            found.append(org)
    if missing:
        problems[field] = _("主体库中没有这些单位：%(names)s（请填写统一社会信用代码或全称）。") % {
            "names": "、".join(missing)
        }
    return found


def carrier_resolve(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The values of a carrier from text; hosts from ``lead`` (one), ``joint`` and ``co_built`` (lists of
    统一社会信用代码 or names). Every problem at once: ``extra["fields"]`` (field → message)."""
    out: dict[str, Any] = {}
    problems: dict[str, str] = {}

    def given(key: str) -> bool:
        return key in data or not partial

    if given("name"):
        out["name"] = " ".join(str(data.get("name") or "").split())
        if not out["name"]:
            problems["name"] = _("请填写载体名称。")
    if given("kind"):
        out["kind"] = _choice(
            data.get("kind"), CarrierKind, field="kind", label=_("载体类型"), problems=problems
        )
    if given("tier"):
        out["tier"] = _choice(data.get("tier"), Tier, field="tier", label=_("级别"), problems=problems)
    if given("region"):
        out["region"] = collect(problems, "region", lambda: resolve_region(data.get("region")))
    if "industry" in data:
        out["industry"] = collect(
            problems, "industry", lambda: resolve_industry(data.get("industry") or None)
        )
    if "responsible_department" in data:
        text = str(data.get("responsible_department") or "").strip()
        department = department_from_text(text)
        if text and department is None:
            problems["responsible_department"] = _("找不到政府部门“%(name)s”（请填写部门全称）。") % {
                "name": text
            }
        out["responsible_department"] = department
    for key, label in (("recognised_on", _("认定日期")), ("valid_until", _("有效期至"))):
        if key in data:
            try:
                out[key] = clean_date(
                    data.get(key), field=key, label=label, allow_future=key == "valid_until"
                )
            except ApplicationError as exc:
                problems[key] = exc.message
    for key in ("certificate_no", "description"):
        if key in data:
            out[key] = str(data.get(key) or "").strip()
    if given("lead") or any(k in data for k in ("joint", "co_built")):
        lead = organization_from_text(str(data.get("lead") or ""))
        if lead is None:
            problems["lead"] = (
                _("主体库中没有主建单位“%(org)s”（请填写统一社会信用代码或全称）。")
                % {"org": data.get("lead")}
                if str(data.get("lead") or "").strip()
                else _("请填写主建单位。")
            )
        hosts: list[tuple[Any, str]] = [(lead, HostRole.LEAD)] if lead else []
        for key, role in (("joint", HostRole.JOINT), ("co_built", HostRole.CO_BUILT)):
            hosts += [(org, role) for org in _organizations(data.get(key), field=key, problems=problems)]
        seen: set[int] = set()
        for org, _role in hosts:
            if org.pk in seen:
                problems.setdefault("joint", _("“%(name)s”重复列为依托单位。") % {"name": org.name})
            seen.add(org.pk)
        out["hosts"] = hosts
    if out.get("recognised_on") and out.get("valid_until") and out["valid_until"] < out["recognised_on"]:
        problems["valid_until"] = _("有效期至不能早于认定日期。")
    raise_problems(problems)
    return out


def ensure_carrier_scope(actor: Any, *, region: Any, department: Department | None) -> None:
    """The actor may keep a carrier of ``region`` under ``department`` (the permission rule, before a row
    exists): a platform admin; an officer whose region subtree holds it, of that department or of none."""
    if actor is None or user_is_platform_admin(actor):
        return
    roles = [r for r in user_officer_roles(actor) if region.path.startswith(r.region.path)]
    if not roles:
        raise ApplicationError(_("您只能登记本辖区内的创新载体。"), extra={"field": "region"})
    if department is not None and not any(r.department_id == department.pk for r in roles):
        raise ApplicationError(
            _("您只能登记本部门主管的载体；其他部门主管的载体请由该部门登记，或不填主管部门。"),
            extra={"field": "responsible_department"},
        )


def _ensure_not_registered(
    *, name: str, kind: str, certificate_no: str, exclude_pk: int | None = None
) -> None:
    qs = Carrier.objects.filter(kind=kind, status__in=CARRIER_IN_FORCE)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.filter(name=name).exists():
        raise ApplicationError(
            _("已登记同名的同类载体“%(name)s”。") % {"name": name}, extra={"field": "name"}
        )
    if certificate_no and qs.filter(certificate_no=certificate_no).exists():
        raise ApplicationError(
            _("证书编号“%(no)s”已登记。") % {"no": certificate_no}, extra={"field": "certificate_no"}
        )


@transaction.atomic
def carrier_register(*, actor: Any, values: Mapping[str, Any]) -> Carrier:
    """Enter a carrier that exists already (recognised before this platform, or by another body)."""
    data = dict(values)
    ensure_carrier_scope(actor, region=data["region"], department=data.get("responsible_department"))
    _ensure_not_registered(
        name=data["name"], kind=data["kind"], certificate_no=data.get("certificate_no", "")
    )
    return carrier_create(actor=actor, **data)


def _hosts_text(carrier: Carrier) -> list[str]:
    return [
        f"{h.organization.name}（{h.get_role_display()}）"
        for h in carrier.host_links.select_related("organization").order_by("role", "id")
    ]


@transaction.atomic
def carrier_correct(*, carrier: Carrier, actor: Any, data: Mapping[str, Any], reason: str) -> Carrier:
    """Correct a carrier's record (a wrong tier, certificate, date, host…): audited before/after with the
    reason, and a line in its history. Its status moves stay with ``carrier_transition``."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
    if not (reason or "").strip():
        raise ApplicationError(_("请填写更正原因。"), extra={"field": "reason"})
    locked = Carrier.objects.select_for_update().get(pk=carrier.pk)
    ensure_can(actor, locked, "change")
    ensure_carrier_scope(
        actor,
        region=data.get("region", locked.region),
        department=data.get("responsible_department", locked.responsible_department),
    )
    _ensure_not_registered(
        name=data.get("name", locked.name),
        kind=data.get("kind", locked.kind),
        certificate_no=data.get("certificate_no", locked.certificate_no),
        exclude_pk=locked.pk,
    )
    before = {**snapshot(locked), "hosts": _hosts_text(locked)}
    hosts = data.get("hosts")
    for key, value in data.items():
        if key != "hosts":
            setattr(locked, key, value)
    locked.region_path = locked.region.path
    locked.version += 1
    clean_and_save(locked)
    if hosts is not None:
        if [role for _org, role in hosts].count(HostRole.LEAD) != 1:
            raise ApplicationError(_("创新载体必须有且只有一个主建单位。"), extra={"field": "lead"})
        keep = {org.pk: role for org, role in hosts}
        CarrierHost.objects.filter(carrier=locked).exclude(organization_id__in=keep).delete()
        for org_pk, role in keep.items():
            CarrierHost.objects.update_or_create(
                carrier=locked, organization_id=org_pk, defaults={"role": role}
            )
    after = {**snapshot(locked), "hosts": _hosts_text(locked)}
    old, changed = diff(before, after, ignore=("updated_at", "version"))
    if not changed:
        raise ApplicationError(_("没有需要更正的内容。"))
    event = CarrierEvent(
        carrier=locked,
        occurred_on=timezone.localdate(),
        title=_("信息更正"),
        note=reason.strip(),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    clean_and_save(event)
    audit_log(
        actor=actor,
        action="carrier.correct",
        target=locked,
        before=old,
        after={**changed, "reason": reason.strip()},
    )
    return locked
