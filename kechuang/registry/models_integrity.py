"""The integrity list (失信名单): decisions that bar an organization from applying for a period.

One place for every reason an organization may not apply — a 科研失信 decision of a science & technology
department, a D grade of the quality credit system, a serious-breach list of another authority — so that
recognition, programs, policy claims and vouchers ask one question (``registry.selectors_integrity``) and
tell the applicant the same reason. Records are never deleted: a lifted record keeps who lifted it and why.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.registry.choices import IntegrityKind


class IntegrityRecord(BaseModel):
    """One organization on one list from ``starts_on`` to ``ends_on`` (open-ended when empty)."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("主体"),
        on_delete=models.PROTECT,
        related_name="integrity_records",
    )
    kind = models.CharField(_("失信类别"), max_length=20, choices=IntegrityKind.choices)
    reason = models.CharField(_("失信事实"), max_length=500)
    document = models.CharField(_("处理决定文号"), max_length=120, blank=True)
    authority = models.CharField(_("作出决定的部门"), max_length=120, blank=True)
    starts_on = models.DateField(_("限制申报起始日"))
    ends_on = models.DateField(_("限制申报截止日"), null=True, blank=True)
    recorded_by = user_ref(_("录入人"), blank=True)
    source_key = models.CharField(
        _("来源标识"),
        max_length=80,
        blank=True,
        help_text=_("由其他业务自动列入时的来源（如质量信用评级），人工录入时为空。"),
    )
    lifted_on = models.DateField(_("移出日期"), null=True, blank=True)
    lifted_by = user_ref(_("移出人"), blank=True)
    lifted_reason = models.CharField(_("移出原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("失信记录")
        verbose_name_plural = _("失信记录")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="integrity_period_ordered",
                violation_error_message=_("限制申报截止日不能早于起始日。"),
            ),
        ]
        indexes = [models.Index(fields=["organization", "lifted_on"], name="integrity_org_idx")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()}"

    def in_force_on(self, day: dt.date) -> bool:
        """Does the record bar applications on ``day``?"""
        return (
            self.lifted_on is None and self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
        )
