"""The registry (主体库), the directory every other app builds on.

Places and things: regions, industries, departments, organizations, designations, yearly figures, parks.
People in them: memberships of organizations, officer appointments, invitations, and the expert pool
(专家库) with declared conflicts and past co-operations. Accounts themselves (``accounts.User``) only sign in.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.registry.choices import (
    DepartmentKind,
    DesignationKind,
    IndustryLevel,
    MembershipRole,
    OrganizationKind,
    ParkKind,
    ParkLevel,
    RegionLevel,
    SizeClass,
    VerificationStatus,
)


class Region(models.Model):
    """An administrative division by its GB/T 2260 code (民政部 县级以上行政区划代码).

    ``path`` lists the codes from the province down to this region (``420000/420100/420102/``), so a
    subtree is one indexed ``startswith`` query.
    """

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("级别"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("层级路径"), max_length=40, db_index=True)
    full_name = models.CharField(_("全称"), max_length=120, blank=True)
    pinyin_initials = models.CharField(_("拼音首字母"), max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.full_name or self.name

    def is_within(self, other: Region) -> bool:
        """True when this region is ``other`` or lies inside it."""
        return self.path.startswith(other.path)


class Industry(models.Model):
    """A class of 国民经济行业分类 (GB/T 4754-2017): section letter, division, group or class code."""

    code = models.CharField(_("行业代码"), max_length=5, primary_key=True)
    code_with_section = models.CharField(_("带门类代码"), max_length=6, db_index=True)
    name = models.CharField(_("名称"), max_length=120)
    level = models.CharField(_("层级"), max_length=10, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("层级路径"), max_length=40, db_index=True)
    description = models.TextField(_("说明"), blank=True)
    pinyin_initials = models.CharField(_("拼音首字母"), max_length=60, blank=True, db_index=True)

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code_with_section"]

    def __str__(self) -> str:
        return f"{self.code_with_section} {self.name}"


class Organization(BaseModel):
    """A legal person that takes part in the innovation system, identified by its 统一社会信用代码.

    Self-registered organizations start ``pending`` and must be verified by an officer of their region
    before they may apply for recognitions, programs or policy benefits.
    """

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    kind = models.CharField(_("主体类型"), max_length=20, choices=OrganizationKind.choices, db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("所属行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    size = models.CharField(_("企业规模"), max_length=10, choices=SizeClass.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（元）"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    website = models.URLField(_("网站"), blank=True)
    description = models.TextField(_("简介"), blank=True)
    verification_status = models.CharField(
        _("核验状态"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    verified_by = user_ref(_("核验人"), blank=True)
    verification_note = models.CharField(_("核验意见"), max_length=255, blank=True)
    search_text = models.CharField(_("检索文本"), max_length=255, blank=True, editable=False)
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)

    class Meta:
        verbose_name = _("主体")
        verbose_name_plural = _("主体")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["kind", "region_path"], name="org_kind_region_idx"),
            models.Index(fields=["industry"], name="org_industry_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class Designation(BaseModel):
    """A status an organization holds for a period: 高新技术企业 with certificate number, 科技型中小企业…"""

    organization = models.ForeignKey(
        Organization, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="designations"
    )
    kind = models.CharField(_("资质类型"), max_length=20, choices=DesignationKind.choices, db_index=True)
    certificate_no = models.CharField(_("证书编号"), max_length=60, blank=True)
    issuer = models.CharField(_("认定机关"), max_length=120, blank=True)
    valid_from = models.DateField(_("有效期起"))
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)

    class Meta:
        verbose_name = _("资质认定")
        verbose_name_plural = _("资质认定")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="designation_valid_range",
                violation_error_message=_("有效期止不能早于有效期起。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()}"


def money_field(verbose: str) -> models.DecimalField:
    """A yearly figure in 元: optional (NULL = not reported), non-negative, at most 10¹⁵."""
    return models.DecimalField(
        verbose,
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1e15"))],
    )


def count_field(verbose: str) -> models.PositiveIntegerField:
    """A yearly count (people, patents…): optional (NULL = not reported), at most ten million."""
    return models.PositiveIntegerField(
        verbose, null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )


class YearlyStatistics(BaseModel):
    """An organization's figures for one year (money in 元). A missing figure is NULL, not zero."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="statistics"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    revenue = money_field(_("营业收入（元）"))
    total_output = money_field(_("工业总产值（元）"))
    rd_expenditure = money_field(_("研发费用（元）"))
    domestic_rd_expenditure = money_field(_("境内研发费用（元）"))
    new_product_output = money_field(_("新产品产值（元）"))
    exports = money_field(_("出口额（元）"))
    profit = money_field(_("利润总额（元）"))
    tax_paid = money_field(_("纳税总额（元）"))
    employees = count_field(_("从业人员（人）"))
    rd_staff = count_field(_("研发人员（人）"))
    valid_invention_patents = count_field(_("有效发明专利（件）"))
    patent_applications = count_field(_("专利申请（件）"))

    FIGURES = (
        "revenue",
        "total_output",
        "rd_expenditure",
        "domestic_rd_expenditure",
        "new_product_output",
        "exports",
        "profit",
        "tax_paid",
        "employees",
        "rd_staff",
        "valid_invention_patents",
        "patent_applications",
    )

    class Meta:
        verbose_name = _("年度统计")
        verbose_name_plural = _("年度统计")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="stats_unique_org_year",
                violation_error_message=_("该主体该年度的统计数据已存在。"),
            ),
            models.CheckConstraint(
                condition=models.Q(rd_staff__isnull=True)
                | models.Q(employees__isnull=True)
                | models.Q(rd_staff__lte=models.F("employees")),
                name="stats_rd_staff_le_employees",
                violation_error_message=_("研发人员数不能超过从业人员数。"),
            ),
            models.CheckConstraint(
                condition=models.Q(domestic_rd_expenditure__isnull=True)
                | models.Q(rd_expenditure__isnull=True)
                | models.Q(domestic_rd_expenditure__lte=models.F("rd_expenditure")),
                name="stats_domestic_rd_le_rd",
                violation_error_message=_("境内研发费用不能超过研发费用总额。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class Department(BaseModel):
    """A government department of one region (e.g. 长春市科学技术局) that officers serve in."""

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("部门类型"), max_length=30, choices=DepartmentKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("所属地区"), on_delete=models.PROTECT, related_name="+")
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("对应主体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="department",
    )
    is_active = models.BooleanField(
        _("在用"), default=True, help_text=_("撤并的部门保留记录，不再任命工作人员。")
    )

    class Meta:
        verbose_name = _("政府部门")
        verbose_name_plural = _("政府部门")
        ordering = ["region_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind"],
                name="department_unique_region_kind",
                violation_error_message=_("该地区已有同类部门。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Park(BaseModel):
    """An industrial or science park (科技入园) and the organizations located in it."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    level = models.CharField(_("级别"), max_length=12, choices=ParkLevel.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=ParkKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(
        Organization,
        verbose_name=_("运营机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operated_parks",
    )
    established_on = models.DateField(_("设立日期"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("面积（平方公里）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    description = models.TextField(_("简介"), blank=True)
    members = models.ManyToManyField(
        Organization, verbose_name=_("入园主体"), through="ParkMembership", related_name="parks"
    )

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ParkMembership(BaseModel):
    """An organization located in a park since a date."""

    park = models.ForeignKey(
        Park, verbose_name=_("园区"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="park_memberships"
    )
    entered_on = models.DateField(_("入园日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("入园记录")
        verbose_name_plural = _("入园记录")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "organization"],
                name="park_membership_unique",
                violation_error_message=_("该主体已在此园区。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.park}"


# ---------------------------------------------------------------------------------------------------------
# People in the directory: members of organizations, officers of departments, the expert pool


class Membership(BaseModel):
    """A user acting for an organization, as its administrator or as a member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="memberships"
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
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="officer_assignments",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="officers"
    )
    region = models.ForeignKey(Region, verbose_name=_("管辖地区"), on_delete=models.PROTECT, related_name="+")
    is_department_admin = models.BooleanField(
        _("部门管理员"), default=False, help_text=_("可任免本部门的工作人员。")
    )
    ended_on = models.DateField(_("免职日期"), null=True, blank=True)

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
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("邮箱"))
    role = models.CharField(
        _("角色"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token = models.CharField(_("邀请码"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("邀请人"), on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField(_("过期时间"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = user_ref(_("接受人"), blank=True)

    class Meta:
        verbose_name = _("成员邀请")
        verbose_name_plural = _("成员邀请")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class Expert(BaseModel):
    """A person in the expert pool (专家库), usually with a user account to review online.

    A user is a review expert exactly when they have an active entry here (``is_active``); nothing else
    stores it. ``fields`` lists GB/T 4754 industry codes (any level) the expert is competent in; review
    assignment prefers experts whose fields share a prefix with the applicant's industry.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    name = models.CharField(_("姓名"), max_length=60)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("职称"), max_length=60, blank=True)
    fields = models.JSONField(_("专业领域（行业代码）"), default=list, blank=True)
    max_load = models.PositiveIntegerField(
        _("每批最多评审数"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ExpertConflict(BaseModel):
    """A conflict of interest the expert declared with an organization (回避声明)."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="conflicts"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("回避单位"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "organization"],
                name="expert_conflict_unique",
                violation_error_message=_("已声明过与该单位的回避关系。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} ⟂ {self.organization}"


class ExpertCooperation(BaseModel):
    """A past co-operation (joint project, contract, paper) of an expert with an organization."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="cooperations"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("合作单位"), on_delete=models.CASCADE, related_name="+"
    )
    occurred_on = models.DateField(_("合作日期"))
    description = models.CharField(_("合作内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("合作记录")
        verbose_name_plural = _("合作记录")
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.expert} ~ {self.organization} {self.occurred_on}"


# The integrity list lives in its own module (one subject, one file); importing it here registers the model.
from kechuang.registry.models_integrity import IntegrityRecord  # noqa: E402, F401
