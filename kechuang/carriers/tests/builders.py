"""Builders for tests that need an innovation carrier (carriers' own and recognition's)."""

from __future__ import annotations

from typing import Any

from kechuang.carriers.choices import CarrierKind, HostRole, Tier
from kechuang.carriers.models import Carrier
from kechuang.carriers.services import carrier_create


def make_carrier(
    *,
    organization: Any,
    actor: Any,
    name: str = "光华企业技术中心",
    kind: str = CarrierKind.ENTERPRISE_TECH_CENTER,
    tier: str = Tier.MUNICIPAL,
    role: str = HostRole.LEAD,
) -> Carrier:
    """A carrier in the organization's region that it hosts (by default as the lead unit)."""
    return carrier_create(
        name=name, kind=kind, tier=tier, region=organization.region, hosts=[(organization, role)], actor=actor
    )
