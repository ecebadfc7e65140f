"""The public site's own records: announcements (通知公告) that a department publishes to everyone.

Everything else the public portal shows (calls, 公示, policies, achievements, demands) belongs to the
capability apps and is read through their selectors.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.portal.choices import AnnouncementKind, AnnouncementStatus


class Announcement(BaseModel):
    """A notice of a department to the public: drafted, published (dated), withdrawn or published again.

    Only a published announcement is visible outside its department; ``version`` guards two officers
    editing or publishing the same notice at once.
    """

    kind = models.CharField(
        _("栏目"), max_length=20, choices=AnnouncementKind.choices, default=AnnouncementKind.NOTICE
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("发布部门"),
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT
    )
    pinned = models.BooleanField(_("置顶"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    author = user_ref(_("起草人"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-pinned", "-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="portal_announce_pub_idx")]

    def __str__(self) -> str:
        return self.title
