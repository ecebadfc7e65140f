"""The kernel's pages (home, audit log, notifications) and the framework's routes."""

from __future__ import annotations

from kechuang.core.models import Notification
from tests.matrix import LOGIN, PUBLIC, SIGNED_IN, Row, any_officer, only_own


def _read(w) -> bool:  # type: ignore[no-untyped-def]
    return Notification.objects.get(pk=w.notification.pk).read_at is not None


def _export_job(w, *, finished: bool = False) -> int:  # type: ignore[no-untyped-def]
    """A background export of the officer's (finished: its workbook written under MEDIA_ROOT/exports)."""
    from kechuang.core import background
    from kechuang.core.services_jobs import job_finish, job_start

    job = job_start(actor=w.cast.officer, kind=background.EXPORT_JOB, total=6000)
    if finished:
        background.export_dir().mkdir(parents=True, exist_ok=True)
        name = f"{job.pk}-matrix.xlsx"
        (background.export_dir() / name).write_bytes(b"PK\x03\x04")
        job_finish(job, ok=True, result={"file": name, "filename": "主体名录.xlsx", "rows": 6000})
    return job.pk


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
    Row(
        "core:job",
        only_own(200),
        own="officer",
        kwargs=lambda w: {"pk": _export_job(w)},
        why="a background export's progress: the user who started it only",
    ),
    Row(
        "core:job_download",
        only_own(200),
        own="officer",
        kwargs=lambda w: {"pk": _export_job(w, finished=True)},
        why="a background export's file: the user who started it only",
    ),
    # Framework routes.
    Row("set_language", (302, 302, 302, 302, 302, 302), method="POST", data=lambda w: {"language": "en"}),
    Row("javascript-catalog", PUBLIC),
    Row("schema", PUBLIC, why="the OpenAPI description is public, like the docs"),
    Row("api-docs", PUBLIC),
    Row("api-redoc", PUBLIC),
]
