"""``{% load carriers %}{% carrier_ladder organization %}`` — the enterprise ladder for any page
(the registry's organization page includes it)."""

from __future__ import annotations

from typing import Any

from django import template

from kechuang.carriers.selectors import enterprise_ladder, organization_carriers

register = template.Library()


@register.inclusion_tag("carriers/includes/ladder.html")
def carrier_ladder(organization: Any) -> dict[str, Any]:
    return {
        "ladders": enterprise_ladder(organization=organization),
        "carriers": organization_carriers(organization=organization),
    }
