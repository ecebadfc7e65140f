"""Users: the people who sign in.

What a user may do comes from the directory (``kechuang.registry``: memberships of organizations, officer
appointments, the expert pool), never from this app, which knows nothing of them. The one role stored on
the user is the platform admin flag.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may do comes from role rows in the directory, not from groups."""

    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    is_platform_admin = models.BooleanField(_("平台管理员"), default=False)
    # Set with a temporary password by an administrator: the user must choose a new one before anything else.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username
