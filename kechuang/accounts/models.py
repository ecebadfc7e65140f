"""Users and the roles they hold: platform admin, government officer, organization admin/member, expert."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel


class User(AbstractUser):
    """A person who signs in. What they may do comes from the role rows below, not from flags on groups."""

    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    is_platform_admin = models.BooleanField(_("平台管理员"), default=False)
    is_expert = models.BooleanField(_("评审专家"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("机构管理员")
    MEMBER = "member", _("机构成员")


class Membership(BaseModel):
    """A user acting for an organization, as its administrator or as a member."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("角色"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        verbose_name = _("机构成员")
        verbose_name_plural = _("机构成员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="membership_unique",
                violation_error_message=_("该用户已是此机构成员。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class OfficerAssignment(BaseModel):
    """A government officer serving one department, over one region subtree (by default the department's)."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="officer_assignments"
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="officers"
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("管辖地区"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("政府工作人员")
        verbose_name_plural = _("政府工作人员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"],
                name="officer_unique_department",
                violation_error_message=_("该用户已在此部门任职。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.department}"


class Invitation(BaseModel):
    """An organization admin's invitation for someone to join as a member (accepted by token)."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("邮箱"))
    role = models.CharField(
        _("角色"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token = models.CharField(_("邀请码"), max_length=64, unique=True)
    invited_by = models.ForeignKey(User, verbose_name=_("邀请人"), on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(_("过期时间"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, verbose_name=_("接受人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("成员邀请")
        verbose_name_plural = _("成员邀请")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"
