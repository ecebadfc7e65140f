"""The review machinery (评审): panels, assignments with conflict avoidance, score sheets.

The experts themselves, their declared conflicts and past co-operations are the directory's expert pool
(``kechuang.registry.models.Expert``).

Shared by recognition, programs and acceptance: a panel reviews *items*, each pointing at any object
(an application, a project) through a generic relation, so the reviewing app owns its workflow and the
panel only knows how to assign, collect sealed scores and aggregate them.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel
from kechuang.review.choices import AggregationMethod, AssignmentStatus, ObjectionStatus, PanelStatus


class Panel(BaseModel):
    """A review panel for one batch (e.g. one recognition call): its rules, items and experts.

    Scores stay sealed (visible only to the expert who gave them) until the panel is closed; closing
    aggregates every item.  ``indicators`` is the score sheet: ``[{"code", "name", "max_score"}]``.
    """

    name = models.CharField(_("名称"), max_length=200)
    owner_type = models.ForeignKey(
        ContentType, verbose_name=_("所属对象类型"), on_delete=models.CASCADE, related_name="+"
    )
    owner_id = models.CharField(_("所属对象编号"), max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("组织部门"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=PanelStatus.choices, default=PanelStatus.FORMING, db_index=True
    )
    indicators = models.JSONField(_("评分指标"), default=list)
    experts_per_item = models.PositiveSmallIntegerField(
        _("每项专家数"), default=5, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    method = models.CharField(
        _("汇总方法"),
        max_length=20,
        choices=AggregationMethod.choices,
        default=AggregationMethod.TRIMMED_MEAN,
    )
    spread_threshold = models.DecimalField(
        _("分差预警阈值"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    same_region_digits = models.PositiveSmallIntegerField(
        _("同地区回避"),
        null=True,
        blank=True,
        choices=[(6, _("同县区回避")), (4, _("同地市回避")), (2, _("同省回避"))],
    )
    cooperation_years = models.PositiveSmallIntegerField(_("合作回避年限"), default=3)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("评审组")
        verbose_name_plural = _("评审组")
        ordering = ["-id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="panel_owner_idx")]

    def __str__(self) -> str:
        return self.name


class PanelItem(BaseModel):
    """One thing the panel reviews (an application…), with its aggregated result after closing."""

    panel = models.ForeignKey(Panel, verbose_name=_("评审组"), on_delete=models.CASCADE, related_name="items")
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("评审对象类型"), on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.CharField(_("评审对象编号"), max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("名称"), max_length=255)
    score = models.DecimalField(_("专家评分"), max_digits=7, decimal_places=2, null=True, blank=True)
    spread = models.DecimalField(_("分差"), max_digits=7, decimal_places=2, null=True, blank=True)
    flagged = models.BooleanField(_("分歧较大"), default=False)
    details = models.JSONField(_("汇总明细"), default=dict, blank=True)

    class Meta:
        verbose_name = _("评审对象")
        verbose_name_plural = _("评审对象")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "subject_type", "subject_id"],
                name="panel_item_unique",
                violation_error_message=_("该对象已在此评审组中。"),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ReviewAssignment(BaseModel):
    """An expert assigned to an item; the score sheet (``scores`` per indicator code) lives here.

    Sealed: until the panel closes only the expert sees ``scores``; officers see progress only.
    """

    item = models.ForeignKey(
        PanelItem, verbose_name=_("评审对象"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        "registry.Expert", verbose_name=_("专家"), on_delete=models.PROTECT, related_name="assignments"
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
        db_index=True,
    )
    scores = models.JSONField(_("各项得分"), default=dict, blank=True)
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    decline_reason = models.CharField(_("回避原因"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("评审任务")
        verbose_name_plural = _("评审任务")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "expert"],
                name="assignment_unique",
                violation_error_message=_("该专家已分配到此评审对象。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.item}"


class ObjectionBase(BaseModel):
    """What every objection to a public notice (公示异议) holds: who objects, how to reach them, the facts
    and reasons, and the status of the officer's answer (``OBJECTION_TRANSITIONS``).

    Abstract: each publishing app adds the foreign key to what is on the notice and its answer fields,
    named by ``ANSWER_FIELDS`` (text, who, when) so :func:`kechuang.review.objections.objection_conclude`
    can record the answer.
    """

    ANSWER_FIELDS: tuple[str, str, str] = ("answer", "answered_by", "answered_at")

    name = models.CharField(_("异议人"), max_length=60)
    contact = models.CharField(_("联系方式"), max_length=100)
    content = models.TextField(_("异议内容"))
    status = models.CharField(
        _("处理状态"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
        db_index=True,
    )

    class Meta:
        abstract = True
