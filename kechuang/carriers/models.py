"""Innovation carriers (创新载体) and industry technology innovation alliances (产业技术创新联盟)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.carriers.choices import (
    CARRIER_IN_FORCE,
    AllianceRole,
    CarrierKind,
    CarrierStatus,
    ChainPosition,
    EvaluationGrade,
    HostRole,
    ProjectStatus,
    ResidentStatus,
    Tier,
)
from kechuang.core.models import BaseModel, user_ref


class Carrier(BaseModel):
    """A recognised innovation carrier: an enterprise technology center, a key lab, an incubator…

    It has a tier (the recognising level), host organizations with their roles (主建/联建/共建), the
    department responsible for it, a certificate, and a status that re-evaluation can move to warned or
    revoked.  A carrier merged into another points at its successor.  Status moves go through
    ``carrier_transition`` (history in ``StatusChange``); every other change adds a ``CarrierEvent``.
    """

    name = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("载体类型"), max_length=40, choices=CarrierKind.choices, db_index=True)
    tier = models.CharField(_("级别"), max_length=12, choices=Tier.choices, db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CarrierStatus.choices, default=CarrierStatus.ACTIVE, db_index=True
    )
    responsible_department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carriers",
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    industry = models.ForeignKey(
        "registry.Industry",
        verbose_name=_("所属领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_no = models.CharField(_("证书编号"), max_length=60, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    description = models.TextField(_("简介"), blank=True)
    hosts = models.ManyToManyField(
        "registry.Organization", verbose_name=_("依托单位"), through="CarrierHost", related_name="carriers"
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("创新载体")
        verbose_name_plural = _("创新载体")
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "tier", "status"], name="carrier_kind_tier_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(recognised_on__isnull=True)
                | models.Q(valid_until__gte=models.F("recognised_on")),
                name="carrier_valid_range",
                violation_error_message=_("有效期至不能早于认定日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_force(self) -> bool:
        """Active or warned (not revoked or merged away): see ``CARRIER_IN_FORCE``."""
        return self.status in CARRIER_IN_FORCE


class CarrierHost(BaseModel):
    """An organization hosting a carrier, and how: leading (主建), joint (联建) or co-built (共建)."""

    carrier = models.ForeignKey(
        Carrier, verbose_name=_("载体"), on_delete=models.CASCADE, related_name="host_links"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("依托单位"),
        on_delete=models.PROTECT,
        related_name="carrier_links",
    )
    role = models.CharField(_("建设方式"), max_length=10, choices=HostRole.choices, default=HostRole.LEAD)

    class Meta:
        verbose_name = _("载体依托单位")
        verbose_name_plural = _("载体依托单位")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "organization"],
                name="carrier_host_unique",
                violation_error_message=_("该单位已是此载体的依托单位。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} · {self.organization} · {self.get_role_display()}"


class CarrierEvent(BaseModel):
    """One line of a carrier's history: recognised, upgraded, certificate renewed, warned, merged…"""

    carrier = models.ForeignKey(
        Carrier, verbose_name=_("载体"), on_delete=models.CASCADE, related_name="events"
    )
    occurred_on = models.DateField(_("日期"))
    title = models.CharField(_("事项"), max_length=120)
    note = models.TextField(_("说明"), blank=True)
    actor = user_ref(_("操作人"), blank=True)

    class Meta:
        verbose_name = _("载体历史")
        verbose_name_plural = _("载体历史")
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.carrier} {self.occurred_on} {self.title}"


class Alliance(BaseModel):
    """An industry technology innovation alliance: a lead organization and members along a chain."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    lead = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("牵头单位"),
        on_delete=models.PROTECT,
        related_name="led_alliances",
    )
    industry = models.ForeignKey(
        "registry.Industry",
        verbose_name=_("所属行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chain = models.CharField(_("产业链"), max_length=200, blank=True)
    tier = models.CharField(_("级别"), max_length=12, choices=Tier.choices, default=Tier.PROVINCIAL)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    is_active = models.BooleanField(_("存续"), default=True)
    description = models.TextField(_("简介"), blank=True)
    members = models.ManyToManyField(
        "registry.Organization",
        verbose_name=_("成员单位"),
        through="AllianceMember",
        related_name="alliances",
    )

    class Meta:
        verbose_name = _("产业技术创新联盟")
        verbose_name_plural = _("产业技术创新联盟")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AllianceMember(BaseModel):
    """An organization of any kind (enterprise, university, institute, intermediary) in an alliance."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("联盟"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("角色"), max_length=12, choices=AllianceRole.choices, default=AllianceRole.MEMBER
    )
    chain_position = models.CharField(
        _("产业链环节"), max_length=12, choices=ChainPosition.choices, blank=True
    )
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("联盟成员")
        verbose_name_plural = _("联盟成员")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organization"],
                name="alliance_member_unique",
                violation_error_message=_("该单位已是此联盟成员。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alliance} · {self.organization}"


class AllianceProject(BaseModel):
    """A joint project of alliance members (联合攻关) and what it produced."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("联盟"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("项目名称"), max_length=200)
    participants = models.ManyToManyField(
        "registry.Organization", verbose_name=_("参与单位"), related_name="+", blank=True
    )
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    budget = models.DecimalField(
        _("经费（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    results = models.TextField(_("成果"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("联盟联合项目")
        verbose_name_plural = _("联盟联合项目")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


class AllianceEvaluation(BaseModel):
    """The yearly evaluation of an alliance by the officers of its region (联盟年度评价): a score on each
    criterion of ``choices.EVALUATION_CRITERIA``, their total and the grade it gives, and a comment."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("联盟"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("评价年度"))
    scores = models.JSONField(_("各项得分"), default=dict)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("评价等级"), max_length=12, choices=EvaluationGrade.choices)
    comment = models.TextField(_("评价意见"), blank=True)
    evaluated_by = user_ref(_("评价人"), blank=True)

    class Meta:
        verbose_name = _("联盟年度评价")
        verbose_name_plural = _("联盟年度评价")
        ordering = ["alliance_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "year"],
                name="alliance_evaluation_year",
                violation_error_message=_("该联盟本年度已有评价。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alliance} {self.year}"


class Resident(BaseModel):
    """A researcher's term at a workstation (博士后、研究生或院士工作站): who (name, the number the
    programme gives them — 博士后编号、学号 —, title, home institution, field), the project they work on
    there, and the term: entered on a date (在站) until the exit is recorded (出站). A person who comes back
    starts a new term. Entry and exit go through ``services_residents`` (audited)."""

    carrier = models.ForeignKey(
        Carrier, verbose_name=_("工作站"), on_delete=models.PROTECT, related_name="residents"
    )
    name = models.CharField(_("姓名"), max_length=60)
    identifier = models.CharField(_("人员编号"), max_length=40)
    title = models.CharField(_("职称或身份"), max_length=60)
    home_institution = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_institution_name = models.CharField(_("所在单位名称"), max_length=200)
    field = models.CharField(_("研究领域"), max_length=120)
    project = models.CharField(_("在站课题"), max_length=200)
    started_on = models.DateField(_("进站日期"))
    planned_end = models.DateField(_("计划出站日期"), null=True, blank=True)
    ended_on = models.DateField(_("出站日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ResidentStatus.choices,
        default=ResidentStatus.IN_STATION,
        db_index=True,
    )
    exit_note = models.TextField(_("出站说明"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("工作站在站人员")
        verbose_name_plural = _("工作站在站人员")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "identifier"],
                condition=models.Q(status=ResidentStatus.IN_STATION),
                name="resident_once_in_station",
                violation_error_message=_("该人员已在本工作站在站。"),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="resident_term_order",
                violation_error_message=_("出站日期不能早于进站日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} · {self.name}"
