"""Loading documents; measures and their rules: save a rule file, an officer's rule edits and restores,
new measures, publishing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import AuditEntry, audit_log, audit_log_many
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import can, ensure_can, not_allowed
from kechuang.eligibility import Rule
from kechuang.eligibility import nodes as n
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.documents import DocumentData, law_documents, seed_documents
from kechuang.policies.models import Measure, MeasureRuleVersion, PolicyDocument
from kechuang.policies.rules import RULES_DIR, parse_rule, rule_files
from kechuang.registry.models import Department, Region
from kechuang.registry.selectors import user_is_officer, user_officer_roles

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
        clean_and_save(doc)
        entries.append(AuditEntry(action="policydocument.load", target=doc, after={"created": created}))
    audit_log_many(actor=actor, entries=entries)
    return len(entries)


# --- measures ---------------------------------------------------------------------------------------


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
        clean_and_save(found)
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
    clean_and_save(version)
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
    if measure is not None and actor is not None:  # None: the loading command (policies_load) refreshing
        ensure_can(actor, measure, "change")
    elif measure is None and not user_is_platform_admin(actor) and actor is not None:
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
    clean_and_save(measure)
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
        raise not_allowed()
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
    status = MeasureStatus.PUBLISHED if publish else None
    return [
        measure_save_rule(actor=actor, rule_source=path.read_text(encoding="utf-8"), status=status)
        for path in rule_files(directory)
    ]


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
