"""Science and technology service agencies (科技服务机构): intermediaries — technology-transfer agencies,
patent and law firms, testing, consulting, productivity promotion centers — with their catalogue of services
(price, region served), their presence in parks (the seed 003 checklist: a sign, staff, an office, service
records) and the enterprises' orders of their services (delivery, rating; a voucher may pay for one)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel
from kechuang.registry.models import Organization, Park, Region
from kechuang.resources.choices import AgencyKind, OrderStatus, ServiceKind
from kechuang.resources.fields import acting_user, money, row_version, workflow_status


class ServiceAgency(BaseModel):
    """A registered organization acting as a service agency."""

    organization = models.OneToOneField(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="service_agency"
    )
    kind = models.CharField(_("机构类型"), max_length=20, choices=AgencyKind.choices)
    region_path = models.CharField(_("所在地区路径"), max_length=64, db_index=True, editable=False)
    description = models.TextField(_("机构简介"), blank=True)
    contact = models.CharField(_("联系方式"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("科技服务机构")
        verbose_name_plural = _("科技服务机构")
        ordering = ["organization__name", "id"]

    def __str__(self) -> str:
        return self.organization.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.region_path = self.organization.region_path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class AgencyService(BaseModel):
    """One entry of an agency's catalogue: what it does, for what price, in which region."""

    agency = models.ForeignKey(
        ServiceAgency, verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("服务名称"), max_length=200)
    kind = models.CharField(_("服务类别"), max_length=20, choices=ServiceKind.choices)
    price = money(_("参考价格（元）"))
    unit = models.CharField(_("计价单位"), max_length=20, default="次")
    region_served = models.ForeignKey(
        Region, verbose_name=_("服务地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField(_("服务地区路径"), max_length=64, db_index=True, editable=False)
    description = models.TextField(_("服务内容"), blank=True)
    active = models.BooleanField(_("在售"), default=True)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["agency", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.region_path = self.region_served.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ParkPresence(BaseModel):
    """An officer's check of an agency's presence in a park (进驻园区): 有牌子、有人员、有办公场所、有服务记录."""

    agency = models.ForeignKey(
        ServiceAgency, verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="presences"
    )
    park = models.ForeignKey(Park, verbose_name=_("园区"), on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(_("园区地区路径"), max_length=64, db_index=True, editable=False)
    has_sign = models.BooleanField(_("有牌子"), default=False)
    staff = models.PositiveIntegerField(_("驻园人员（人）"), default=0)
    has_office = models.BooleanField(_("有办公场所"), default=False)
    service_records = models.PositiveIntegerField(_("服务记录（条）"), default=0)
    checked_on = models.DateField(_("检查日期"))
    checked_by = acting_user(_("检查人"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("入园服务检查")
        verbose_name_plural = _("入园服务检查")
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.park}"

    @property
    def complete(self) -> bool:
        """All four of the checklist: a sign, staff, an office and service records."""
        return self.has_sign and self.staff > 0 and self.has_office and self.service_records > 0


class ServiceOrder(BaseModel):
    """An enterprise's order of a catalogue service; the agency records the delivery and its fee."""

    service = models.ForeignKey(
        AgencyService, verbose_name=_("服务项目"), on_delete=models.PROTECT, related_name="orders"
    )
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("委托单位"), on_delete=models.PROTECT, related_name="service_orders"
    )
    requested_by = acting_user(_("委托人"))
    description = models.TextField(_("需求说明"))
    status = workflow_status(OrderStatus, OrderStatus.REQUESTED)
    version = row_version()
    note = models.TextField(_("受理意见"), blank=True)
    fee = models.DecimalField(_("服务费（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    delivery_note = models.TextField(_("交付说明"), blank=True)
    delivered_on = models.DateField(_("交付日期"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("评价"), blank=True)

    class Meta:
        verbose_name = _("服务委托")
        verbose_name_plural = _("服务委托")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.service} · {self.enterprise}"
