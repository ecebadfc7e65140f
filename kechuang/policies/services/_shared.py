"""Helpers of more than one policies service: who to notify, the claim's evidence."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kechuang.registry.models import Membership


def members_by_organization(org_ids: Iterable[int]) -> dict[int, list[Any]]:
    """The users who are members of each organisation (one query), to notify them."""
    out: dict[int, list[Any]] = {}
    for m in Membership.objects.filter(organization_id__in=list(org_ids)).select_related("user"):
        out.setdefault(m.organization_id, []).append(m.user)
    return out


def claim_evidence(facts: dict[str, Any], result: Any) -> dict[str, Any]:
    """The claim's evidence: the organisation's facts (without the code names) and the explanation."""
    facts = {k: v for k, v in facts.items() if k != "labels"}
    return json.loads(
        json.dumps({"facts": facts, "result": result.as_dict()}, default=str, ensure_ascii=False)
    )
