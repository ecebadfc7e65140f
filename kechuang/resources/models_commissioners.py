"""Science and technology commissioners (科技特派员): people of universities and institutes in the pool,
sent to an enterprise, a park or a village under an agreement for a period; their work logs (visits,
problems solved, training, technology introduced), which the host confirms and rates; and the officer's
annual assessment of each commissioner."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel
from kechuang.registry.models import Organization, Park
from kechuang.resources.choices import AssessmentGrade, DispatchStatus, HostKind, LogStatus, WorkKind
from kechuang.resources.fields import acting_user, period_check, row_version, workflow_status


class Commissioner(BaseModel):
    """A person in the commissioner pool, from a university or an institute."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.PROTECT,
        related_name="commissioner",
    )
    home = models.ForeignKey(
        Organization, verbose_name=_("派出单位"), on_delete=models.PROTECT, related_name="commissioners"
    )
    region_path = models.CharField(_("所在地区路径"), max_length=64, db_index=True, editable=False)
    expertise = models.CharField(_("专业领域"), max_length=200)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("科技特派员")
        verbose_name_plural = _("科技特派员")
        ordering = ["home__name", "id"]

    def __str__(self) -> str:
        return self.user.display_name or self.user.username

    def save(self, *args: object, **kwargs: object) -> None:
        self.region_path = self.home.region_path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Dispatch(BaseModel):
    """A commissioner sent to a host (an enterprise, a park or a village) under an agreement."""

    commissioner = models.ForeignKey(
        Commissioner, verbose_name=_("科技特派员"), on_delete=models.PROTECT, related_name="dispatches"
    )
    host_kind = models.CharField(_("派驻对象类型"), max_length=20, choices=HostKind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("派驻企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissioner_dispatches",
    )
    park = models.ForeignKey(
        Park, verbose_name=_("派驻园区"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    village = models.CharField(_("派驻乡村"), max_length=200, blank=True)
    region_path = models.CharField(_("派驻地区路径"), max_length=64, db_index=True)
    agreement_no = models.CharField(_("协议编号"), max_length=60)
    agreement_summary = models.TextField(_("服务内容"))
    starts_on = models.DateField(_("派驻开始"))
    ends_on = models.DateField(_("派驻结束"))
    status = workflow_status(DispatchStatus, DispatchStatus.ACTIVE)
    version = row_version()
    dispatched_by = acting_user(_("派出人"))

    class Meta:
        verbose_name = _("特派员派驻")
        verbose_name_plural = _("特派员派驻")
        ordering = ["-starts_on", "-id"]
        constraints = [
            period_check(
                "starts_on",
                "ends_on",
                name="resources_dispatch_period",
                message=_("派驻结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commissioner} → {self.host_name}"

    @property
    def host_name(self) -> str:
        if self.organization_id:
            return self.organization.name  # type: ignore[union-attr]
        if self.park_id:
            return self.park.name  # type: ignore[union-attr]
        return self.village


class WorkLog(BaseModel):
    """One piece of a commissioner's work at the host, confirmed and rated by the host."""

    dispatch = models.ForeignKey(
        Dispatch, verbose_name=_("派驻"), on_delete=models.PROTECT, related_name="logs"
    )
    kind = models.CharField(_("工作类型"), max_length=20, choices=WorkKind.choices)
    worked_on = models.DateField(_("日期"), db_index=True)
    summary = models.TextField(_("工作内容"))
    problems_solved = models.PositiveIntegerField(_("解决难题（个）"), default=0)
    trainees = models.PositiveIntegerField(_("培训人次"), default=0)
    technologies = models.PositiveIntegerField(_("引进推广技术（项）"), default=0)
    status = workflow_status(LogStatus, LogStatus.SUBMITTED)
    version = row_version()
    rating = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    host_comment = models.TextField(_("服务对象意见"), blank=True)

    class Meta:
        verbose_name = _("特派员工作记录")
        verbose_name_plural = _("特派员工作记录")
        ordering = ["-worked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.dispatch} {self.worked_on}"


class Assessment(BaseModel):
    """The officer's annual assessment of a commissioner (年度考核)."""

    commissioner = models.ForeignKey(
        Commissioner, verbose_name=_("科技特派员"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("考核等次"), max_length=20, choices=AssessmentGrade.choices)
    note = models.TextField(_("考核意见"), blank=True)
    assessed_by = acting_user(_("考核人"))

    class Meta:
        verbose_name = _("特派员年度考核")
        verbose_name_plural = _("特派员年度考核")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "year"],
                name="resources_one_assessment_a_year",
                violation_error_message=_("该特派员本年度已有考核结果。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commissioner} {self.year}"
