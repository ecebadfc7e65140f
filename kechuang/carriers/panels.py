"""The carriers' panel on the directory's organization page: the enterprise ladder (市级 → 省级 → 国家级)
of each carrier kind the organization hosts."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from kechuang.carriers.selectors import enterprise_ladder, organization_carriers
from kechuang.core.panels import register_panel


def ladder_panel(organization: Any) -> str:
    return render_to_string(
        "carriers/includes/ladder.html",
        {
            "ladders": enterprise_ladder(organization=organization),
            "carriers": organization_carriers(organization=organization),
        },
    )


register_panel("registry.organization", ladder_panel)
