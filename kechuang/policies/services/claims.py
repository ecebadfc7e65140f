"""Claims: one-click start, submit, withdraw, an officer's review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import can, ensure_can, restrict
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.eligibility.i18n import ZH, language
from kechuang.eligibility.i18n import current as current_language
from kechuang.policies import selectors
from kechuang.policies.choices import TRANSITIONS, ClaimOrigin, ClaimStatus, MeasureMode, MeasureStatus
from kechuang.policies.facts import facts_for
from kechuang.policies.models import Claim, Measure
from kechuang.policies.services._shared import claim_evidence
from kechuang.registry.models import Membership, Organization
from kechuang.registry.selectors import user_organization_ids
from kechuang.registry.services import ensure_can_apply


def _snapshot(org: Organization, result: Any) -> dict[str, Any]:
    return claim_evidence(facts_for(org, labels=False), result)


@transaction.atomic
def claim_start(
    *, measure: Measure, organization: Organization, actor: Any, on: dt.date | None = None
) -> Claim:
    """One-click claim: a draft prefilled with the organisation's figures, the explanation and the amount.

    Only the organisation's admin claims (as only it files recognition applications): a claim commits the
    organisation to figures and money."""
    if organization.pk not in user_organization_ids(actor, admin_only=True):
        raise ApplicationError(_("只有本单位管理员可以申请。"))
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
    clean_and_save(claim)
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


BULK_MAX = 200


def claims_review_bulk(
    *, claim_ids: Iterable[int], actor: Any, decision: str, note: str = ""
) -> tuple[list[Claim], list[tuple[Claim | int, str]]]:
    """One decision for many submitted claims (e.g. a 免申即享 list checked on screen): each claim is
    reviewed by :func:`claim_review` in its own transaction, at the amount it requested, so one that cannot
    be decided (already decided by a colleague, not the officer's region) is reported, not half-written,
    and does not stop the others. Returns ``(decided, refused)`` — refused as ``(claim or id, reason)``."""
    ids = list(dict.fromkeys(int(i) for i in claim_ids))
    if not ids:
        raise ApplicationError(_("请先勾选要审核的申请。"), extra={"field": "claims"})
    if len(ids) > BULK_MAX:
        raise ApplicationError(_("一次最多审核%(n)d件。") % {"n": BULK_MAX}, extra={"field": "claims"})
    if decision in ("reject", "return") and not note.strip():
        raise ApplicationError(_("退回或不予通过时必须填写审核意见。"), extra={"field": "note"})
    found = {c.pk: c for c in restrict(Claim.objects.filter(pk__in=ids), actor, "view")}
    decided: list[Claim] = []
    refused: list[tuple[Claim | int, str]] = []
    for pk in ids:
        claim = found.get(pk)
        if claim is None:
            refused.append((pk, _("申请不存在或无权访问。")))
            continue
        try:
            decided.append(claim_review(claim=claim, actor=actor, decision=decision, note=note))
        except ApplicationError as exc:
            refused.append((claim, exc.message))
    return decided, refused


def can_review(user: Any, claim: Claim) -> bool:
    return can(user, claim, "review")
