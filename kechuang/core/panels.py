"""Panels an app adds to a page it does not own, without the page's app importing it.

A page names a slot (``{% load kechuang %}{% panels "registry.organization" org %}``); an app above it
fills the slot from its ``AppConfig.ready()`` with :func:`register_panel`. The directory's organization
page shows the carriers' ladder this way, so the registry never loads the carriers' templates or tags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

Panel = Callable[[Any], str]

_PANELS: dict[str, list[Panel]] = defaultdict(list)


def register_panel(slot: str, render: Panel) -> None:
    """Add ``render(obj) -> html`` to ``slot`` (once per function: a second ready() does not repeat it)."""
    if render not in _PANELS[slot]:
        _PANELS[slot].append(render)


def render_panels(slot: str, obj: Any) -> SafeString:
    """The HTML of every panel of ``slot`` for ``obj``, in registration (``INSTALLED_APPS``) order."""
    return format_html_join("", "{}", ((render(obj),) for render in _PANELS.get(slot, ())))
