"""Reads of the policies app. Every selector takes the user and scopes by permission first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.core.text import contains_text_q
from kechuang.eligibility import Facts, Result
from kechuang.eligibility import nodes as n
from kechuang.eligibility.describe import Line, describe
from kechuang.eligibility.whatif import Threshold, thresholds, with_thresholds
from kechuang.policies.choices import OPEN, ClaimStatus, MeasureStatus
from kechuang.policies.compiler import NUMBER, Sql, compile_value, select, select_many
from kechuang.policies.facts import facts_for
from kechuang.policies.models import (
    Claim,
    Disbursement,
    Measure,
    MeasureRuleVersion,
    PolicyDocument,
    PolicyStatistics,
    PushNotice,
)
from kechuang.registry.models import Industry, Organization


def today() -> dt.date:
    return timezone.localdate()


# --- documents and measures --------------------------------------------------------------------


def document_list(*, user: Any, q: str = "") -> QuerySet[PolicyDocument]:
    qs = restrict(PolicyDocument.objects.all(), user, "view")
    if q.strip():
        qs = qs.filter(contains_text_q(q, "title", "number"))
    return qs.defer("full_text").order_by("-issued_on", "-id")


def document_get(*, user: Any, pk: int) -> PolicyDocument:
    return get_object_or_404_for(user, PolicyDocument.objects.all(), "view", pk=pk)


def measure_list(*, user: Any, q: str = "", benefit_type: str = "", mode: str = "") -> QuerySet[Measure]:
    qs = restrict(Measure.objects.all(), user, "view").select_related("document", "region")
    if q.strip():
        qs = qs.filter(contains_text_q(q, "title"))
    if benefit_type:
        qs = qs.filter(benefit_type=benefit_type)
    if mode:
        qs = qs.filter(mode=mode)
    return qs.order_by("document_id", "id")


def measure_get(*, user: Any, pk: int, action: str = "view") -> Measure:
    return get_object_or_404_for(user, Measure.objects.select_related("document", "region"), action, pk=pk)


def organization_get(*, user: Any, pk: int, action: str = "view") -> Organization:
    return get_object_or_404_for(
        user, Organization.objects.select_related("region", "industry"), action, pk=pk
    )


# --- one organisation ----------------------------------------------------------------------------


@dataclass(slots=True)
class MeasureAnswer:
    measure: Measure
    result: Result
    category: str  # held | eligible | almost | missing | ineligible | elsewhere
    claim: Claim | None = None


CATEGORIES = ("held", "eligible", "almost", "missing", "ineligible")


def categorise(result: Result) -> str:
    """held: already holds what the measure grants; almost: one or two changes the organisation can make
    (more R&D, staff, a patent…) — a gap it cannot close (its size, age, region) is ineligible."""
    if result.held is not None:
        return "held"
    if result.value is True:
        return "eligible"
    if result.value is None:
        return "missing"
    changes = result.changes or []
    if result.rule.in_force(result.today) and 1 <= len(changes) <= 2 and all(c.actionable for c in changes):
        return "almost"
    return "ineligible"


def measure_explain(*, measure: Measure, organization: Organization, on: dt.date | None = None) -> Result:
    return measure.rule.explain(facts_for(organization), on or today())


def applies_to(measure: Measure, organization: Organization) -> bool:
    """Whether the measure is of the organisation's region (national, or its province, city…)."""
    return measure.region is None or organization.region_path.startswith(measure.region.path)


def organization_overview(
    *, user: Any, organization: Organization, on: dt.date | None = None
) -> dict[str, list[MeasureAnswer]]:
    """Every published measure for one organisation: held, eligible, almost, missing data, ineligible —
    and, apart (``elsewhere``), the measures of other regions, which it cannot claim."""
    on = on or today()
    facts = facts_for(organization)
    claims = {
        c.measure_id: c
        for c in restrict(Claim.objects.filter(organization=organization), user, "view").order_by("id")
    }
    out: dict[str, list[MeasureAnswer]] = {key: [] for key in (*CATEGORIES, "elsewhere")}
    # The facts are normalised once per catalogue (every rule of the platform has the same one), not once
    # per measure: that normalisation was most of the page's CPU. Facts are never changed by a rule.
    normalised: dict[int, Facts] = {}
    for measure in measure_list(user=user).filter(status=MeasureStatus.PUBLISHED):
        rule = measure.rule
        key = id(rule.catalogue)
        if key not in normalised:
            normalised[key] = Facts(facts, rule.catalogue)
        result = rule.explain(normalised[key], on)
        category = categorise(result) if applies_to(measure, organization) else "elsewhere"
        out[category].append(MeasureAnswer(measure, result, category, claims.get(measure.pk)))
    return out


# --- many organisations: one SQL query per question ----------------------------------------------


def organizations_in_scope(*, user: Any) -> QuerySet[Organization]:
    return restrict(Organization.objects.all(), user, "view")


def qualified_organizations(
    *,
    user: Any,
    measure: Measure,
    on: dt.date | None = None,
    tree: n.Node | None = None,
    value: bool | None = True,
) -> QuerySet[Organization]:
    """Organisations in the user's scope for which the rule is true (or false / unknown) — one query."""
    tree = tree if tree is not None else measure.rule.compile(on or today())
    return select(tree, organizations_in_scope(user=user), value=value)


def qualified_many(
    *, user: Any, measures: list[Measure], on: dt.date | None = None, value: bool | None = True
) -> dict[int, list[int]]:
    """For many measures at once (batch jobs: 免申即享 lists, nightly qualification counts): the ids of
    the organisations in the user's scope for which each measure's rule is true (false / unknown) —
    ONE SQL query, one pass over the organisations (:func:`~kechuang.policies.compiler.select_many`)."""
    on = on or today()
    trees = [m.rule.compile(on) for m in measures]
    got = select_many(trees, organizations_in_scope(user=user), value=value)
    return {m.pk: ids for m, ids in zip(measures, got, strict=True)}


@dataclass(slots=True)
class Breakdown:
    total: int
    by_region: list[tuple[str, str, int]]
    by_industry: list[tuple[str, str, int]]


def qualified_breakdown(qs: QuerySet[Organization]) -> Breakdown:
    by_region = [
        (r["region_id"], r["region__name"], r["n"])
        for r in qs.order_by()
        .values("region_id", "region__name")
        .annotate(n=Count("id"))
        .order_by("-n", "region_id")
    ]
    sections = dict(Industry.objects.filter(level="section").values_list("code", "name"))
    by_industry = []
    for r in (
        qs.order_by()
        .annotate(section=Substr("industry__path", 1, 1))
        .values("section")
        .annotate(n=Count("id"))
        .order_by("-n")
    ):
        code = r["section"] or ""
        by_industry.append((code, sections.get(code, "未登记行业"), r["n"]))
    return Breakdown(sum(x[2] for x in by_region), by_region, by_industry)


def amount_total(*, measure: Measure, qs: QuerySet[Organization], on: dt.date) -> Decimal | None:
    """Total benefit for the organisations of ``qs``: fixed amount × count, or the rule's formula summed in SQL."""
    if measure.amount is not None:
        return measure.amount * qs.count()
    tree = measure.rule.amount_tree(on)
    if tree is None:
        return None
    expr, joins = compile_value(tree)
    clipped = Sql("(CASE WHEN {0} < 0 THEN 0 ELSE {0} END)", expr, output_field=NUMBER)
    base = qs.alias(**joins) if joins else qs
    total = base.aggregate(total=Sum(clipped))["total"]
    return Decimal(str(total)).quantize(Decimal("0.01")) if total is not None else Decimal(0)


@dataclass(slots=True)
class WhatIf:
    thresholds: list[Threshold]
    changed: dict[int, Decimal]
    before: int
    after: int
    added: int
    removed: int
    amount_before: Decimal | None
    amount_after: Decimal | None
    sample_added: list[Organization] = field(default_factory=list)
    sample_removed: list[Organization] = field(default_factory=list)

    @property
    def delta(self) -> int:
        return self.after - self.before

    @property
    def amount_delta(self) -> Decimal | None:
        if self.amount_before is None or self.amount_after is None:
            return None
        return self.amount_after - self.amount_before


def measure_thresholds(*, measure: Measure, on: dt.date | None = None) -> list[Threshold]:
    return thresholds(measure.rule.compile(on or today()))


def what_if(*, user: Any, measure: Measure, changes: dict[int, Decimal], on: dt.date | None = None) -> WhatIf:
    """How many more or fewer organisations (in the user's scope) qualify with changed thresholds, and
    the total amount before and after. Each count is one SQL query."""
    on = on or today()
    base_tree = measure.rule.compile(on)
    new_tree = with_thresholds(base_tree, changes)
    before_qs = qualified_organizations(user=user, measure=measure, tree=base_tree)
    after_qs = qualified_organizations(user=user, measure=measure, tree=new_tree)
    added_qs = after_qs.exclude(pk__in=before_qs.values("pk"))
    removed_qs = before_qs.exclude(pk__in=after_qs.values("pk"))
    return WhatIf(
        thresholds=thresholds(base_tree),
        changed=changes,
        before=before_qs.count(),
        after=after_qs.count(),
        added=added_qs.count(),
        removed=removed_qs.count(),
        amount_before=amount_total(measure=measure, qs=before_qs, on=on),
        amount_after=amount_total(measure=measure, qs=after_qs, on=on),
        sample_added=list(added_qs.select_related("region")[:20]),
        sample_removed=list(removed_qs.select_related("region")[:20]),
    )


# --- claims ----------------------------------------------------------------------------------------


def claim_list(*, user: Any, status: str = "", measure: Measure | None = None) -> QuerySet[Claim]:
    qs = restrict(Claim.objects.all(), user, "view").select_related("measure", "organization")
    if status:
        qs = qs.filter(status=status)
    if measure is not None:
        qs = qs.filter(measure=measure)
    return qs.order_by("-id")


def claim_get(*, user: Any, pk: int, action: str = "view") -> Claim:
    return get_object_or_404_for(
        user,
        Claim.objects.select_related("measure", "measure__document", "organization", "applicant"),
        action,
        pk=pk,
    )


def review_queue(
    *, user: Any, measure_id: int | None = None, origin: str = "", region: str = "", q: str = ""
) -> QuerySet[Claim]:
    """Submitted claims the officer may decide, oldest first; filtered by measure, origin (申请 / 免申即享),
    region (a code: its subtree) and the organization's name or credit code."""
    qs = restrict(Claim.objects.all(), user, "review").filter(status=ClaimStatus.SUBMITTED)
    if measure_id:
        qs = qs.filter(measure_id=measure_id)
    if origin:
        qs = qs.filter(origin=origin)
    if region:
        qs = qs.filter(organization__region_path__contains=f"{region}/")
    if q.strip():
        term = q.strip()[:100]
        qs = qs.filter(Q(organization__name__icontains=term) | Q(organization__uscc=term.upper()))
    return qs.select_related("measure", "organization", "organization__region").order_by("submitted_at", "id")


def review_queue_measures(*, user: Any) -> list[tuple[int, str, int]]:
    """The measures with claims waiting for this officer: ``(id, title, count)``, most waiting first."""
    rows = (
        restrict(Claim.objects.all(), user, "review")
        .filter(status=ClaimStatus.SUBMITTED)
        .values("measure_id", "measure__title")
        .annotate(n=Count("id"))
        .order_by("-n", "measure__title")
    )
    return [(r["measure_id"], r["measure__title"], r["n"]) for r in rows]


def open_claim(*, measure: Measure, organization: Organization) -> Claim | None:
    return Claim.objects.filter(measure=measure, organization=organization, status__in=sorted(OPEN)).first()


def disbursement_list(*, user: Any, claim: Claim | None = None) -> QuerySet[Disbursement]:
    qs = restrict(Disbursement.objects.all(), user, "view").select_related(
        "claim__organization", "claim__measure"
    )
    if claim is not None:
        qs = qs.filter(claim=claim)
    return qs


def push_list(*, user: Any, organization: Organization | None = None) -> QuerySet[PushNotice]:
    qs = restrict(PushNotice.objects.all(), user, "view").select_related("measure", "organization")
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs


def policy_statistics(*, user: Any, organization: Organization) -> QuerySet[PolicyStatistics]:
    return restrict(PolicyStatistics.objects.filter(organization=organization), user, "view")


# --- rule editor ---------------------------------------------------------------------------------


@dataclass(slots=True)
class RulePreview:
    """How a rule (saved or not) sorts the organisations in the user's scope; one COUNT query each."""

    eligible: int
    unknown: int
    total: int
    current_eligible: int | None = None  # with the measure's saved rule, for comparison

    @property
    def ineligible(self) -> int:
        return self.total - self.eligible - self.unknown


def rule_preview(*, user: Any, tree: n.Node, current: n.Node | None = None) -> RulePreview:
    """Counts for a candidate rule's compiled tree in the user's region (selected in SQL, no loop)."""
    scope = organizations_in_scope(user=user)
    return RulePreview(
        eligible=select(tree, scope, value=True).count(),
        unknown=select(tree, scope, value=None).count(),
        total=scope.count(),
        current_eligible=None if current is None else select(current, scope, value=True).count(),
    )


def rule_outline(tree: n.Node) -> Line:
    """The compiled rule in words (in the engine's current language), for the rule editor."""
    return describe(tree)


def rule_versions(*, user: Any, measure: Measure) -> QuerySet[MeasureRuleVersion]:
    return (
        restrict(MeasureRuleVersion.objects.filter(measure=measure), user, "view")
        .select_related("created_by")
        .order_by("-number")
    )


def rule_version_get(*, user: Any, measure: Measure, pk: int) -> MeasureRuleVersion:
    return get_object_or_404_for(user, MeasureRuleVersion.objects.filter(measure=measure), "view", pk=pk)


def document_get_for_change(*, user: Any, pk: int) -> PolicyDocument:
    return get_object_or_404_for(user, PolicyDocument.objects.all(), "change", pk=pk)


def measure_by_code(*, code: str) -> Measure | None:
    """The measure with this code, whatever its status (another app's rule may name a measure by code)."""
    return Measure.objects.filter(code=code).first()
