"""Founding and keeping an alliance (产业技术创新联盟) by the officers of its region: text as typed in a
page, the API or a spreadsheet resolved into records (every problem at once), its particulars and lead
changed, retired (its members, projects and history stay). Every change audited in its transaction."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.carriers.choices import (
    EVALUATION_CRITERIA,
    EVALUATION_GRADES,
    PROJECT_TERMINAL,
    PROJECT_TRANSITIONS,
    AllianceRole,
    ProjectStatus,
    Tier,
)
from kechuang.carriers.models import Alliance, AllianceEvaluation, AllianceMember, AllianceProject
from kechuang.core.audit import audit_changes, audit_log, set_flag, snapshot
from kechuang.core.errors import ApplicationError, collect, raise_problems
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition
from kechuang.registry.models import Organization
from kechuang.registry.selectors import officer_serves
from kechuang.registry.services import clean_date, resolve_industry, resolve_region

EDITABLE = ("name", "lead", "industry", "chain", "tier", "region", "established_on", "description")


def ensure_region_officer(actor: Any, region: Any) -> None:
    """Officers found alliances in their region subtrees; platform admins anywhere; ``None`` is the system."""
    if actor is None or user_is_platform_admin(actor):
        return
    if not officer_serves(actor, region.path):
        raise ApplicationError(_("您只能管理本辖区内的联盟。"), extra={"field": "region"})


def organization_from_text(text: str) -> Organization | None:
    """An organization of the directory by its 统一社会信用代码 or exact name."""
    text = (text or "").strip()
    if not text:
        return None
    return Organization.objects.filter(Q(uscc=text.upper()) | Q(name=text)).order_by("id").first()


def alliance_resolve(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The values of an alliance from text; every problem at once (``extra["fields"]``: field → message)."""
    out: dict[str, Any] = {}
    problems: dict[str, str] = {}
    if "name" in data or not partial:
        out["name"] = " ".join(str(data.get("name") or "").split())
        if not out["name"]:
            problems["name"] = _("请填写联盟名称。")
    if "lead" in data or not partial:
        lead = organization_from_text(str(data.get("lead") or ""))
        if lead is None:
            problems["lead"] = _("主体库中没有牵头单位“%(org)s”（请填写统一社会信用代码或全称）。") % {
                "org": data.get("lead") or ""
            }
        out["lead"] = lead
    if "region" in data or not partial:
        out["region"] = collect(problems, "region", lambda: resolve_region(data.get("region")))
    if "industry" in data:
        out["industry"] = collect(
            problems, "industry", lambda: resolve_industry(data.get("industry") or None)
        )
    if "tier" in data:
        tier = str(data.get("tier") or Tier.MUNICIPAL)
        if tier not in Tier.values:
            problems["tier"] = _("级别不正确。")
        out["tier"] = tier
    if "established_on" in data:
        try:
            out["established_on"] = clean_date(
                data.get("established_on"), field="established_on", label=_("成立日期")
            )
        except ApplicationError as exc:
            problems["established_on"] = exc.message
    for key in ("chain", "description"):
        if key in data:
            out[key] = str(data.get(key) or "").strip()
    raise_problems(problems)
    return out


@transaction.atomic
def alliance_update(*, alliance: Alliance, actor: Any, data: Mapping[str, Any]) -> Alliance:
    """Change an alliance's particulars; a new lead becomes its lead member (the old one stays a member)."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
    locked = Alliance.objects.select_for_update().get(pk=alliance.pk)
    ensure_can(actor, locked, "change")
    if "region" in data:
        ensure_region_officer(actor, data["region"])
    name = data.get("name")
    if name and Alliance.objects.filter(name=name).exclude(pk=locked.pk).exists():
        raise ApplicationError(_("同名联盟已存在。"), extra={"field": "name"})
    before = snapshot(locked)
    old_lead_id = locked.lead_id
    for key, value in data.items():
        setattr(locked, key, value)
    if "region" in data:
        locked.region_path = locked.region.path
    clean_and_save(locked)
    if locked.lead_id != old_lead_id:
        AllianceMember.objects.filter(alliance=locked, role=AllianceRole.LEAD).update(
            role=AllianceRole.MEMBER
        )
        AllianceMember.objects.update_or_create(
            alliance=locked,
            organization=locked.lead,
            defaults={"role": AllianceRole.LEAD, "left_on": None},
        )
    audit_changes(actor=actor, action="alliance.update", target=locked, before=before)
    return locked


@transaction.atomic
def alliance_set_active(*, alliance: Alliance, actor: Any, active: bool) -> Alliance:
    """Record that an alliance was dissolved (or revived): it stays on record with its members and projects."""
    locked = Alliance.objects.select_for_update().get(pk=alliance.pk)
    ensure_can(actor, locked, "change")
    set_flag(locked, value=active, actor=actor, action="alliance.revive" if active else "alliance.dissolve")
    return locked


def _score(raw: Any, *, key: str, label: str, most: int, problems: dict[str, str]) -> Decimal | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        problems[key] = _("请填写“%(label)s”的得分。") % {"label": label}
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or value < 0 or value > most:
        problems[key] = _("“%(label)s”的得分应在0至%(most)d分之间。") % {"label": label, "most": most}
        return None
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def alliance_evaluate(
    *, alliance: Alliance, actor: Any, year: Any, scores: Mapping[str, Any], comment: str = ""
) -> AllianceEvaluation:
    """Record an alliance's yearly evaluation: every criterion scored (all problems at once), the total
    and its grade computed here; one per year; audited."""
    ensure_can(actor, alliance, "change")
    problems: dict[str, str] = {}
    this_year = timezone.localdate().year
    try:
        year_value = int(str(year).strip())
    except ValueError:
        year_value = 0
    earliest = alliance.established_on.year if alliance.established_on else 2000
    if not earliest <= year_value <= this_year:
        problems["year"] = _("评价年度应在%(first)d年至%(last)d年之间。") % {
            "first": earliest,
            "last": this_year,
        }
    elif AllianceEvaluation.objects.filter(alliance=alliance, year=year_value).exists():
        problems["year"] = _("该联盟%(year)d年度已有评价。") % {"year": year_value}
    values: dict[str, str] = {}
    for key, label, most in EVALUATION_CRITERIA:
        value = _score(scores.get(key), key=f"score_{key}", label=str(label), most=most, problems=problems)
        if value is not None:
            values[key] = str(value)
    raise_problems(problems)
    total = sum((Decimal(v) for v in values.values()), Decimal("0"))
    grade = next(g for floor, g in EVALUATION_GRADES if total >= floor)
    evaluation = AllianceEvaluation(
        alliance=alliance,
        year=year_value,
        scores=values,
        total=total,
        grade=grade,
        comment=(comment or "").strip(),
        evaluated_by=actor if getattr(actor, "pk", None) else None,
    )
    clean_and_save(evaluation)
    audit_log(
        actor=actor,
        action="alliance.evaluate",
        target=alliance,
        after={"year": year_value, "scores": values, "total": str(total), "grade": grade},
    )
    return evaluation


@transaction.atomic
def alliance_project_transition(
    *, project: AllianceProject, to: str, actor: Any, note: str = "", expected_version: int | None = None
) -> AllianceProject:
    """Start, close (结题, with its results) or stop (终止, with the reason) a joint project; the dates follow."""
    ensure_can(actor, project.alliance, "change")
    note = (note or "").strip()
    if to == ProjectStatus.COMPLETED and not (note or project.results.strip()):
        raise ApplicationError(_("结题请填写项目成果。"), extra={"field": "note"})
    if to == ProjectStatus.TERMINATED and not note:
        raise ApplicationError(_("请填写终止原因。"), extra={"field": "note"})
    transition(
        obj=project,
        to=to,
        actor=actor,
        transitions=PROJECT_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    today = timezone.localdate()
    if to == ProjectStatus.ONGOING and project.started_on is None:
        project.started_on = today
    if to in PROJECT_TERMINAL:
        project.ended_on = project.ended_on or today
    if to == ProjectStatus.COMPLETED and note:
        project.results = note
    project.save(update_fields=["started_on", "ended_on", "results", "updated_at"])
    audit_log(
        actor=actor,
        action="alliance.project_transition",
        target=project.alliance,
        after={"project": project.pk, "status": to, "note": note},
    )
    return project
