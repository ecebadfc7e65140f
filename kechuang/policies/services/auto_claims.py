"""免申即享: claims generated for every organisation that qualifies for an automatic measure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import AuditEntry, audit_log_many
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can, restrict
from kechuang.core.services import notification_send
from kechuang.eligibility.i18n import ZH, language
from kechuang.policies import selectors
from kechuang.policies.choices import OPEN, ClaimOrigin, ClaimStatus, MeasureMode, MeasureStatus
from kechuang.policies.facts import organization_facts
from kechuang.policies.models import Claim, Measure
from kechuang.policies.services._shared import claim_evidence, members_by_organization
from kechuang.registry.models import Organization


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
    # an organisation founded after the application date did not exist then: no claim (its facts would be
    # refused by the engine, and one such organisation must not stop the batch)
    targets = [(m, [o for o in orgs_ if o.founded_on is None or o.founded_on <= on]) for m, orgs_ in targets]
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
                    facts_snapshot=claim_evidence(facts[org.pk], result),
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
    members = members_by_organization(o.pk for o in orgs)
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
