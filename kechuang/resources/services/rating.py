"""A rating (1–5) given when a service is confirmed: an instrument booking, an agency's order, a
commissioner's work log — checked, and for bookings and orders stored with its comment, in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can


def check_rating(rating: int) -> None:
    if not 1 <= rating <= 5:
        raise ApplicationError(_("评分应为1至5分。"), extra={"field": "rating"})


def record_rating(
    obj: models.Model, *, actor: Any, rating: int, comment: str, to_rated: Callable[[], Any], action: str
) -> None:
    """The organization that asked for the service rates it: ``to_rated()`` moves ``obj`` to its rated
    status; the rating and comment are saved on it and audited as ``action``."""
    ensure_can(actor, obj, "apply")
    check_rating(rating)
    to_rated()
    obj.rating, obj.rating_comment = rating, comment.strip()  # type: ignore[attr-defined]
    obj.save(update_fields=["rating", "rating_comment", "updated_at"])
    audit_log(actor=actor, action=action, target=obj, after={"rating": rating})
