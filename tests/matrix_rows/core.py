"""The kernel's pages (home, audit log, notifications) and the framework's routes."""

from __future__ import annotations

from kechuang.core.models import Notification
from tests.matrix import LOGIN, PUBLIC, SIGNED_IN, Row, any_officer, only_own


def _read(w) -> bool:  # type: ignore[no-untyped-def]
    return Notification.objects.get(pk=w.notification.pk).read_at is not None


ROWS = [
    Row("core:home", PUBLIC),
    Row("core:audit_list", any_officer(200), own="officer", why="officers (their scope) and platform admins"),
    Row("core:notification_list", SIGNED_IN, why="each user's own notifications"),
    Row(
        "core:notification_read",
        only_own(302),
        kwargs=lambda w: {"pk": w.notification.pk},
        method="POST",
        effect=_read,
        why="only the recipient",
    ),
    Row(
        "core:notification_open",
        only_own(302),
        kwargs=lambda w: {"pk": w.notification.pk},
        effect=_read,
        why="only the recipient; following the link marks it read",
    ),
    Row(
        "core:notification_read_all",
        (LOGIN, 302, 302, 302, 302, 302),
        method="POST",
        effect=_read,
        why="marks the signed-in user's own notifications only",
    ),
    # Framework routes.
    Row("set_language", (302, 302, 302, 302, 302, 302), method="POST", data=lambda w: {"language": "en"}),
    Row("javascript-catalog", PUBLIC),
    Row("schema", PUBLIC, why="the OpenAPI description is public, like the docs"),
    Row("api-docs", PUBLIC),
    Row("api-redoc", PUBLIC),
]
