"""Writes of the recognition workflow.  ``application_transition`` is the one way to move an application.

Every move: permission by actor kind (applicant admin or officer of the scheme's department and region),
the ``TRANSITIONS`` table via the core kernel (status-change row + audit row), optimistic locking on
``version``, and the side effects of the target state (snapshot, panel, quota, publicity window,
certificate, carrier), all in one transaction so nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.carriers.choices import CARRIER_IN_FORCE, TIER_ORDER, CarrierStatus
from kechuang.carriers.models import Carrier
from kechuang.carriers.services import carrier_record_recognition, carrier_transition
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can
from kechuang.core.workflow import status_label, transition
from kechuang.recognition import conditions as cond
from kechuang.recognition.certificate import chinese_date, new_verification_code
from kechuang.recognition.choices import (
    CALL_TRANSITIONS,
    EDITABLE,
    OBJECTION_TRANSITIONS,
    RE_EVALUATION_TARGET,
    REASON_REQUIRED,
    TRANSITION_ACTORS,
    TRANSITIONS,
    Actor,
    ApplicationStatus,
    CallStatus,
    ObjectionStatus,
    ReEvaluationOutcome,
)
from kechuang.recognition.indicators import IndicatorSystemError, parse_indicator_system, score_figures
from kechuang.recognition.models import (
    Application,
    ApplicationAttachment,
    Call,
    Certificate,
    Objection,
    ReEvaluation,
    Scheme,
)
from kechuang.registry.models import YearlyStatistics
from kechuang.review.choices import PanelStatus
from kechuang.review.models import Panel
from kechuang.review.selectors import item_for_subject, panel_for_owner
from kechuang.review.services import panel_add_item, panel_create, panel_remove_item

S = ApplicationStatus
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".ofd"}


# ---------------------------------------------------------------------------------------------- schemes


@transaction.atomic
def scheme_create(
    *,
    code: str,
    name: str,
    department: Any,
    tier: str,
    recognition_title: str,
    indicator_system: Mapping[str, Any],
    actor: Any,
    carrier_kind: str = "",
    eligibility: Mapping[str, Any] | None = None,
    pass_score: Decimal = Decimal(60),
    publicity_days: int = 7,
    validity_years: int = 3,
    re_evaluation_years: int = 2,
    description: str = "",
) -> Scheme:
    try:
        parse_indicator_system(indicator_system, require_total=Decimal(100))
    except IndicatorSystemError as exc:
        raise ApplicationError(exc.problems[0], extra={"problems": exc.problems}) from exc
    problems = cond.validate_conditions(eligibility or {})
    measure_code = (eligibility or {}).get("measure")
    if measure_code:
        from kechuang.policies.models import Measure

        if not Measure.objects.filter(code=str(measure_code)).exists():
            problems.append(_("申报条件引用的政策事项“%(code)s”不存在。") % {"code": measure_code})
    if problems:
        raise ApplicationError(problems[0], extra={"problems": problems})
    scheme = Scheme(
        code=code,
        name=name,
        department=department,
        tier=tier,
        carrier_kind=carrier_kind,
        recognition_title=recognition_title,
        eligibility=dict(eligibility or {}),
        indicator_system=dict(indicator_system),
        pass_score=pass_score,
        publicity_days=publicity_days,
        validity_years=validity_years,
        re_evaluation_years=re_evaluation_years,
        description=description,
    )
    scheme.full_clean()
    scheme.save()
    audit_log(actor=actor, action="scheme.create", target=scheme, after=snapshot(scheme))
    return scheme


# ------------------------------------------------------------------------------------------------ calls


def _ensure(user: Any, obj: Any, action: str) -> None:
    if not can(user, obj, action):
        raise ApplicationError(_("您无权执行此操作。"))


@transaction.atomic
def call_create(
    *,
    scheme: Scheme,
    year: int,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    actor: Any,
    quota: int | None = None,
    notice: str = "",
) -> Call:
    _ensure(actor, scheme, "manage")
    if closes_at <= opens_at:
        raise ApplicationError(_("申报截止时间必须晚于开始时间。"), extra={"field": "closes_at"})
    if Call.objects.filter(scheme=scheme, year=year).exists():
        raise ApplicationError(_("该认定类别本年度已有申报批次。"), extra={"field": "year"})
    call = Call(
        scheme=scheme,
        year=year,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        quota=quota,
        notice=notice,
    )
    call.full_clean()
    call.save()
    audit_log(actor=actor, action="call.create", target=call, after=snapshot(call))
    return call


@transaction.atomic
def call_transition(*, call: Call, to: str, actor: Any, expected_version: int | None = None) -> Call:
    """Publish, close, reopen or archive a call."""
    _ensure(actor, call, "manage")
    transition(obj=call, to=to, actor=actor, transitions=CALL_TRANSITIONS, expected_version=expected_version)
    return call


# ---------------------------------------------------------------------------------------- applications


def _latest_figures(organization: Any) -> tuple[int | None, dict[str, Any]]:
    stats = YearlyStatistics.objects.filter(organization=organization).order_by("-year").first()
    if stats is None:
        return None, {}
    return stats.year, {f: getattr(stats, f) for f in YearlyStatistics.FIGURES}


def _held_tier(organization: Any, kind: str) -> str | None:
    if not kind:
        return None
    tiers = Carrier.objects.filter(
        kind=kind,
        host_links__organization=organization,
        status__in=CARRIER_IN_FORCE,
    ).values_list("tier", flat=True)
    return max(tiers, key=lambda t: TIER_ORDER[t], default=None)


def _failing_steps(step: Any) -> list[str]:
    """Leaf texts of the policy engine's explanation that failed (or are unknown)."""
    if step.value is True:
        return []
    failing = [c for c in step.children if c.value is not True]
    if not failing:
        return [step.text]
    return [text for c in failing for text in _failing_steps(c)]


def _policy_rule_unmet(measure_code: str, organization: Any, today: dt.date) -> list[str]:
    """The scheme's eligibility as a policy measure's rule (政策规则), evaluated by the eligibility engine."""
    from kechuang.policies.models import Measure
    from kechuang.policies.selectors import measure_explain

    measure = Measure.objects.filter(code=measure_code).first()
    if measure is None:
        return [_("申报条件引用的政策事项“%(code)s”不存在。") % {"code": measure_code}]
    result = measure_explain(measure=measure, organization=organization, on=today)
    if result.value is True:
        return []
    if result.value is None:
        missing = sorted({label for step in [result.step] for label in _missing_labels(step)})
        return [_("缺少判断所需的数据：%(facts)s。") % {"facts": "、".join(missing) or measure.title}]
    return _failing_steps(result.step)


def _missing_labels(step: Any) -> list[str]:
    return list(step.missing.values()) + [x for c in step.children for x in _missing_labels(c)]


def eligibility_check(*, call: Call, organization: Any, today: dt.date | None = None) -> list[str]:
    """Unmet conditions of the call's scheme for this organization (empty: eligible).

    Structured conditions are checked first; ``eligibility["measure"]`` names a policy measure whose
    machine-readable rule must also hold (so schemes reuse the policy engine's rules and explanations).
    """
    today = today or timezone.localdate()
    unmet = _structured_unmet(call=call, organization=organization, today=today)
    measure_code = (call.scheme.eligibility or {}).get("measure")
    if measure_code:
        unmet += _policy_rule_unmet(str(measure_code), organization, today)
    return unmet


def _structured_unmet(*, call: Call, organization: Any, today: dt.date) -> list[str]:
    year, figures = _latest_figures(organization)
    return cond.unmet_conditions(
        call.scheme.eligibility or {},
        organization_kind=organization.kind,
        verified=organization.is_verified,
        founded_on=organization.founded_on,
        figures=figures,
        figures_year=year,
        held_tier=_held_tier(organization, call.scheme.carrier_kind),
        today=today,
    )


def _window_open(call: Call, now: dt.datetime) -> bool:
    return call.status == CallStatus.OPEN and call.opens_at <= now <= call.closes_at


def _window_message(call: Call, now: dt.datetime) -> str:
    if call.status != CallStatus.OPEN or now > call.closes_at:
        return _("申报已截止（截止时间：%(at)s），不能再提交。") % {"at": _when(call.closes_at)}
    return _("申报尚未开始（开始时间：%(at)s）。") % {"at": _when(call.opens_at)}


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{chinese_date(local.date())} {local:%H:%M}"


@transaction.atomic
def application_create(
    *, call: Call, organization: Any, title: str, actor: Any, summary: str = ""
) -> Application:
    """Start a draft.  Only an admin of the organization, only while the call's window is open."""
    from kechuang.accounts.selectors import user_organization_ids

    if organization.pk not in user_organization_ids(actor, admin_only=True):
        raise ApplicationError(_("只有本单位管理员可以申报。"))
    now = timezone.now()
    if not _window_open(call, now):
        raise ApplicationError(_window_message(call, now))
    if not title.strip():
        raise ApplicationError(_("请填写申报名称。"), extra={"field": "title"})
    if Application.objects.filter(call=call, organization=organization).exists():
        raise ApplicationError(_("本单位已申报过该批次。"))
    application = Application(
        call=call,
        organization=organization,
        region_path=organization.region_path,
        title=title.strip(),
        summary=summary.strip(),
        created_by=actor,
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # a concurrent double click
        raise ApplicationError(_("本单位已申报过该批次。")) from exc
    audit_log(actor=actor, action="application.create", target=application, after=snapshot(application))
    return application


def _check_version(application: Application, expected_version: int | None) -> None:
    if expected_version is not None and application.version != expected_version:
        raise ApplicationError(_("该记录已被他人修改，请刷新页面后重试。"), extra={"conflict": True})


@transaction.atomic
def application_update(
    *, application: Application, actor: Any, title: str, summary: str, expected_version: int | None = None
) -> Application:
    _ensure(actor, application, "change")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _check_version(locked, expected_version)
    if locked.status not in EDITABLE:
        raise ApplicationError(_("申请已提交，不能修改。"))
    if not title.strip():
        raise ApplicationError(_("请填写申报名称。"), extra={"field": "title"})
    before = snapshot(locked, ["title", "summary"])
    updated = Application.objects.filter(pk=locked.pk, version=locked.version).update(
        title=title.strip(), summary=summary.strip(), version=locked.version + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise ApplicationError(_("该记录已被他人修改，请刷新页面后重试。"), extra={"conflict": True})
    locked.refresh_from_db()
    audit_log(
        actor=actor,
        action="application.update",
        target=locked,
        before=before,
        after=snapshot(locked, ["title", "summary"]),
    )
    return locked


@transaction.atomic
def attachment_add(
    *, application: Application, actor: Any, title: str, file: UploadedFile
) -> ApplicationAttachment:
    _ensure(actor, application, "change")
    if application.status not in EDITABLE:
        raise ApplicationError(_("申请已提交，不能再上传材料。"))
    if not title.strip():
        raise ApplicationError(_("请填写材料名称。"), extra={"field": "title"})
    ext = os.path.splitext(file.name or "")[1].lower()
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ApplicationError(
            _("不支持的文件类型，请上传PDF、图片、Word、Excel、OFD或ZIP文件。"), extra={"field": "file"}
        )
    if file.size is None or file.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(_("文件不能超过20MB。"), extra={"field": "file"})
    if file.size == 0:
        raise ApplicationError(_("文件为空。"), extra={"field": "file"})
    attachment = ApplicationAttachment(
        application=application, title=title.strip(), file=file, size=file.size, uploaded_by=actor
    )
    attachment.full_clean()
    attachment.save()
    audit_log(
        actor=actor,
        action="application.attachment_add",
        target=application,
        after={"attachment": attachment.pk, "title": title},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: ApplicationAttachment, actor: Any) -> None:
    application = attachment.application
    _ensure(actor, application, "change")
    if application.status not in EDITABLE:
        raise ApplicationError(_("申请已提交，不能删除材料。"))
    audit_log(
        actor=actor,
        action="application.attachment_delete",
        target=application,
        before={"attachment": attachment.pk},
    )
    attachment.file.delete(save=False)
    attachment.delete()


def _build_snapshot(application: Application) -> tuple[int | None, dict[str, Any], Decimal]:
    org = application.organization
    year, figures = _latest_figures(org)
    system = parse_indicator_system(application.call.scheme.indicator_system)
    score = score_figures(system, figures)
    data = {
        "organization": {
            "name": org.name,
            "uscc": org.uscc,
            "region": org.region_id,
            "industry": org.industry_id,
            "size": org.size,
            "founded_on": org.founded_on.isoformat() if org.founded_on else None,
        },
        "year": year,
        "figures": {k: (str(v) if v is not None else None) for k, v in figures.items()},
        "indicator_scores": [
            {
                "code": line.code,
                "name": line.name,
                "value": str(line.value) if line.value is not None else None,
                "unit": line.unit,
                "points": str(line.points),
                "max": str(line.max_score),
            }
            for line in score.lines
        ],
        "attachments": [a.title for a in application.attachments.all()],
        "taken_at": timezone.now().isoformat(),
    }
    return year, data, score.points


def _actor_kind_allowed(application: Application, actor: Any, source: str, target: str) -> None:
    kind = TRANSITION_ACTORS.get((source, target))
    if kind == Actor.APPLICANT:
        if not can(actor, application, "submit"):
            raise ApplicationError(_("只有申报单位管理员可以执行此操作。"))
    elif not can(actor, application, "decide"):
        raise ApplicationError(_("只有主管部门的工作人员可以执行此操作。"))


def _call_panel(call: Call, actor: Any) -> Panel | None:
    """The call's review panel (created on first use from the scheme's expert indicators)."""
    panel = panel_for_owner(owner=call)
    if panel is not None:
        return panel
    system = parse_indicator_system(call.scheme.indicator_system)
    indicators = [
        {"code": i.code, "name": i.name, "max_score": str(i.max_score)} for i in system.expert_indicators
    ]
    if not indicators:
        return None
    return panel_create(
        owner=call,
        name=_("%(call)s 专家评审组") % {"call": call.title},
        department=call.scheme.department,
        indicators=indicators,
        actor=actor,
        experts_per_item=5,
        spread_threshold=Decimal(sum(Decimal(i["max_score"]) for i in indicators) * Decimal("0.3")).quantize(
            Decimal("0.01")
        ),
    )


def _on_enter(
    application: Application, source: str, target: str, actor: Any, note: str, today: dt.date
) -> dict[str, Any]:
    """Side effects and field updates of entering ``target``; returns the fields to save."""
    call = application.call
    scheme = call.scheme
    updates: dict[str, Any] = {}
    if target == S.SUBMITTED:
        now = timezone.now()
        if source == S.DRAFT and not _window_open(call, now):
            raise ApplicationError(_window_message(call, now))
        if source == S.RETURNED and call.status == CallStatus.ARCHIVED:
            raise ApplicationError(_("申报批次已归档，不能再提交。"))
        from kechuang.registry.services import ensure_can_apply

        ensure_can_apply(application.organization)
        unmet = eligibility_check(call=call, organization=application.organization, today=today)
        if unmet:
            raise ApplicationError(
                _("不符合申报条件：%(reasons)s") % {"reasons": "；".join(unmet)}, extra={"unmet": unmet}
            )
        if not application.attachments.exists():
            raise ApplicationError(_("请至少上传一份申报材料后再提交。"))
        year, data, auto = _build_snapshot(application)
        updates.update(snapshot=data, snapshot_year=year, auto_score=auto, submitted_at=now, last_note="")
    elif target == S.RETURNED:
        updates["last_note"] = note
    elif target == S.EXPERT_REVIEW:
        panel = _call_panel(call, actor)
        if panel is not None:
            if panel.status != PanelStatus.FORMING:
                raise ApplicationError(_("本批次专家评审已开始，不能再加入新的申请。"))
            if item_for_subject(subject=application) is None:
                panel_add_item(
                    panel=panel,
                    subject=application,
                    organization=application.organization,
                    label=application.title,
                    actor=actor,
                )
    elif target == S.DECISION:
        item = item_for_subject(subject=application)
        expert = None
        if item is not None:
            if item.panel.status != PanelStatus.CLOSED:
                raise ApplicationError(_("专家评审尚未结束，评分封存中，不能进入审定。"))
            expert = item.score
            updates["score_flagged"] = item.flagged
        updates["expert_score"] = expert
        updates["total_score"] = (application.auto_score or Decimal(0)) + (expert or Decimal(0))
    elif target == S.PUBLICITY:
        if call.quota is not None:
            taken = (
                Application.objects.filter(
                    call=call, status__in=[S.PUBLICITY, S.RECOGNISED, S.RE_EVALUATION, S.WARNED]
                )
                .exclude(pk=application.pk)
                .count()
            )
            if taken >= call.quota:
                raise ApplicationError(
                    _("本批次认定名额（%(quota)d个）已满，不能再列入公示。") % {"quota": call.quota}
                )
        updates["publicity_starts_on"] = today
        updates["publicity_ends_on"] = today + dt.timedelta(days=scheme.publicity_days)
    elif target == S.RECOGNISED and source == S.PUBLICITY:
        if application.publicity_ends_on and today <= application.publicity_ends_on:
            raise ApplicationError(
                _("公示期至%(date)s结束，公示期满后才能认定。")
                % {"date": chinese_date(application.publicity_ends_on)}
            )
        if application.objections.filter(status=ObjectionStatus.OPEN).exists():
            raise ApplicationError(_("还有未处理的公示异议，处理完毕后才能认定。"))
        if application.objections.filter(status=ObjectionStatus.UPHELD).exists():
            raise ApplicationError(_("公示异议成立，不能认定。"))
    return updates


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _after_enter(
    application: Application, source: str, target: str, actor: Any, note: str, today: dt.date
) -> None:
    scheme = application.call.scheme
    if target == S.RECOGNISED and source == S.PUBLICITY:
        valid_until = _add_years(today, scheme.validity_years) - dt.timedelta(days=1)
        seq = Certificate.objects.filter(application__call=application.call).count() + 1
        number = f"{scheme.code.upper()}-{application.call.year}-{seq:04d}"
        while Certificate.objects.filter(number=number).exists():
            seq += 1
            number = f"{scheme.code.upper()}-{application.call.year}-{seq:04d}"
        code = new_verification_code()
        while Certificate.objects.filter(verification_code=code).exists():  # pragma: no cover - 31^16 space
            code = new_verification_code()
        certificate = Certificate(
            application=application,
            number=number,
            verification_code=code,
            issued_on=today,
            valid_until=valid_until,
        )
        certificate.full_clean()
        certificate.save()
        if scheme.carrier_kind:
            carrier = carrier_record_recognition(
                organization=application.organization,
                kind=scheme.carrier_kind,
                tier=scheme.tier,
                name=f"{application.organization.name}{scheme.recognition_title}",
                actor=actor,
                responsible_department=scheme.department,
                certificate_no=number,
                recognised_on=today,
                valid_until=valid_until,
            )
            Application.objects.filter(pk=application.pk).update(carrier=carrier)
            application.carrier = carrier
        audit_log(actor=actor, action="certificate.issue", target=application, after={"number": number})
    elif target == S.RECOGNISED and source == S.RE_EVALUATION:
        _carrier_status(application, CarrierStatus.ACTIVE, actor, note)
    elif target == S.RE_EVALUATION:
        ReEvaluation.objects.create(application=application, year=today.year)
    elif target == S.WARNED:
        _carrier_status(application, CarrierStatus.WARNED, actor, note)
    elif target == S.REVOKED:
        Certificate.objects.filter(application=application, revoked_on__isnull=True).update(revoked_on=today)
        _carrier_status(application, CarrierStatus.REVOKED, actor, note)
    if source == S.RE_EVALUATION:
        outcomes: dict[str, str] = {
            S.RECOGNISED: ReEvaluationOutcome.PASS,
            S.WARNED: ReEvaluationOutcome.WARNING,
            S.REVOKED: ReEvaluationOutcome.REVOCATION,
        }
        outcome = outcomes[target]
        ReEvaluation.objects.filter(application=application, outcome="").update(
            outcome=outcome, note=note, decided_by=actor, decided_at=timezone.now()
        )
    if target in (S.REJECTED, S.WITHDRAWN):
        item = item_for_subject(subject=application)
        if item is not None and item.panel.status == PanelStatus.FORMING:
            panel_remove_item(item=item, actor=actor)


def _carrier_status(application: Application, status: str, actor: Any, note: str) -> None:
    carrier = application.carrier
    if carrier is None:
        return
    carrier.refresh_from_db()
    if carrier.status == status or status not in CarrierStatus.values:
        return
    from kechuang.carriers.choices import CARRIER_TRANSITIONS

    if status in CARRIER_TRANSITIONS.get(carrier.status, ()):
        carrier_transition(
            carrier=carrier, to=status, actor=actor, note=note or status, check_permission=False
        )


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    """Move an application one step.  Raises :class:`ApplicationError` with a translated reason."""
    today = today or timezone.localdate()
    locked = (
        Application.objects.select_for_update()
        .select_related("call__scheme", "organization")
        .get(pk=application.pk)
    )
    _check_version(locked, expected_version)
    source = locked.status
    if to not in S.values:
        raise ApplicationError(_("目标状态不正确。"))
    if to not in TRANSITIONS.get(source, ()):
        raise ApplicationError(
            _("不能从“%(from)s”变更为“%(to)s”。")
            % {"from": status_label(locked, source), "to": status_label(locked, to)},
            extra={"from": source, "to": to},
        )
    _actor_kind_allowed(locked, actor, source, to)
    note = note.strip()
    if (source, to) in REASON_REQUIRED and not note:
        raise ApplicationError(_("请填写意见或理由。"), extra={"field": "note"})
    updates = _on_enter(locked, source, to, actor, note, today)
    if updates:
        Application.objects.filter(pk=locked.pk).update(**updates)
        for k, v in updates.items():
            setattr(locked, k, v)
    transition(
        obj=locked,
        to=to,
        actor=actor,
        transitions=TRANSITIONS,
        note=note,
        expected_version=locked.version,
    )
    _after_enter(locked, source, to, actor, note, today)
    locked.refresh_from_db()
    return locked


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def application_bulk_transition(
    *, application_ids: Iterable[int], to: str, actor: Any, note: str = "", today: dt.date | None = None
) -> BulkResult:
    """Apply one move to many applications; each succeeds or fails alone, failures say why."""
    from kechuang.core.permissions import restrict

    result = BulkResult()
    ids = sorted({int(x) for x in application_ids})
    visible = dict(
        (a.pk, a)
        for a in restrict(Application.objects.filter(pk__in=ids), actor, "decide").select_related("call")
    )
    for pk in ids:
        application = visible.get(pk)
        if application is None:
            result.failed.append((pk, _("对象不存在或无权访问。")))
            continue
        try:
            application_transition(application=application, to=to, actor=actor, note=note, today=today)
        except ApplicationError as exc:
            result.failed.append((pk, exc.message))
        else:
            result.done.append(pk)
    return result


# ------------------------------------------------------------------------------------------ objections


@transaction.atomic
def objection_lodge(
    *, application: Application, name: str, contact: str, content: str, today: dt.date | None = None
) -> Objection:
    """Anyone may object during the publicity period; the form states name and contact (实名异议)."""
    today = today or timezone.localdate()
    if application.status != S.PUBLICITY or not (
        application.publicity_starts_on
        and application.publicity_starts_on <= today <= (application.publicity_ends_on or today)
    ):
        raise ApplicationError(_("该申请不在公示期内，不能提出异议。"))
    if not name.strip():
        raise ApplicationError(_("请填写异议人姓名或单位。"), extra={"field": "name"})
    if not contact.strip():
        raise ApplicationError(_("请填写联系方式。"), extra={"field": "contact"})
    if len(content.strip()) < 10:
        raise ApplicationError(_("异议内容至少10个字，请写明事实和理由。"), extra={"field": "content"})
    objection = Objection(
        application=application,
        name=name.strip()[:60],
        contact=contact.strip()[:100],
        content=content.strip(),
    )
    objection.full_clean()
    objection.save()
    audit_log(actor=None, action="objection.lodge", target=application, after={"objection": objection.pk})
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, actor: Any, upheld: bool, resolution: str) -> Objection:
    """An officer rules on an objection.  An upheld objection lets the officer reject the application."""
    if not can(actor, objection.application, "decide"):
        raise ApplicationError(_("只有主管部门的工作人员可以执行此操作。"))
    if not resolution.strip():
        raise ApplicationError(_("请填写处理意见。"), extra={"field": "resolution"})
    to = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    Objection.objects.filter(pk=objection.pk).update(
        resolution=resolution.strip(), resolved_by=actor, resolved_at=timezone.now()
    )
    objection.refresh_from_db()
    transition(obj=objection, to=to, actor=actor, transitions=OBJECTION_TRANSITIONS, note=resolution.strip())
    return objection


# ---------------------------------------------------------------------------------------- re-evaluation


@transaction.atomic
def re_evaluation_decide(
    *, application: Application, outcome: str, actor: Any, note: str = "", expected_version: int | None = None
) -> Application:
    """Conclude a re-evaluation: pass (back to recognised), warning, or revocation."""
    if outcome not in RE_EVALUATION_TARGET:
        raise ApplicationError(_("复核结论不正确。"))
    if application.status != S.RE_EVALUATION:
        raise ApplicationError(_("该认定不在复核中。"))
    return application_transition(
        application=application,
        to=RE_EVALUATION_TARGET[outcome],
        actor=actor,
        note=note,
        expected_version=expected_version,
    )
