"""Every write of the portal: announcements (通知公告) drafted, edited, published and withdrawn by the
officers of the issuing department. Each change is one transaction with its audit record; the same rules
hold for the page and any other caller (who may change which field lives here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, diff, snapshot
from kechuang.core.errors import ApplicationError, raise_problems
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition
from kechuang.portal.choices import ANNOUNCEMENT_TRANSITIONS, AnnouncementKind, AnnouncementStatus
from kechuang.portal.models import Announcement
from kechuang.portal.permissions import departments_spoken_for
from kechuang.registry.models import Department

EDITABLE = ("kind", "title", "body", "pinned")
TITLE_MAX = 200
BODY_MAX = 20000


def _problems(data: Mapping[str, Any], *, partial: bool) -> dict[str, str]:
    """Every problem of the values at once (field → message)."""
    problems: dict[str, str] = {}
    if "title" in data or not partial:
        title = " ".join(str(data.get("title") or "").split())
        if not title:
            problems["title"] = _("请填写标题。")
        elif len(title) > TITLE_MAX:
            problems["title"] = _("标题不能超过%(n)d个字。") % {"n": TITLE_MAX}
    if "body" in data or not partial:
        body = str(data.get("body") or "").strip()
        if not body:
            problems["body"] = _("请填写正文。")
        elif len(body) > BODY_MAX:
            problems["body"] = _("正文不能超过%(n)d个字。") % {"n": BODY_MAX}
    if "kind" in data and data.get("kind") not in AnnouncementKind.values:
        problems["kind"] = _("栏目不正确。")
    return problems


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = " ".join(str(data["title"]).split())
    if "body" in data:
        out["body"] = str(data["body"]).strip()
    if "kind" in data:
        out["kind"] = data["kind"]
    if "pinned" in data:
        out["pinned"] = bool(data["pinned"])
    return out


def _ensure_department(actor: Any, department: Department) -> None:
    if user_is_platform_admin(actor):
        return
    if department.pk not in departments_spoken_for(actor):
        raise ApplicationError(_("只能以本人任职的部门发布通知公告。"), extra={"field": "department"})


@transaction.atomic
def announcement_create(*, actor: Any, department: Department, data: Mapping[str, Any]) -> Announcement:
    """A draft announcement of ``department``; nothing is public until it is published."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("不能填写这些字段：%(f)s。") % {"f": "、".join(sorted(unknown))})
    _ensure_department(actor, department)
    raise_problems(_problems(data, partial=False))
    announcement = Announcement(department=department, author=actor, **_clean(data))
    clean_and_save(announcement)
    audit_log(actor=actor, action="announcement.create", target=announcement, after=snapshot(announcement))
    return announcement


@transaction.atomic
def announcement_update(
    *, announcement: Announcement, actor: Any, data: Mapping[str, Any], expected_version: int | None = None
) -> Announcement:
    """Change the wording of an announcement (published ones too: the page then shows the new text, and
    the audit log keeps the old). A stale page (``expected_version``) is refused, nothing is written."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(f)s。") % {"f": "、".join(sorted(unknown))})
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    ensure_can(actor, locked, "change")
    if expected_version is not None and locked.version != expected_version:
        raise ApplicationError(_("该记录已被他人修改，请刷新页面后重试。"), extra={"conflict": True})
    raise_problems(_problems(data, partial=True))
    before = snapshot(locked, EDITABLE)
    for key, value in _clean(data).items():
        setattr(locked, key, value)
    old, new = diff(before, snapshot(locked, EDITABLE))
    if not new:
        return locked
    locked.version += 1
    clean_and_save(locked)
    audit_log(actor=actor, action="announcement.update", target=locked, before=old, after=new)
    return locked


@transaction.atomic
def announcement_transition(
    *, announcement: Announcement, actor: Any, to: str, expected_version: int | None = None
) -> Announcement:
    """Publish (dated now, the first time) or withdraw an announcement."""
    if to not in AnnouncementStatus.values:
        raise ApplicationError(_("状态不正确。"), extra={"field": "to"})
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    ensure_can(actor, locked, "publish" if to == AnnouncementStatus.PUBLISHED else "withdraw")
    transition(
        obj=locked,
        to=to,
        actor=actor,
        transitions=ANNOUNCEMENT_TRANSITIONS,
        expected_version=expected_version,
    )
    if to == AnnouncementStatus.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at", "updated_at"])
    return locked
