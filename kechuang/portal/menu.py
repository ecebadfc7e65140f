"""The header menu: each app's ``nav.py`` offers ``items(user) -> list[tuple[label, url]]``.

The portal lists them here explicitly, in the order the header shows them (the apps' order in
``INSTALLED_APPS``). A new app with a ``nav.py`` adds one import and one entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kechuang.market import nav as market_nav
from kechuang.policies import nav as policies_nav
from kechuang.programs import nav as programs_nav
from kechuang.quality import nav as quality_nav
from kechuang.recognition import nav as recognition_nav
from kechuang.registry import nav as registry_nav
from kechuang.resources import nav as resources_nav
from kechuang.targets import nav as targets_nav

SECTIONS: tuple[Callable[[Any], list[tuple[str, str]]], ...] = (
    registry_nav.items,
    recognition_nav.items,  # recognition's section also links the carriers and review pages
    market_nav.items,
    policies_nav.items,
    programs_nav.items,
    quality_nav.items,
    targets_nav.items,
    resources_nav.items,
)


def items(user: Any) -> list[tuple[str, str]]:
    """The header's menu entries for ``user`` (anonymous or signed in), section after section."""
    out: list[tuple[str, str]] = []
    for section in SECTIONS:
        out.extend(section(user))
    return out
