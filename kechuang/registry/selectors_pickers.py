"""What the organization and department pickers offer (regions and industries: ``selectors``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kechuang.core.text import normalize_for_search, pinyin_initials
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Department, Organization


def organization_pick(*, q: str, limit: int = 20) -> QuerySet[Organization]:
    """Verified organizations by 统一社会信用代码 prefix or a part of the name — their names and codes are
    public (the national credit system publishes them); the pickers are for officers choosing hosts,
    members and units from the whole directory, not only their region."""
    text = (q or "").strip()
    qs = Organization.objects.filter(verification_status=VerificationStatus.VERIFIED).select_related("region")
    if not text:
        return qs.none()
    if text.isascii() and text.replace(" ", "").isalnum() and any(c.isdigit() for c in text):
        return qs.filter(uscc__startswith=text.upper()).order_by("uscc")[:limit]
    name = normalize_for_search(text)
    return qs.filter(search_text__contains=name).order_by("name")[:limit]


def department_pick(*, q: str, limit: int = 20) -> list[Department]:
    """Departments by a part of the name or the pinyin initials of the name (``ccskxjsj`` → 长春市科学技术局).
    Departments are few (one per kind and region), so the initials are computed here, not stored."""
    text = (q or "").strip()
    qs = Department.objects.filter(is_active=True).select_related("region").order_by("region_id", "kind")
    if not text:
        return list(qs[:limit])
    if text.isascii():
        key = text.lower()
        return [d for d in qs if pinyin_initials(d.name).startswith(key) or key in pinyin_initials(d.name)][
            :limit
        ]
    name = normalize_for_search(text)
    return list(qs.filter(name__contains=name)[:limit])


def picker_options(kind: str, q: str) -> list[tuple[str, Any, str]]:
    """``(value put in the field, object, what the option shows)`` for the picker of ``kind``."""
    if kind == "organization":
        return [(o.uscc, o, f"{o.uscc} · {o.region.name}") for o in organization_pick(q=q)]
    return [(d.name, d, d.region.full_name or d.region.name) for d in department_pick(q=q)]
