"""Enumerations and the claim workflow of the policies app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentLevel(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")
    DEPARTMENT = "department", _("部门")


class DocumentSource(models.TextChoices):
    SEED = "seed", _("原始文件")
    LAW = "law", _("法律法规库")
    MANUAL = "manual", _("人工录入")


class BenefitType(models.TextChoices):
    SUBSIDY = "subsidy", _("资金补助")
    TAX_RELIEF = "tax_relief", _("税收优惠")
    AWARD = "award", _("奖励")
    RECOGNITION = "recognition", _("资格认定")
    VOUCHER = "voucher", _("创新券")
    LOAN_INTEREST = "loan_interest", _("贷款贴息")
    SERVICE = "service", _("服务支持")
    OTHER = "other", _("其他")


class MeasureMode(models.TextChoices):
    APPLY = "apply", _("依申请")
    AUTOMATIC = "automatic", _("免申即享")


class MeasureStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停止")


class ClaimOrigin(models.TextChoices):
    APPLY = "apply", _("企业申请")
    AUTOMATIC = "automatic", _("免申即享自动生成")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回补充")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("未通过")
    DISBURSED = "disbursed", _("已兑现")
    WITHDRAWN = "withdrawn", _("已撤回")


TRANSITIONS: dict[str, set[str]] = {
    ClaimStatus.DRAFT: {ClaimStatus.SUBMITTED, ClaimStatus.WITHDRAWN},
    ClaimStatus.SUBMITTED: {ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.RETURNED},
    ClaimStatus.RETURNED: {ClaimStatus.SUBMITTED, ClaimStatus.WITHDRAWN},
    ClaimStatus.APPROVED: {ClaimStatus.DISBURSED},
    ClaimStatus.REJECTED: set(),
    ClaimStatus.DISBURSED: set(),
    ClaimStatus.WITHDRAWN: set(),
}
TERMINAL = {ClaimStatus.REJECTED, ClaimStatus.DISBURSED, ClaimStatus.WITHDRAWN}
OPEN = {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.RETURNED, ClaimStatus.APPROVED}
# moves made by the enterprise; every other move is the officer's
APPLICANT_MOVES = {ClaimStatus.SUBMITTED, ClaimStatus.WITHDRAWN}
