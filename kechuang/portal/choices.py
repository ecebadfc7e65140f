"""Enumerations and the announcement workflow of the portal (the public site's 通知公告)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnouncementKind(models.TextChoices):
    NOTICE = "notice", _("通知公告")
    NEWS = "news", _("工作动态")
    REMINDER = "reminder", _("办事提醒")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


A = AnnouncementStatus

# A withdrawn announcement may be published again (a corrected notice keeps its address and history).
ANNOUNCEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    A.DRAFT: frozenset({A.PUBLISHED}),
    A.PUBLISHED: frozenset({A.WITHDRAWN}),
    A.WITHDRAWN: frozenset({A.PUBLISHED}),
}
ANNOUNCEMENT_TERMINAL: frozenset[str] = frozenset()
