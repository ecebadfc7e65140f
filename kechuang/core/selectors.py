"""Kernel reads: notifications and the audit log's action names (the scoped audit list is the portal's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.core.models import AuditRecord, Notification


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-id")


def notification_get(*, user: Any, pk: Any) -> Notification:
    """One of the user's own notifications; anyone else's is a 404."""
    try:
        return Notification.objects.get(recipient=user, pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("对象不存在或无权访问。")) from exc


def audit_actions(*, user: Any) -> list[str]:
    """Distinct action names, for the audit page's filter (reference list, not scoped: names are not data)."""
    return sorted(set(AuditRecord.objects.values_list("action", flat=True).distinct()[:200]))
