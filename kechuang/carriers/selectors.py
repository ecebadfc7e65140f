"""Reads for carriers and alliances, including the enterprise ladder (市级 → 省级 → 国家级)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from kechuang.carriers.choices import (
    CARRIER_IN_FORCE,
    EVALUATION_CRITERIA,
    TIER_ORDER,
    WORKSTATION_KINDS,
    CarrierKind,
    CarrierStatus,
    HostRole,
    ResidentStatus,
    Tier,
)
from kechuang.carriers.models import Alliance, AllianceMember, Carrier, CarrierHost, Resident
from kechuang.core.models import StatusChange
from kechuang.core.permissions import restrict
from kechuang.core.text import normalize_for_search


def carrier_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Carrier]:
    filters = filters or {}
    qs = restrict(Carrier.objects.all(), user, "view")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("tier"):
        qs = qs.filter(tier=filters["tier"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("region"):
        qs = qs.filter(region_path__contains=f"{filters['region']}/")
    if filters.get("organization"):
        qs = qs.filter(host_links__organization_id=filters["organization"])
    if filters.get("q"):
        text = normalize_for_search(str(filters["q"]))
        qs = qs.filter(Q(name__icontains=text) | Q(host_links__organization__name__icontains=text)).distinct()
    return qs.select_related("region", "responsible_department").prefetch_related(
        Prefetch("host_links", queryset=CarrierHost.objects.select_related("organization"))
    )


def carrier_history(*, carrier: Carrier) -> list[dict[str, Any]]:
    """Events and status changes of one carrier, oldest first."""
    rows: list[dict[str, Any]] = [
        {"date": e.occurred_on, "title": e.title, "note": e.note, "actor": e.actor, "at": e.created_at}
        for e in carrier.events.select_related("actor")
    ]
    labels = dict(CarrierStatus.choices)
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Carrier), object_id=str(carrier.pk)
    ).select_related("actor")
    for c in changes:
        rows.append(
            {
                "date": c.created_at.date(),
                "title": f"{labels.get(c.from_status, c.from_status)} → {labels.get(c.to_status, c.to_status)}",
                "note": c.note,
                "actor": c.actor,
                "at": c.created_at,
                "is_status": True,
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["at"]))


@dataclass
class Rung:
    tier: str
    label: str
    held: bool
    carrier: Carrier | None = None


@dataclass
class Ladder:
    kind: str
    label: str
    rungs: list[Rung] = field(default_factory=list)
    current: Carrier | None = None


LADDER_TIERS = (Tier.MUNICIPAL, Tier.PROVINCIAL, Tier.NATIONAL)


def enterprise_ladder(*, organization: Any) -> list[Ladder]:
    """Per carrier kind the organization hosts, the rungs 市级 → 省级 → 国家级 and which it holds.

    A rung is held when the organization hosts a live (active or warned) carrier of that kind at that tier
    or above: a national centre has climbed through the lower rungs.
    """
    carriers = list(
        Carrier.objects.filter(host_links__organization=organization)
        .filter(status__in=CARRIER_IN_FORCE)
        .distinct()
        .order_by("kind", "-id")
    )
    ladders: list[Ladder] = []
    for kind in CarrierKind.values:
        own = [c for c in carriers if c.kind == kind]
        if not own:
            continue
        best = max(own, key=lambda c: TIER_ORDER[c.tier])
        ladder = Ladder(kind=kind, label=str(CarrierKind(kind).label), current=best)
        for tier in LADDER_TIERS:
            holder = next((c for c in own if c.tier == tier), None)
            ladder.rungs.append(
                Rung(
                    tier=tier,
                    label=str(Tier(tier).label),
                    held=TIER_ORDER[best.tier] >= TIER_ORDER[tier],
                    carrier=holder or (best if TIER_ORDER[best.tier] >= TIER_ORDER[tier] else None),
                )
            )
        ladders.append(ladder)
    return ladders


def organization_carriers(*, organization: Any) -> QuerySet[Carrier]:
    return (
        Carrier.objects.filter(host_links__organization=organization)
        .distinct()
        .select_related("responsible_department")
        .order_by("status", "kind")
    )


def alliance_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Alliance]:
    filters = filters or {}
    qs = restrict(Alliance.objects.all(), user, "view")
    if filters.get("q"):
        text = normalize_for_search(str(filters["q"]))
        qs = qs.filter(Q(name__icontains=text) | Q(chain__icontains=text))
    return qs.select_related("lead", "industry", "region")


def alliance_detail(*, alliance: Alliance) -> dict[str, Any]:
    members = (
        AllianceMember.objects.filter(alliance=alliance)
        .select_related("organization")
        .order_by("left_on", "role", "chain_position", "id")
    )
    projects = alliance.projects.prefetch_related("participants")
    evaluations = list(alliance.evaluations.order_by("-year"))
    for evaluation in evaluations:
        evaluation.score_list = [evaluation.scores.get(key) for key, _label, _most in EVALUATION_CRITERIA]  # type: ignore[attr-defined]
    return {
        "members": members,
        "projects": projects,
        "hosts_roles": HostRole,
        "evaluations": evaluations,
        "criteria": EVALUATION_CRITERIA,
    }


def organization_alliance_ids(*, organization_ids: list[int]) -> dict[int, set[int]]:
    """Active alliance memberships per organization (for conflict-of-interest checks)."""
    out: dict[int, set[int]] = {}
    rows = AllianceMember.objects.filter(
        organization_id__in=organization_ids, left_on__isnull=True
    ).values_list("organization_id", "alliance_id")
    for org_id, alliance_id in rows:
        out.setdefault(org_id, set()).add(alliance_id)
    return out


def held_tier(*, organization: Any, kind: str) -> str | None:
    """The highest tier at which the organization hosts a live (active or warned) carrier of ``kind``."""
    if not kind:
        return None
    tiers = Carrier.objects.filter(
        kind=kind,
        host_links__organization=organization,
        status__in=CARRIER_IN_FORCE,
    ).values_list("tier", flat=True)
    return max(tiers, key=lambda t: TIER_ORDER[t], default=None)


@dataclass(frozen=True)
class WorkstationCount:
    """One kind of workstation in force: how many, how many researchers are in station, how many entered."""

    kind: str
    label: str
    stations: int
    in_station: int
    entered: int


def workstation_list(*, user: Any, kind: str = "") -> QuerySet[Carrier]:
    """Workstations in force (public), each with its count of researchers in station and of all terms."""
    qs = restrict(Carrier.objects.all(), user, "view").filter(
        kind__in=WORKSTATION_KINDS, status__in=CARRIER_IN_FORCE
    )
    if kind:
        qs = qs.filter(kind=kind)
    return (
        qs.annotate(
            in_station=Count("residents", filter=Q(residents__status=ResidentStatus.IN_STATION)),
            entered=Count("residents"),
        )
        .select_related("region")
        .order_by("kind", "name")
    )


def workstation_counts(*, user: Any) -> list[WorkstationCount]:
    """The public figures: per kind of workstation, stations in force and researchers (no names)."""
    rows: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in restrict(Carrier.objects.all(), user, "view")
        .filter(kind__in=WORKSTATION_KINDS, status__in=CARRIER_IN_FORCE)
        .values("kind")
        .annotate(
            stations=Count("id", distinct=True),
            in_station=Count("residents", filter=Q(residents__status=ResidentStatus.IN_STATION)),
            entered=Count("residents"),
        )
    }
    return [
        WorkstationCount(
            kind=kind,
            label=str(label),
            stations=int(rows.get(kind, {}).get("stations", 0)),
            in_station=int(rows.get(kind, {}).get("in_station", 0)),
            entered=int(rows.get(kind, {}).get("entered", 0)),
        )
        for kind, label in CarrierKind.choices
        if kind in WORKSTATION_KINDS
    ]


def resident_list(*, user: Any, carrier: Carrier) -> QuerySet[Resident]:
    """The workstation's residents the user may see (in station first), 404-style empty otherwise."""
    return (
        restrict(Resident.objects.all(), user, "view")
        .filter(carrier=carrier)
        .select_related("home_institution")
        .order_by("status", "-started_on", "-id")
    )


def workstation_resident_counts(*, carrier: Carrier) -> dict[str, int] | None:
    """A workstation's public figures (in station now, all terms); ``None`` for other carriers."""
    if carrier.kind not in WORKSTATION_KINDS:
        return None
    return Resident.objects.filter(carrier=carrier).aggregate(
        in_station=Count("id", filter=Q(status=ResidentStatus.IN_STATION)), entered=Count("id")
    )
