"""Every write of the policies app: loading documents and measures, pushes, claims, disbursements.

Keyword-only arguments, one transaction each, ``full_clean()`` before saving and an audit record in the
same transaction. Errors the user can act on are :class:`ApplicationError` with a translated message.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import AuditEntry, audit_log, audit_log_many
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, ensure_can, restrict
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.eligibility import Rule, RuleError
from kechuang.eligibility import nodes as n
from kechuang.eligibility.i18n import ZH, language
from kechuang.eligibility.i18n import current as current_language
from kechuang.eligibility.rules import RULES_DIR, load_library
from kechuang.eligibility.source import parse_text
from kechuang.policies import selectors
from kechuang.policies.choices import (
    OPEN,
    TRANSITIONS,
    ClaimOrigin,
    ClaimStatus,
    MeasureMode,
    MeasureStatus,
)
from kechuang.policies.documents import DocumentData, law_documents, seed_documents
from kechuang.policies.facts import facts_for, organization_facts
from kechuang.policies.models import (
    Claim,
    Disbursement,
    Measure,
    MeasureRuleVersion,
    PolicyDocument,
    PolicyStatistics,
    PushNotice,
)
from kechuang.registry.models import Department, Membership, Organization, Region
from kechuang.registry.selectors import user_is_officer, user_officer_roles, user_organization_ids
from kechuang.registry.services import ensure_can_apply

# --- documents ------------------------------------------------------------------------------------


@transaction.atomic
def documents_load(*, actor: Any, laws_path: Path | None = None, seeds: bool = True) -> int:
    """Load (or refresh) the shipped seed documents and S&T laws; returns how many rows changed."""
    items: list[DocumentData] = list(seed_documents()) if seeds else []
    items += list(law_documents(laws_path) if laws_path else law_documents())
    regions = {
        r.code: r for r in Region.objects.filter(code__in={d.region_code for d in items if d.region_code})
    }
    entries = []
    for d in items:
        doc = PolicyDocument.objects.filter(
            source=d.source, source_ref=d.source_ref
        ).first() or PolicyDocument(source=d.source, source_ref=d.source_ref)
        doc.title, doc.issuer, doc.number, doc.level = d.title[:300], d.issuer[:200], d.number[:120], d.level
        doc.region = regions.get(d.region_code or "")
        doc.issued_on, doc.full_text, doc.licence_note = d.issued_on, d.full_text, d.licence_note[:300]
        created = doc.pk is None
        doc.full_clean()
        doc.save()
        entries.append(AuditEntry(action="policydocument.load", target=doc, after={"created": created}))
    audit_log_many(actor=actor, entries=entries)
    return len(entries)


# --- measures ---------------------------------------------------------------------------------------


def parse_rule(source: str) -> Rule:
    """Parse and check a rule file's text; a wrong rule is refused with its line, column and reason
    (in the active language: the engine's messages follow ``get_language()``)."""
    with language(get_language()):
        try:
            return parse_text(source, library=load_library(sorted(RULES_DIR.glob("_*.yaml"))))
        except RuleError as exc:
            raise ApplicationError(
                _("规则有误：%(error)s") % {"error": exc.render()},
                extra={
                    "field": "rule_source",
                    "where": exc.where,
                    "position": exc.position,
                    "reason": exc.reason,
                    "line": exc.line,
                    "column": exc.column,
                    "text": exc.text,
                },
            ) from None


def rule_not_computed(exc: RuleError) -> ApplicationError:
    """A measure's rule that cannot be computed for the date asked (its date arithmetic leaves the
    calendar, ``today - years(2)`` on 0001-01-01): the user's error with the engine's reason, not a crash."""
    return ApplicationError(
        _("该事项的规则无法计算：%(reason)s") % {"reason": exc.reason},
        extra={"reason": exc.reason, "where": exc.where},
    )


def _rule_region(rule: Rule) -> str | None:
    """The region a rule is limited to (``region under X`` directly in its top-level conditions)."""
    tree = rule.compile(rule.effective_from or dt.date(2025, 1, 1))
    items = tree.items if isinstance(tree, n.And) else [tree]
    for item in items:
        body = item.body if isinstance(item, n.Ref) else item
        if isinstance(body, n.Under) and body.left.name == "region":
            return body.code
    return None


def _document_for(rule: Rule) -> PolicyDocument:
    src = rule.source
    qs = PolicyDocument.objects.all()
    found = None
    if src.number:
        found = qs.filter(number=src.number).first()
    if found is None:
        found = qs.filter(title=src.document).first()
    if found is None:
        found = PolicyDocument(
            title=src.document[:300],
            number=src.number[:120],
            issuer=src.issuer[:200],
            issued_on=src.date,
            effective_from=rule.effective_from,
            effective_to=rule.effective_to,
            source="manual",
            source_ref=f"rule:{rule.id}",
            full_text="",
            licence_note=_("仅收录文件信息与相关条款，全文未收录。"),
        )
        found.full_clean()
        found.save()
    return found


def _apply_rule(measure: Measure, rule: Rule, rule_source: str) -> bool:
    """Copy what the rule file says (title, benefit, region…) onto the measure; True if the text changed."""
    changed = measure.pk is None or measure.rule_hash != Measure.hash_rule(rule_source)
    region_code = _rule_region(rule)
    measure.title = rule.title[:200]
    measure.summary = rule.summary
    measure.benefit_type = rule.benefit_type
    measure.benefit_text = rule.benefit_text[:300]
    measure.article = rule.source.article[:200]
    measure.rule_source = rule_source
    measure.rule_hash = Measure.hash_rule(rule_source)
    measure.mode = rule.mode
    measure.materials = rule.materials
    measure.department_name = rule.department[:120]
    measure.region = Region.objects.filter(code=region_code).first() if region_code else None
    dept = measure.department if measure.department_id else None
    if dept is not None and measure.region and not measure.region.path.startswith(dept.region.path):
        measure.department = None  # the rule moved to a region the department does not cover
    if measure.region and not measure.department_id:
        measure.department = Department.objects.filter(region=measure.region).order_by("id").first()
    return changed


def _record_version(measure: Measure, *, actor: Any, note: str = "") -> MeasureRuleVersion:
    """Append the measure's current rule text to its history (numbers 1, 2, 3…)."""
    last = measure.rule_versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = MeasureRuleVersion(
        measure=measure,
        number=last + 1,
        rule_source=measure.rule_source,
        rule_hash=measure.rule_hash,
        note=note[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    version.full_clean()
    version.save()
    return version


def _full_clean(obj: Any) -> None:
    """``full_clean`` with the model's messages as a user-facing error on the rule text."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(
            "；".join(str(m) for m in exc.messages), extra={"field": "rule_source"}
        ) from None


@transaction.atomic
def measure_save_rule(
    *,
    actor: Any,
    rule_source: str,
    measure: Measure | None = None,
    status: str | None = None,
    amount: Decimal | None = None,
    window_start: dt.date | None = None,
    window_end: dt.date | None = None,
) -> Measure:
    """Create or update the measure a rule file describes (its id is the measure's code)."""
    rule = parse_rule(rule_source)
    if measure is None:
        measure = Measure.objects.filter(code=rule.id).first()
    if measure is not None:
        ensure_can(actor, measure, "change")
    elif not user_is_platform_admin(actor) and actor is not None:
        raise ApplicationError(_("只有平台管理员可以新增政策事项。"))
    before = None if measure is None else {"rule_hash": measure.rule_hash, "status": measure.status}
    if measure is None:
        measure = Measure(code=rule.id)
    elif measure.code != rule.id:
        raise ApplicationError(
            _("规则编号“%(id)s”与事项编码“%(code)s”不一致。") % {"id": rule.id, "code": measure.code},
            extra={"field": "rule_source"},
        )
    measure.document = _document_for(rule)
    changed = _apply_rule(measure, rule, rule_source)
    if status is not None:
        measure.status = status
    if amount is not None:
        measure.amount = amount
    if window_start is not None:
        measure.window_start = window_start
    if window_end is not None:
        measure.window_end = window_end
    measure.full_clean()
    measure.save()
    if changed:
        _record_version(measure, actor=actor, note=_("规则文件导入"))
    audit_log(
        actor=actor,
        action="measure.save_rule",
        target=measure,
        before=before,
        after={"rule_hash": measure.rule_hash, "status": measure.status},
    )
    return measure


@transaction.atomic
def measure_rule_update(
    *, measure: Measure, actor: Any, rule_source: str, note: str = "", expected_hash: str | None = None
) -> MeasureRuleVersion:
    """An officer changes a measure's rule: the text is checked (a wrong rule is never saved), the
    measure takes what it says, and the new text is recorded as the next version, with an audit record.

    ``expected_hash`` is the rule the officer started from: if someone saved in between, refuse.
    """
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    ensure_can(actor, measure, "change")
    if expected_hash and measure.rule_hash != expected_hash:
        raise ApplicationError(
            _("规则已被他人修改，请重新打开编辑页面后再修改。"), extra={"field": "rule_source"}
        )
    rule = parse_rule(rule_source)
    if rule.id != measure.code:
        raise ApplicationError(
            _("规则编号“%(id)s”与事项编码“%(code)s”不一致。") % {"id": rule.id, "code": measure.code},
            extra={"field": "rule_source"},
        )
    if Measure.hash_rule(rule_source) == measure.rule_hash:
        raise ApplicationError(_("规则没有改动。"), extra={"field": "rule_source"})
    previous = measure.rule_versions.order_by("-number").first()
    if previous is None or previous.rule_hash != measure.rule_hash:  # keep the text being replaced
        previous = _record_version(measure, actor=None, note=_("修改前的规则"))
    before = {"rule_hash": measure.rule_hash, "version": previous.number, "region": measure.region_id}
    _apply_rule(measure, rule, rule_source)
    _full_clean(measure)
    measure.save()
    if not can(actor, measure, "change"):
        raise ApplicationError(
            _("修改后的规则适用地区不在您负责的范围内，不能保存。"), extra={"field": "rule_source"}
        )
    version = _record_version(measure, actor=actor, note=note.strip())
    audit_log(
        actor=actor,
        action="measure.rule_update",
        target=measure,
        before=before,
        after={
            "rule_hash": measure.rule_hash,
            "version": version.number,
            "region": measure.region_id,
            "note": version.note,
        },
    )
    return version


@transaction.atomic
def measure_rule_restore(*, measure: Measure, actor: Any, version: MeasureRuleVersion) -> MeasureRuleVersion:
    """Make an earlier version the measure's rule again (recorded as a new version; nothing is lost)."""
    if version.measure_id != measure.pk:
        raise ApplicationError(_("该版本不属于此政策事项。"))
    if version.rule_hash == measure.rule_hash:
        raise ApplicationError(_("当前规则已是第%(n)s版的内容。") % {"n": version.number})
    return measure_rule_update(
        measure=measure,
        actor=actor,
        rule_source=version.rule_source,
        note=_("恢复为第%(n)s版") % {"n": version.number},
    )


@transaction.atomic
def measure_create(*, document: PolicyDocument, actor: Any, rule_source: str, note: str = "") -> Measure:
    """An officer adds a measure to a document, described by a rule file (its id becomes the code).

    The new measure is a draft; the officer must be responsible for the region the rule is limited to.
    """
    if not (user_is_platform_admin(actor) or user_is_officer(actor)):
        raise ApplicationError(_("您无权执行此操作。"))
    ensure_can(actor, document, "change")
    rule = parse_rule(rule_source)
    if Measure.objects.filter(code=rule.id).exists():
        raise ApplicationError(
            _("事项编码“%(code)s”已被使用，请修改规则的 id。") % {"code": rule.id},
            extra={"field": "rule_source"},
        )
    measure = Measure(code=rule.id, document=document, status=MeasureStatus.DRAFT)
    _apply_rule(measure, rule, rule_source)
    _full_clean(measure)
    measure.save()
    if not can(actor, measure, "change"):
        raise ApplicationError(
            _('规则适用地区不在您负责的范围内：请在规则中写明本辖区，例如 region under "%(code)s"。')
            % {"code": _officer_region_code(actor)},
            extra={"field": "rule_source"},
        )
    version = _record_version(measure, actor=actor, note=note.strip() or _("新建事项"))
    audit_log(
        actor=actor,
        action="measure.create",
        target=measure,
        after={"code": measure.code, "document": document.pk, "rule_hash": measure.rule_hash,
               "version": version.number, "region": measure.region_id},
    )  # fmt: skip
    return measure


def _officer_region_code(actor: Any) -> str:
    roles = user_officer_roles(actor)
    return roles[0].region.code if roles else "220000"


def measures_sync(*, actor: Any, directory: Path = RULES_DIR, publish: bool = True) -> list[Measure]:
    """Create or update a measure for every rule file shipped in ``directory``."""
    out = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        status = MeasureStatus.PUBLISHED if publish else None
        out.append(
            measure_save_rule(actor=actor, rule_source=path.read_text(encoding="utf-8"), status=status)
        )
    return out


@transaction.atomic
def measure_set_status(*, measure: Measure, actor: Any, status: str) -> Measure:
    ensure_can(actor, measure, "change")
    if status not in MeasureStatus.values:
        raise ApplicationError(_("未知的状态。"))
    before = measure.status
    measure.status = status
    measure.full_clean()
    measure.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="measure.status",
        target=measure,
        before={"status": before},
        after={"status": status},
    )
    return measure


# --- policy figures ------------------------------------------------------------------------------------


def _label(name: str) -> str:
    return str(getattr(PolicyStatistics._meta.get_field(name), "verbose_name", name))


def _clean_figure(name: str, raw: Any) -> Any:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        raise ApplicationError(_("“%(field)s”应当是数字。") % {"field": _label(name)},
                               extra={"field": name}) from None  # fmt: skip
    if value < 0:
        raise ApplicationError(_("“%(field)s”不能为负数。") % {"field": _label(name)},
                               extra={"field": name})  # fmt: skip
    return value


@transaction.atomic
def policy_statistics_upsert(
    *, organization: Organization, actor: Any, year: int, data: dict[str, Any]
) -> PolicyStatistics:
    """Create or update one year's declared policy figures; only figures present in ``data`` change."""
    ensure_can(actor, organization, "change")
    row = PolicyStatistics.objects.filter(organization=organization, year=year).first()
    before = None if row is None else {f: getattr(row, f) for f in PolicyStatistics.FIGURES}
    if row is None:
        row = PolicyStatistics(organization=organization, year=year)
    for name in PolicyStatistics.FIGURES:
        if name in data:
            value = _clean_figure(name, data[name])
            if value is not None and name not in ("high_tech_revenue", "total_assets"):
                if value != value.to_integral_value():
                    raise ApplicationError(
                        _("“%(field)s”应当是整数。") % {"field": _label(name)},
                        extra={"field": name},
                    )
                value = int(value)
            setattr(row, name, value)
    row.full_clean()
    row.save()
    audit_log(
        actor=actor,
        action="policystatistics.upsert",
        target=row,
        before=before,
        after={f: getattr(row, f) for f in PolicyStatistics.FIGURES},
    )
    return row


# --- pushes and 免申即享 -------------------------------------------------------------------------------


def _members(org_ids: Iterable[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for m in Membership.objects.filter(organization_id__in=list(org_ids)).select_related("user"):
        out.setdefault(m.organization_id, []).append(m.user)
    return out


@transaction.atomic
def push_send(*, measure: Measure, actor: Any, on: dt.date | None = None, message: str = "") -> int:
    """Push a measure to every qualifying organisation in the officer's scope not pushed before;
    each member gets a notification. Returns the number of organisations pushed."""
    ensure_can(actor, measure, "select")
    if measure.status != MeasureStatus.PUBLISHED:
        raise ApplicationError(_("只能推送已发布的政策事项。"))
    qualified = selectors.qualified_organizations(user=actor, measure=measure, on=on)
    targets = list(qualified.exclude(policy_pushes__measure=measure).only("id", "name", "region_path"))
    text = message.strip() or _("贵单位符合“%(title)s”的条件，请查看详情。") % {"title": measure.title}
    pushes = [
        PushNotice(
            measure=measure, organization=o, region_path=o.region_path, sent_by=actor, message=text[:300]
        )
        for o in targets
    ]
    PushNotice.objects.bulk_create(pushes, batch_size=2000)
    link = reverse("policies:measure_detail", args=[measure.pk])
    members = _members(o.pk for o in targets)
    for o in targets:
        for user in members.get(o.pk, []):
            notification_send(recipient=user, title=_("政策推送：%(title)s") % {"title": measure.title},
                              body=text, link=link, kind="policy_push")  # fmt: skip
    audit_log(actor=actor, action="measure.push", target=measure, after={"organizations": len(targets)})
    return len(targets)


def _ensure_automatic(actor: Any, measure: Measure, *, checked: bool = False) -> None:
    if not checked:  # the permission, unless already checked for many measures at once
        ensure_can(actor, measure, "select")
    if measure.mode != MeasureMode.AUTOMATIC:
        raise ApplicationError(_("只有“免申即享”事项可以自动生成兑现清单。"))
    if measure.status != MeasureStatus.PUBLISHED:
        raise ApplicationError(_("只能为已发布的政策事项生成兑现清单。"))


def _claim_facts(organizations: list[Organization]) -> dict[int, dict[str, Any]]:
    """The facts of many organisations in ONE query (fetched with ``select_related("industry")``), each
    exactly what :func:`~kechuang.policies.facts.facts_for` gives for it alone: the labels are only
    those of its own region and industry codes (the loader's are the union over all)."""
    facts = organization_facts(organizations, labels=True)
    for o in organizations:
        codes = {c for c in o.region_path.strip("/").split("/") if c}
        if o.industry_id and o.industry is not None:
            codes |= {c for c in o.industry.path.strip("/").split("/") if c}
        names = facts[o.pk]["labels"]
        facts[o.pk]["labels"] = {c: names[c] for c in names if c in codes}
    return facts


def _auto_claims_create(
    *, actor: Any, targets: list[tuple[Measure, list[Organization]]], on: dt.date
) -> dict[int, int]:
    """Submitted automatic claims for each (measure, organisations), with the facts and explanation as
    evidence; the facts of all organisations are loaded in one query. Returns the count per measure."""
    orgs = list({o.pk: o for _, organizations in targets for o in organizations}.values())
    facts = _claim_facts(orgs)
    now = timezone.now()
    claims: list[Claim] = []
    counts: dict[int, int] = {}
    for measure, organizations in targets:
        counts[measure.pk] = len(organizations)
        for org in organizations:
            with language(ZH):  # the snapshot is evidence for the reviewers: kept in Chinese
                result = measure.rule.explain(facts[org.pk], on)
            claims.append(
                Claim(
                    measure=measure,
                    organization=org,
                    region_path=org.region_path,
                    origin=ClaimOrigin.AUTOMATIC,
                    status=ClaimStatus.SUBMITTED,
                    eligibility=result.status,
                    facts_snapshot=_snapshot_of(facts[org.pk], result),
                    amount_requested=result.amount if result.amount is not None else measure.amount,
                    submitted_at=now,
                )
            )
    Claim.objects.bulk_create(claims, batch_size=1000)
    audit_log_many(
        actor=actor,
        entries=[
            AuditEntry(action="claim.auto_generate", target=c, after={"status": c.status}) for c in claims
        ],
    )
    members = _members(o.pk for o in orgs)
    for c in claims:
        for user in members.get(c.organization_id, []):
            notification_send(recipient=user, title=_("免申即享：%(title)s") % {"title": c.measure.title},
                              body=_("贵单位符合条件，已自动列入兑现清单，无需申请。"),
                              link=reverse("policies:claim_detail", args=[c.pk]), kind="policy_auto")  # fmt: skip
    return counts


@transaction.atomic
def auto_claims_generate(*, measure: Measure, actor: Any, on: dt.date | None = None) -> int:
    """For a 免申即享 measure: a submitted claim for every qualifying organisation in scope that has no
    open claim for it, with the facts and explanation as evidence. Returns how many were created."""
    _ensure_automatic(actor, measure)
    on = on or selectors.today()
    qualified = selectors.qualified_organizations(user=actor, measure=measure, on=on)
    open_ = Claim.objects.filter(measure=measure, status__in=sorted(OPEN)).values("organization_id")
    targets = list(qualified.exclude(pk__in=open_).select_related("industry"))
    return _auto_claims_create(actor=actor, targets=[(measure, targets)], on=on)[measure.pk]


@transaction.atomic
def auto_claims_generate_many(
    *, actor: Any, measures: list[Measure] | None = None, on: dt.date | None = None
) -> dict[int, int]:
    """免申即享 for many measures at once (default: every published automatic measure the officer may
    select): the same claims as :func:`auto_claims_generate` for each, but the organisations are
    selected for all measures in ONE query (:func:`~kechuang.policies.selectors.qualified_many`) and
    their facts loaded in one more — the queries do not grow with the number of measures. Returns the
    number of claims created per measure id."""
    if measures is None:
        listed = selectors.measure_list(user=actor, mode=MeasureMode.AUTOMATIC)
        measures = list(restrict(listed.filter(status=MeasureStatus.PUBLISHED), actor, "select"))
    else:  # the permission on every measure in one query; the refusal as for one measure
        ids = [m.pk for m in measures]
        allowed = set(
            restrict(Measure.objects.filter(pk__in=ids), actor, "select").values_list("pk", flat=True)
        )
        for m in measures:
            if m.pk not in allowed:
                ensure_can(actor, m, "select")
            _ensure_automatic(actor, m, checked=True)
    on = on or selectors.today()
    qualified = selectors.qualified_many(user=actor, measures=measures, on=on)
    open_ = set(
        Claim.objects.filter(measure__in=measures, status__in=sorted(OPEN)).values_list(
            "measure_id", "organization_id"
        )
    )
    wanted = {m.pk: sorted(i for i in qualified[m.pk] if (m.pk, i) not in open_) for m in measures}
    orgs = Organization.objects.select_related("industry").in_bulk(
        sorted({i for v in wanted.values() for i in v})
    )
    return _auto_claims_create(
        actor=actor, targets=[(m, [orgs[i] for i in wanted[m.pk]]) for m in measures], on=on
    )


# --- claims -----------------------------------------------------------------------------------------


def _snapshot(org: Organization, result: Any) -> dict[str, Any]:
    return _snapshot_of(facts_for(org, labels=False), result)


def _snapshot_of(facts: dict[str, Any], result: Any) -> dict[str, Any]:
    """The claim's evidence: the organisation's facts (without the code names) and the explanation."""
    facts = {k: v for k, v in facts.items() if k != "labels"}
    return json.loads(
        json.dumps({"facts": facts, "result": result.as_dict()}, default=str, ensure_ascii=False)
    )


@transaction.atomic
def claim_start(
    *, measure: Measure, organization: Organization, actor: Any, on: dt.date | None = None
) -> Claim:
    """One-click claim: a draft prefilled with the organisation's figures, the explanation and the amount."""
    if organization.pk not in user_organization_ids(actor):
        raise ApplicationError(_("只有本单位的成员可以申请。"))
    if measure.status != MeasureStatus.PUBLISHED:
        raise ApplicationError(_("该政策事项未发布，不能申请。"))
    if measure.mode == MeasureMode.AUTOMATIC:
        raise ApplicationError(_("该事项为“免申即享”，无需申请，符合条件的单位将自动列入兑现清单。"))
    on = on or selectors.today()
    if measure.window_start and on < measure.window_start:
        raise ApplicationError(_("申报尚未开始。"))
    if measure.window_end and on > measure.window_end:
        raise ApplicationError(_("申报已截止。"))
    ensure_can_apply(organization)
    existing = selectors.open_claim(measure=measure, organization=organization)
    if existing is not None:
        raise ApplicationError(_("贵单位已有此事项的在办申请。"), extra={"claim": existing.pk})
    result = selectors.measure_explain(measure=measure, organization=organization, on=on)
    if result.value is False:
        failed = next((s.text for s in _failed_steps(result.step)), "")
        raise ApplicationError(
            _("贵单位不符合该事项的条件：%(reason)s") % {"reason": failed}, extra={"status": result.status}
        )
    if current_language() != ZH:  # the snapshot is evidence for the reviewers: kept in Chinese
        with language(ZH):
            result = selectors.measure_explain(measure=measure, organization=organization, on=on)
    claim = Claim(
        measure=measure,
        organization=organization,
        region_path=organization.region_path,
        origin=ClaimOrigin.APPLY,
        status=ClaimStatus.DRAFT,
        applicant=actor,
        eligibility=result.status,
        facts_snapshot=_snapshot(organization, result),
        amount_requested=result.amount if result.amount is not None else measure.amount,
    )
    claim.full_clean()
    claim.save()
    audit_log(
        actor=actor,
        action="claim.start",
        target=claim,
        after={"status": claim.status, "eligibility": result.status},
    )
    return claim


def _failed_steps(step: Any) -> Iterable[Any]:
    if step.value is False and not step.children:
        yield step
    for c in step.children:
        yield from _failed_steps(c)


@transaction.atomic
def claim_submit(*, claim: Claim, actor: Any, note: str = "", expected_version: int | None = None) -> Claim:
    ensure_can(actor, claim, "apply")
    ensure_can_apply(claim.organization)
    if note.strip():
        Claim.objects.filter(pk=claim.pk).update(applicant_note=note.strip())
    Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now())
    transition(obj=claim, to=ClaimStatus.SUBMITTED, actor=actor, transitions=TRANSITIONS, note=note,
               expected_version=expected_version)  # fmt: skip
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, actor: Any, note: str = "") -> Claim:
    ensure_can(actor, claim, "apply")
    transition(obj=claim, to=ClaimStatus.WITHDRAWN, actor=actor, transitions=TRANSITIONS, note=note)
    return claim


@transaction.atomic
def claim_review(
    *,
    claim: Claim,
    actor: Any,
    decision: str,
    note: str = "",
    amount_approved: Decimal | None = None,
    expected_version: int | None = None,
) -> Claim:
    """An officer of the region approves (with the amount), rejects or returns a submitted claim."""
    ensure_can(actor, claim, "review")
    targets = {
        "approve": ClaimStatus.APPROVED,
        "reject": ClaimStatus.REJECTED,
        "return": ClaimStatus.RETURNED,
    }
    if decision not in targets:
        raise ApplicationError(_("请选择审核结论。"), extra={"field": "decision"})
    if decision in ("reject", "return") and not note.strip():
        raise ApplicationError(_("退回或不予通过时必须填写审核意见。"), extra={"field": "note"})
    if decision == "approve":
        amount = amount_approved if amount_approved is not None else claim.amount_requested
        if amount is not None and amount < 0:
            raise ApplicationError(_("核定金额不能为负数。"), extra={"field": "amount_approved"})
        Claim.objects.filter(pk=claim.pk).update(amount_approved=amount)
    Claim.objects.filter(pk=claim.pk).update(review_note=note.strip())
    transition(obj=claim, to=targets[decision], actor=actor, transitions=TRANSITIONS, note=note,
               expected_version=expected_version)  # fmt: skip
    for m in Membership.objects.filter(organization=claim.organization).select_related("user"):
        notification_send(recipient=m.user, title=_("政策兑现申请审核结果：%(status)s") % {"status": claim.get_status_display()},
                          body=note, link=reverse("policies:claim_detail", args=[claim.pk]), kind="policy_claim")  # fmt: skip
    return claim


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
    d.full_clean()
    d.save()
    audit_log(
        actor=actor, action="disbursement.record", target=d, after={"amount": amount, "paid_on": paid_on}
    )
    transition(obj=claim, to=ClaimStatus.DISBURSED, actor=actor, transitions=TRANSITIONS, note=voucher_no)
    return d


def can_review(user: Any, claim: Claim) -> bool:
    return can(user, claim, "review")
