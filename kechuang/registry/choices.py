"""Enumerations of the registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("门类")
    DIVISION = "division", _("大类")
    GROUP = "group", _("中类")
    CLASS = "class", _("小类")


class OrganizationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高等院校")
    INSTITUTE = "institute", _("科研院所")
    INTERMEDIARY = "intermediary", _("中介服务机构")
    PARK_OPERATOR = "park_operator", _("园区运营机构")
    GOVERNMENT = "government", _("政府部门")


class SizeClass(models.TextChoices):
    """Enterprise size per 统计上大中小微型企业划分办法(2017)."""

    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("待核验")
    VERIFIED = "verified", _("已核验")
    REJECTED = "rejected", _("未通过核验")


class DesignationKind(models.TextChoices):
    HIGH_TECH = "high_tech", _("高新技术企业")
    TECH_SME = "tech_sme", _("科技型中小企业")
    SRDI_SME = "srdi_sme", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")
    GAZELLE = "gazelle", _("瞪羚企业")
    IP_ADVANTAGE = "ip_advantage", _("知识产权优势企业")
    IP_DEMONSTRATION = "ip_demonstration", _("知识产权示范企业")
    INNOVATION_PILOT = "innovation_pilot", _("创新型试点企业")
    FAMOUS_BRAND = "famous_brand", _("名牌产品企业")
    FAMOUS_TRADEMARK = "famous_trademark", _("著名商标企业")
    QUALITY_AWARD = "quality_award", _("质量奖获奖单位")
    SCIENCE_AWARD = "science_award", _("科学技术奖获奖单位")


class DepartmentKind(models.TextChoices):
    SCIENCE = "science", _("科学技术局")
    INDUSTRY_IT = "industry_it", _("工业和信息化局")
    DEVELOPMENT_REFORM = "development_reform", _("发展和改革委员会")
    QUALITY = "quality", _("质量技术监督局")
    MARKET_REGULATION = "market_regulation", _("市场监督管理局")
    COMMERCE_INDUSTRY = "commerce_industry", _("工商行政管理局")
    FINANCE = "finance", _("财政局")
    EDUCATION = "education", _("教育局")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("知识产权局")
    TAX = "tax", _("税务局")
    OTHER = "other", _("其他部门")


class ParkLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class ParkKind(models.TextChoices):
    HIGH_TECH_ZONE = "high_tech_zone", _("高新技术产业开发区")
    ECONOMIC_ZONE = "economic_zone", _("经济技术开发区")
    SCIENCE_PARK = "science_park", _("科技园")
    INDUSTRIAL_PARK = "industrial_park", _("工业园区")
    AGRI_PARK = "agri_park", _("农业科技园区")


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("机构管理员")
    MEMBER = "member", _("机构成员")


class IntegrityKind(models.TextChoices):
    """Lists an organization can be put on for breaching trust (失信), each barring it from applying."""

    RESEARCH = "research", _("科研失信行为")
    QUALITY_CREDIT = "quality_credit", _("质量信用D级（失信）")
    SERIOUS = "serious", _("严重违法失信")
