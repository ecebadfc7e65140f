"""Policies: documents and published measures are public; any officer may select, push and what-if (the
organizations they then see stay within their region subtree); a measure's rule is changed by officers of
its region subtree or of its department; a claim is seen by its organization's members and by the officers
of its region subtree who serve the science bureau's 政策兑现 desk or the measure's own department (another
department of the region, ``other_department``, gets 404), who review it; only the organization's admins make its own moves
(start, submit, withdraw — as for recognition applications; kechuang/policies/permissions.py). A claim
an officer or a plain member may see but not move answers 302 with a message on a page and 400 in the
API, and changes nothing (the ``member`` rows).
"""

from __future__ import annotations

from kechuang.core.models import BackgroundJob
from kechuang.policies.models import Claim, Disbursement, Measure, PolicyDocument
from tests.matrix import (
    LOGIN,
    PUBLIC,
    SIGNED_IN,
    Expect,
    Row,
    any_officer,
    department,
    officers_of_region,
    only_own,
)


def _pk(attr: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": getattr(w, attr).pk}


def _status(claim) -> str:  # type: ignore[no-untyped-def]
    return Claim.objects.get(pk=claim.pk).status


def _org_claim_exists(w) -> bool:  # type: ignore[no-untyped-def]
    return Claim.objects.filter(measure=w.measure, organization=w.cast.org).exists()


def claim_desk(status: int) -> Expect:
    """A claim's officers: those of its region subtree at the science bureau's desk (the standard officer);
    the district officer (another subtree) and another department of the region get 404."""
    return only_own(status)


ROWS = [
    Row("policies:measure_list", PUBLIC),
    Row("policies:measure_detail", PUBLIC, kwargs=_pk("measure")),
    Row("policies:document_list", PUBLIC),
    Row("policies:document_detail", PUBLIC, kwargs=_pk("document")),
    Row(
        "policies:my_policies",
        only_own(200, other_org=200),
        why="for members of an organization: each sees their own organization's",
    ),
    Row(
        "policies:claim_start",
        only_own(302, other_org=302),
        kwargs=_pk("measure"),
        method="POST",
        effect=_org_claim_exists,
        why="the organization's admin claims for it",
    ),
    Row(
        "policies:claim_start",
        only_own(302, other_org=302),
        own="org_member",
        kwargs=_pk("measure"),
        method="POST",
        effect=_org_claim_exists,
        writers=frozenset(),
        why="a plain member may not claim: refused with a message, nothing written",
        case="member",
    ),
    Row("policies:qualified", any_officer(200), own="officer", kwargs=_pk("measure")),
    Row("policies:qualified_export", any_officer(200), own="officer", kwargs=_pk("measure")),
    Row("policies:what_if", any_officer(200), own="officer", kwargs=_pk("measure")),
    Row("policies:push", any_officer(302), own="officer", kwargs=_pk("measure"), method="POST"),
    Row(
        "policies:qualify",
        any_officer(302),
        own="officer",
        kwargs=_pk("measure"),
        method="POST",
        effect=lambda w: BackgroundJob.objects.filter(kind="policies.qualify").exists(),
        writers=frozenset({"other_region", "other_department", "own"}),
        why="any officer counts who qualifies in their own scope (a background job of theirs)",
    ),
    Row(
        "policies:qualify_all",
        any_officer(302),
        own="officer",
        method="POST",
        effect=lambda w: BackgroundJob.objects.filter(kind="policies.qualify").exists(),
        writers=frozenset({"other_region", "other_department", "own"}),
        setup=lambda w: w.measure,
        why="officers only (a page for a role: 404 for others); each counts in their own scope",
    ),
    Row(
        "policies:auto_claims",
        any_officer(302),
        own="officer",
        kwargs=_pk("automatic_measure"),
        method="POST",
    ),
    Row(
        "policies:rule_edit",
        department(200),
        own="officer",
        kwargs=_pk("measure"),
        why="the measure has no region: officers of its department",
    ),
    Row(
        "policies:rule_restore",
        department(302),
        own="officer",
        kwargs=lambda w: {"pk": w.measure.pk, "version_pk": w.rule_version.pk},
        method="POST",
    ),
    Row(
        "policies:measure_create", any_officer(200), own="officer", kwargs=lambda w: {"doc_pk": w.document.pk}
    ),
    Row("policies:claim_list", SIGNED_IN, why="the claims the user may see (none: empty)"),
    Row("policies:claim_detail", claim_desk(200), own="org_member", kwargs=_pk("claim")),
    Row(
        "policies:claim_submit",
        claim_desk(302),
        kwargs=_pk("claim"),
        method="POST",
        why="the officer of the region sees the claim; the move is the organization's",
    ),
    Row(
        "policies:claim_submit",
        claim_desk(302),
        own="org_member",
        kwargs=_pk("claim"),
        method="POST",
        effect=lambda w: _status(w.claim) != "draft",
        writers=frozenset(),
        why="a plain member sees the claim but may not submit it",
        case="member",
    ),
    Row(
        "policies:claim_withdraw",
        claim_desk(302),
        kwargs=_pk("claim"),
        method="POST",
        effect=lambda w: _status(w.claim) == "withdrawn",
        why="the officer of the region sees the claim; the move is the organization's",
    ),
    Row(
        "policies:claim_review",
        claim_desk(302),
        own="officer",
        kwargs=_pk("submitted_claim"),
        method="POST",
        data=lambda w: {"decision": "approve", "amount_approved": "100000", "note": ""},
        effect=lambda w: _status(w.submitted_claim) == "approved",
        why="officers of the claim's region subtree at the science bureau's desk (or the measure's department)",
    ),
    Row(
        "policies:claim_disburse",
        claim_desk(302),
        own="officer",
        kwargs=_pk("approved_claim"),
        method="POST",
        data=lambda w: {"amount": "1000", "paid_on": "2026-01-05"},
        effect=lambda w: Disbursement.objects.filter(claim=w.approved_claim).exists(),
    ),
    Row("policies:review_queue", any_officer(200), own="officer"),
    Row(
        "policies:review_bulk",
        any_officer(302),
        own="officer",
        method="POST",
        data=lambda w: {"claims": [w.submitted_claim.pk], "decision": "approve", "note": ""},
        effect=lambda w: _status(w.submitted_claim) == "approved",
        why="any officer opens the desk; only the desk's officers of the claim's region subtree decide the "
        "claim — the district officer's and another department's attempts are reported and write nothing",
    ),
    Row(
        "policies:figures_edit",
        officers_of_region(200),
        kwargs=lambda w: {"org_pk": w.cast.org.pk, "year": 2025},
    ),
    # API
    Row("api-policy-measures", PUBLIC),
    Row("api-policy-measure", PUBLIC, kwargs=_pk("measure")),
    Row(
        "api-policy-explain",
        officers_of_region(200),
        own="org_member",
        kwargs=_pk("measure"),
        query=lambda w: f"organization={w.cast.org.pk}",
        why="public measure, explained for an organization the user may see",
    ),
    Row("api-policy-qualified", any_officer(200), own="officer", kwargs=_pk("measure")),
    Row("api-policy-what-if", any_officer(200), own="officer", kwargs=_pk("measure")),
    Row(
        "api-policy-what-if",
        any_officer(200),
        own="officer",
        kwargs=_pk("measure"),
        method="POST",
        data=lambda w: {"changes": {}},
    ),
    Row("api-policy-push", any_officer(200), own="officer", kwargs=_pk("measure"), method="POST"),
    Row(
        "api-policy-auto-claims",
        any_officer(200),
        own="officer",
        kwargs=_pk("automatic_measure"),
        method="POST",
    ),
    Row(
        "api-policy-overview",
        officers_of_region(200),
        own="org_member",
        kwargs=lambda w: {"pk": w.cast.org.pk},
    ),
    Row("api-policy-claims", SIGNED_IN),
    Row(
        "api-policy-claims",
        (LOGIN, 404, 404, 404, 400, 201),
        method="POST",
        data=lambda w: {"measure": w.measure.pk, "organization": w.cast.org.pk},
        effect=_org_claim_exists,
        why="for an organization the user may see; only its admins may claim (an officer: 400)",
    ),
    Row(
        "api-policy-claims",
        (LOGIN, 404, 404, 404, 400, 400),
        own="org_member",
        method="POST",
        data=lambda w: {"measure": w.measure.pk, "organization": w.cast.org.pk},
        effect=_org_claim_exists,
        writers=frozenset(),
        why="a plain member of the organization may not claim for it (400, nothing written)",
        case="member",
    ),
    Row("api-policy-claim", claim_desk(200), own="org_member", kwargs=_pk("claim")),
    Row(
        "api-policy-claim-action",
        claim_desk(200),
        kwargs=_pk("claim"),
        method="POST",
        data=lambda w: {"action": "withdraw"},
        effect=lambda w: _status(w.claim) == "withdrawn",
    ),
    Row(
        "api-policy-claim-action",
        claim_desk(400),
        own="org_member",
        kwargs=_pk("claim"),
        method="POST",
        data=lambda w: {"action": "withdraw"},
        effect=lambda w: _status(w.claim) == "withdrawn",
        writers=frozenset(),
        why="a plain member sees the claim but may not move it (400, nothing written)",
        case="member",
    ),
    Row(
        "api-policy-disbursements",
        claim_desk(201),
        own="officer",
        kwargs=lambda w: {"pk": w.new_approved_claim().pk},
        method="POST",
        data=lambda w: {"amount": "1000", "paid_on": "2026-01-05"},
        effect=lambda w: Disbursement.objects.exists(),
    ),
    # entering documents (any officer; a document for a region only by officers of that region) and
    # publishing the measures drafted from them (the measure's department or region)
    Row(
        "policies:document_new",
        (LOGIN, 404, 404, 302, 302, 302),
        own="officer",
        method="POST",
        data=lambda w: {"title": "矩阵测试政策文件", "level": "municipal", "full_text": "第一条"},
        effect=lambda w: PolicyDocument.objects.filter(title="矩阵测试政策文件").exists(),
        writers=frozenset({"other_region", "other_department", "own"}),
    ),
    Row("policies:document_edit", any_officer(200), own="officer", kwargs=_pk("document")),
    Row(
        "policies:measure_status",
        department(302),
        own="officer",
        kwargs=_pk("measure"),
        method="POST",
        data=lambda w: {"status": "retired"},
        effect=lambda w: Measure.objects.get(pk=w.measure.pk).status == "retired",
        writers=frozenset({"other_region", "own"}),
        why="the measure has no region: officers of its department",
    ),
    Row("api-policy-documents", PUBLIC),
    Row(
        "api-policy-documents",
        (LOGIN, 404, 404, 201, 201, 201),
        own="officer",
        method="POST",
        data=lambda w: {"title": "接口录入的政策文件", "level": "municipal"},
        effect=lambda w: PolicyDocument.objects.filter(title="接口录入的政策文件").exists(),
        writers=frozenset({"other_region", "other_department", "own"}),
    ),
    Row("api-policy-document", PUBLIC, kwargs=_pk("document")),
    Row(
        "api-policy-document",
        any_officer(200),
        own="officer",
        kwargs=_pk("document"),
        method="PATCH",
        data=lambda w: {"number": "长科发〔2026〕1号"},
        effect=lambda w: PolicyDocument.objects.get(pk=w.document.pk).number == "长科发〔2026〕1号",
        writers=frozenset({"other_region", "other_department", "own"}),
    ),
]
