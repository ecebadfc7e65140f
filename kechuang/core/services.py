"""Writes of shared pieces: in-platform notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from kechuang.core.models import Notification, clean_and_save


@transaction.atomic
def notification_send(
    *, recipient: Any, title: str, body: str = "", link: str = "", kind: str = ""
) -> Notification:
    """Put a message in one user's inbox (call inside the caller's transaction: it disappears on rollback)."""
    notification = Notification(
        recipient=recipient, title=title[:200], body=body, link=link[:300], kind=kind[:40]
    )
    clean_and_save(notification)
    return notification


@transaction.atomic
def notification_mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one notification (or, without one, all of them) read for ``user``; returns how many changed.

    Read markers are the user's own inbox state, not a change to platform data, so no audit record is
    written: the audit chain would otherwise grow by one row per page view.
    """
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now(), updated_at=timezone.now())
