"""The reserve library (储备项目库) and recommendations to higher-level programs (向上级推荐).

A bureau keeps candidate projects for later years: applications it did not fund, with the reason they are
worth keeping, and candidates organizations register themselves.  It also recommends good applications to
a higher level's program (省 → 国家, 市 → 省) and records what became of them (推荐 → 立项 / 未立项).
Imported by ``models.py``.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.programs.choices_reserve import (
    HigherLevel,
    HigherOutcome,
    ReserveSource,
    ReserveStatus,
)


def _year(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )


class ReserveEntry(BaseModel):
    """A candidate project in a department's reserve library, with the year it is kept for and why."""

    department = models.ForeignKey(
        "registry.Department", verbose_name=_("入库部门"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.OneToOneField(
        "programs.Application",
        verbose_name=_("原项目申报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reserve_entry",
    )
    source = models.CharField(_("来源"), max_length=12, choices=ReserveSource.choices)
    title = models.CharField(_("项目名称"), max_length=200)
    summary = models.TextField(_("项目简介"), blank=True)
    year = _year(_("储备年度"))
    reason = models.TextField(_("入库理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReserveStatus.choices, default=ReserveStatus.RESERVED, db_index=True
    )
    removal_reason = models.CharField(_("出库理由"), max_length=300, blank=True)
    created_by = user_ref(_("登记人"), blank=True)

    class Meta:
        verbose_name = _("储备项目")
        verbose_name_plural = _("储备项目")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class HigherRecommendation(BaseModel):
    """An application recommended to a higher level's program, and what became of it."""

    application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("项目申报"),
        on_delete=models.PROTECT,
        related_name="higher_recommendations",
    )
    level = models.CharField(_("推荐层级"), max_length=10, choices=HigherLevel.choices)
    program_name = models.CharField(_("上级计划名称"), max_length=120)
    year = _year(_("推荐年度"))
    recommended_on = models.DateField(_("推荐日期"))
    recommended_by = user_ref(_("推荐人"), blank=True)
    status = models.CharField(
        _("结果"),
        max_length=12,
        choices=HigherOutcome.choices,
        default=HigherOutcome.RECOMMENDED,
        db_index=True,
    )
    outcome_note = models.CharField(_("结果说明"), max_length=300, blank=True)
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    decided_by = user_ref(_("登记结果人"), blank=True)

    class Meta:
        verbose_name = _("向上级推荐")
        verbose_name_plural = _("向上级推荐")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "program_name", "year"],
                name="programs_higher_unique",
                violation_error_message=_("该项目本年度已推荐到这一上级计划。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.program_name}"
