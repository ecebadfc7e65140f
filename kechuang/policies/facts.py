"""Facts about organisations in the shape the eligibility engine reads, built from the registry.

The mapping mirrors :mod:`kechuang.policies.compiler` exactly (same tables, same NULL handling), so
explaining one organisation and selecting in SQL give the same answer — the property test checks it.
Batched: a handful of queries for any number of organisations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from kechuang.registry.choices import DesignationKind, VerificationStatus
from kechuang.registry.models import (
    Designation,
    Industry,
    Organization,
    ParkMembership,
    Region,
    YearlyStatistics,
)

from .models import PolicyStatistics

DESIGNATION_LABELS = {value: str(label) for value, label in DesignationKind.choices}


def _ancestors(path: str, code: str) -> list[str]:
    return [c for c in path.strip("/").split("/") if c and c != code]


def organization_facts(
    organizations: Sequence[Organization], *, years: Iterable[int] | None = None, labels: bool = False
) -> dict[int, dict[str, Any]]:
    """Engine facts for each organisation (keyed by id). ``years`` limits the statistics loaded."""
    ids = [o.pk for o in organizations]
    year_filter = {"year__in": list(years)} if years is not None else {}
    stats: dict[int, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for model in (YearlyStatistics, PolicyStatistics):
        for row in model.objects.filter(organization_id__in=ids, **year_filter).values(
            "organization_id", "year", *model.FIGURES
        ):
            target = stats[row["organization_id"]][row["year"]]
            for f in model.FIGURES:
                target[f] = row[f]
    designations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d in Designation.objects.filter(organization_id__in=ids).values(
        "organization_id", "kind", "valid_from", "valid_to", "certificate_no"
    ):
        designations[d["organization_id"]].append(
            {
                "kind": DESIGNATION_LABELS.get(d["kind"], d["kind"]),
                "valid_from": d["valid_from"],
                "valid_to": d["valid_to"],
                "number": d["certificate_no"],
            }
        )
    in_park = set(
        ParkMembership.objects.filter(organization_id__in=ids).values_list("organization_id", flat=True)
    )
    industry_ids = {o.industry_id for o in organizations if o.industry_id}
    industry_paths = dict(Industry.objects.filter(code__in=industry_ids).values_list("code", "path"))
    names: dict[str, str] = {}
    if labels:
        codes = {c for o in organizations for c in o.region_path.strip("/").split("/")}
        names.update(dict(Region.objects.filter(code__in=codes).values_list("code", "name")))
        icodes = {c for p in industry_paths.values() for c in p.strip("/").split("/")}
        names.update(dict(Industry.objects.filter(code__in=icodes).values_list("code", "name")))
    out: dict[int, dict[str, Any]] = {}
    for o in organizations:
        facts: dict[str, Any] = {
            "kind": o.kind,
            "size": o.size or None,
            "founded_on": o.founded_on,
            "verified": o.verification_status == VerificationStatus.VERIFIED,
            "in_park": o.pk in in_park,
            "region": {"code": o.region_id, "ancestors": _ancestors(o.region_path, o.region_id)},
            "industry": None,
            "stats": {y: dict(v) for y, v in stats.get(o.pk, {}).items()},
            "designations": designations.get(o.pk, []),
        }
        if o.industry_id:
            facts["industry"] = {
                "code": o.industry_id,
                "ancestors": _ancestors(industry_paths.get(o.industry_id, ""), o.industry_id),
            }
        if labels:
            facts["labels"] = names
        out[o.pk] = facts
    return out


def facts_for(organization: Organization, *, labels: bool = True) -> dict[str, Any]:
    return organization_facts([organization], labels=labels)[organization.pk]
