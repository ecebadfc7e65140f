"""Choices for the quality app: intellectual-property registers, quality credit, complaints."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PatentKind(models.TextChoices):
    """The three kinds of Chinese patent; the CNIPA application number encodes them (digit 5: 1/8, 2/9, 3)."""

    INVENTION = "invention", _("发明")
    UTILITY = "utility", _("实用新型")
    DESIGN = "design", _("外观设计")


class PatentStatus(models.TextChoices):
    PENDING = "pending", _("申请中")
    VALID = "valid", _("有效")
    LAPSED = "lapsed", _("失效")


class PatentDealKind(models.TextChoices):
    TRANSFER = "transfer", _("专利权转让")
    LICENCE = "licence", _("专利实施许可")


class LicenceScope(models.TextChoices):
    EXCLUSIVE = "exclusive", _("独占许可")
    SOLE = "sole", _("排他许可")
    ORDINARY = "ordinary", _("普通许可")


class TrademarkFame(models.TextChoices):
    NONE = "none", _("普通商标")
    FAMOUS = "famous", _("著名商标")
    WELL_KNOWN = "well_known", _("驰名商标")


class StandardLevel(models.TextChoices):
    INTERNATIONAL = "international", _("国际标准")
    NATIONAL = "national", _("国家标准")
    INDUSTRY = "industry", _("行业标准")
    LOCAL = "local", _("地方标准")
    GROUP = "group", _("团体标准")
    ENTERPRISE = "enterprise", _("企业标准")


class StandardRole(models.TextChoices):
    LEAD = "lead", _("主导制定")
    PARTICIPANT = "participant", _("参与制定")


class CreditEventKind(models.TextChoices):
    INSPECTION_PASSED = "inspection_passed", _("抽检合格")
    INSPECTION_FAILED = "inspection_failed", _("抽检不合格")
    RECALL = "recall", _("产品召回")
    PENALTY = "penalty", _("行政处罚")
    MAJOR_PENALTY = "major_penalty", _("重大行政处罚")
    HONOUR = "honour", _("质量荣誉")


class CreditGradeValue(models.TextChoices):
    A = "A", _("A级（守信）")
    B = "B", _("B级（基本守信）")
    C = "C", _("C级（失信风险）")
    D = "D", _("D级（失信）")


class ComplaintCategory(models.TextChoices):
    PRODUCT_QUALITY = "product_quality", _("产品质量")
    SERVICE_QUALITY = "service_quality", _("服务质量")
    COUNTERFEIT = "counterfeit", _("假冒伪劣")
    TRADEMARK = "trademark", _("商标侵权")
    PATENT = "patent", _("专利侵权")
    METROLOGY = "metrology", _("计量")
    OTHER = "other", _("其他")


class EventKind(models.TextChoices):
    IP_WEEK = "ip_week", _("知识产权宣传周")
    SCIENCE_MONTH = "science_month", _("科技活动月")
    QUALITY_MONTH = "quality_month", _("质量月")
    OTHER = "other", _("其他科普活动")


class ComplaintStatus(models.TextChoices):
    LODGED = "lodged", _("已登记")
    ASSIGNED = "assigned", _("已交办")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


COMPLAINT_TRANSITIONS: dict[str, frozenset[str]] = {
    ComplaintStatus.LODGED: frozenset({ComplaintStatus.ASSIGNED}),
    ComplaintStatus.ASSIGNED: frozenset({ComplaintStatus.ANSWERED}),
    ComplaintStatus.ANSWERED: frozenset({ComplaintStatus.CLOSED}),
    ComplaintStatus.CLOSED: frozenset(),
}
COMPLAINT_TERMINAL: frozenset[str] = frozenset({ComplaintStatus.CLOSED})
