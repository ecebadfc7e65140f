"""Field and constraint builders the resources models share: a workflow's status and version, the user who
acted, money, and a period whose end may not precede its start. Each builds exactly the field the models
declared before (no migration follows from using them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")


def money(label: Any, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=18, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


def workflow_status(choices: type[models.TextChoices], default: str) -> models.CharField:
    """The status a transition table moves (indexed: queues filter on it)."""
    return models.CharField(_("状态"), max_length=20, choices=choices.choices, default=default, db_index=True)


def row_version() -> models.PositiveIntegerField:
    """The optimistic-locking counter the transition kernel checks and bumps."""
    return models.PositiveIntegerField(_("版本"), default=0)


def acting_user(label: Any) -> models.ForeignKey:
    """The user who requested, issued or recorded something: kept (PROTECT), never followed back."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, on_delete=models.PROTECT, related_name="+"
    )


def period_check(start: str, end: str, *, name: str, message: Any) -> models.CheckConstraint:
    """``end`` on or after ``start``."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__gte": F(start)}), name=name, violation_error_message=message
    )
