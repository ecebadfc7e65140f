"""The technology market (科技大市场): achievements, demands, experts, contact, events, contracts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, exactly_one, user_ref
from kechuang.market.choices import (
    AchievementStatus,
    ContactStatus,
    ContractType,
    DemandStatus,
    EventStatus,
    FeedbackReason,
    Maturity,
    OutcomeKind,
    SavedSearchKind,
)
from kechuang.registry.models import Industry, Organization, Region

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Listing(BaseModel):
    """What achievements and demands share: an organization's offer on the market, found by its
    keywords and field once published."""

    title: str  # each listing names its own title field

    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    field = models.ForeignKey(
        Industry,
        verbose_name=_("所属领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = user_ref(_("创建人"))

    class Meta:
        abstract = True
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Achievement(Listing):
    """A scientific or technological achievement (科技成果) offered for transfer.

    Published only after an officer of the owner's region has reviewed it; a published achievement
    expires on ``expires_on`` and can be renewed.
    """

    owner = models.ForeignKey(
        Organization, verbose_name=_("所有单位"), on_delete=models.PROTECT, related_name="achievements"
    )
    title = models.CharField(_("成果名称"), max_length=200)
    summary = models.TextField(_("成果简介"))
    inventors = models.CharField(_("完成人"), max_length=300, blank=True)
    maturity = models.CharField(_("成熟度"), max_length=12, choices=Maturity.choices)
    trl = models.PositiveSmallIntegerField(
        _("技术就绪度(TRL)"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    patents = models.JSONField(_("相关专利"), default=list, blank=True)
    transfer_modes = models.JSONField(_("转化方式"), default=list)
    price = models.DecimalField(_("意向价格(元)"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=AchievementStatus.choices,
        default=AchievementStatus.DRAFT,
        db_index=True,
    )
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    reviewed_by = user_ref(_("审核人"), blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=120, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta(Listing.Meta):
        verbose_name = _("科技成果")
        verbose_name_plural = _("科技成果")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "title"],
                name="market_achievement_unique_title",
                violation_error_message=_("本单位已有同名成果，请勿重复发布。"),
            ),
        ]


class Demand(Listing):
    """A technical problem or demand (技术需求/难题) posted by an enterprise.

    ``confidential_detail`` is shown only to the owner and to organizations whose contact the owner has
    accepted. ``is_bounty`` marks an open call (揭榜挂帅) with a reward.
    """

    owner = models.ForeignKey(
        Organization, verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="demands"
    )
    title = models.CharField(_("需求名称"), max_length=200)
    problem = models.TextField(_("问题描述"))
    confidential_detail = models.TextField(_("保密内容"), blank=True)
    budget = models.DecimalField(_("预算(元)"), null=True, blank=True, **MONEY)
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    cooperation_modes = models.JSONField(_("合作方式"), default=list, blank=True)
    min_trl = models.PositiveSmallIntegerField(
        _("最低技术就绪度"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    is_bounty = models.BooleanField(_("揭榜挂帅"), default=False)
    bounty_amount = models.DecimalField(_("榜单金额(元)"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("状态"), max_length=10, choices=DemandStatus.choices, default=DemandStatus.DRAFT, db_index=True
    )

    class Meta(Listing.Meta):
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "title"],
                name="market_demand_unique_title",
                violation_error_message=_("本单位已有同名需求，请勿重复发布。"),
            ),
        ]


class SubjectMixin:
    """A row about one achievement or one demand (exactly one of the two is set)."""

    achievement: Achievement | None
    demand: Demand | None

    @property
    def subject(self) -> Achievement | Demand:
        return self.achievement or self.demand  # type: ignore[return-value]


def one_subject(*, name: str, message: Any) -> models.CheckConstraint:
    """The constraint of a :class:`SubjectMixin` row: exactly one of ``achievement`` and ``demand``."""
    return exactly_one("achievement", "demand", name=name, message=message)


class ExpertProfile(BaseModel):
    """Market-side profile of an expert of the shared expert pool (``review.Expert``, 专家库).

    The pool itself lives in the review app (review panels were built first); the market adds research
    directions and a biography so experts can be matched to demands.
    """

    expert = models.OneToOneField(
        "registry.Expert", verbose_name=_("专家"), on_delete=models.CASCADE, related_name="market_profile"
    )
    keywords = models.JSONField(_("研究方向"), default=list, blank=True)
    bio = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("专家市场档案")
        verbose_name_plural = _("专家市场档案")

    def __str__(self) -> str:
        return str(self.expert)


class Contact(SubjectMixin, BaseModel):
    """An expression of interest from one organization in another's achievement or demand."""

    from_org = models.ForeignKey(
        Organization, verbose_name=_("发起单位"), on_delete=models.PROTECT, related_name="contacts_sent"
    )
    from_user = user_ref(_("发起人"))
    to_org = models.ForeignKey(
        Organization, verbose_name=_("接收单位"), on_delete=models.PROTECT, related_name="contacts_received"
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("科技成果"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    demand = models.ForeignKey(
        Demand,
        verbose_name=_("技术需求"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    message = models.TextField(_("留言"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.PENDING, db_index=True
    )
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("对接联系")
        verbose_name_plural = _("对接联系")
        ordering = ["-id"]
        constraints = [
            one_subject(name="market_contact_one_subject", message=_("对接联系必须针对一项成果或一项需求。")),
        ]

    def __str__(self) -> str:
        return f"{self.from_org} → {self.to_org}"


class ContactMessage(BaseModel):
    """One message in a contact's negotiation thread."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("对接联系"), on_delete=models.CASCADE, related_name="messages"
    )
    author = user_ref(_("发送人"))
    body = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("洽谈消息")
        verbose_name_plural = _("洽谈消息")
        ordering = ["id"]


class MatchFeedback(BaseModel):
    """A user's judgement of one suggestion (useful or not, and why); it feeds the ranking."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    source_key = models.CharField(_("匹配来源"), max_length=40)
    target_key = models.CharField(_("推荐对象"), max_length=40)
    useful = models.BooleanField(_("有用"))
    reason = models.CharField(_("原因"), max_length=20, choices=FeedbackReason.choices, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("匹配反馈")
        verbose_name_plural = _("匹配反馈")
        ordering = ["-id"]


class MatchmakingEvent(BaseModel):
    """A matchmaking event (对接活动) where achievements and demands are presented.

    The organizer (an organization) or an officer of the event's region prepares it as a draft, adds the
    items presented and publishes it; organizations then register, and the organizer records outcomes.
    """

    organizer = models.ForeignKey(
        Organization, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="market_events"
    )
    title = models.CharField(_("活动名称"), max_length=200)
    description = models.TextField(_("活动简介"), blank=True)
    region = models.ForeignKey(Region, verbose_name=_("举办地区"), on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("地点"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = user_ref(_("创建人"))

    class Meta:
        verbose_name = _("对接活动")
        verbose_name_plural = _("对接活动")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class EventItem(SubjectMixin, BaseModel):
    """An achievement or demand presented at an event."""

    event = models.ForeignKey(
        MatchmakingEvent, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="items"
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("科技成果"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    demand = models.ForeignKey(
        Demand, verbose_name=_("技术需求"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("路演项目")
        verbose_name_plural = _("路演项目")
        ordering = ["id"]
        constraints = [
            one_subject(
                name="market_event_item_one_subject", message=_("路演项目必须是一项成果或一项需求。")
            ),
            models.UniqueConstraint(
                fields=["event", "achievement"],
                name="market_event_item_unique_achievement",
                violation_error_message=_("该项目已在本活动中。"),
            ),
            models.UniqueConstraint(
                fields=["event", "demand"],
                name="market_event_item_unique_demand",
                violation_error_message=_("该项目已在本活动中。"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.subject)


class EventRegistration(BaseModel):
    """An organization registered for an event."""

    event = models.ForeignKey(
        MatchmakingEvent, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="registrations"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("报名单位"), on_delete=models.CASCADE, related_name="+"
    )
    user = user_ref(_("报名人"))

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                name="market_registration_unique",
                violation_error_message=_("该单位已报名此活动。"),
            ),
        ]


class EventOutcome(BaseModel):
    """An outcome of an event: a cooperation intention or a signed agreement.

    It links the two parties (the side offering the technology and the side taking it) and, usually, the
    item presented. A signed agreement can be registered as a technology contract (``contract``), once.
    """

    event = models.ForeignKey(
        MatchmakingEvent, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("成果类型"), max_length=10, choices=OutcomeKind.choices)
    item = models.ForeignKey(
        EventItem,
        verbose_name=_("路演项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
    )
    seller = models.ForeignKey(
        Organization,
        verbose_name=_("卖方（技术供给方）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    buyer = models.ForeignKey(
        Organization,
        verbose_name=_("买方（技术需求方）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parties = models.CharField(_("参与方"), max_length=300)
    amount = models.DecimalField(_("金额(元)"), null=True, blank=True, **MONEY)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    contract = models.OneToOneField(
        "TechContract",
        verbose_name=_("技术合同"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_outcome",
    )
    recorded_by = user_ref(_("记录人"))

    class Meta:
        verbose_name = _("活动成效")
        verbose_name_plural = _("活动成效")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(seller=models.F("buyer")),
                name="market_outcome_distinct_parties",
                violation_error_message=_("买方和卖方不能是同一单位。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.parties}"


class TechContract(BaseModel):
    """A registered technology contract (技术合同登记)."""

    registration_no = models.CharField(_("登记编号"), max_length=40, unique=True)
    contract_type = models.CharField(
        _("合同类型"), max_length=12, choices=ContractType.choices, db_index=True
    )
    title = models.CharField(_("合同名称"), max_length=200)
    seller = models.ForeignKey(
        Organization, verbose_name=_("卖方"), on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.ForeignKey(
        Organization, verbose_name=_("买方"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("合同金额(元)"), **MONEY)
    tech_amount = models.DecimalField(_("技术交易额(元)"), **MONEY)
    signed_on = models.DateField(_("签订日期"))
    region = models.ForeignKey(Region, verbose_name=_("登记地区"), on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    field = models.ForeignKey(
        Industry,
        verbose_name=_("技术领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("科技成果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_by = user_ref(_("登记人"))

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tech_amount__lte=models.F("amount")),
                name="market_contract_tech_amount_le_amount",
                violation_error_message=_("技术交易额不能大于合同金额。"),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="market_contract_amount_positive",
                violation_error_message=_("合同金额必须大于零。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SavedSearch(BaseModel):
    """A user's saved search; the user is notified when a newly published item matches it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("检索对象"), max_length=12, choices=SavedSearchKind.choices)
    query = models.CharField(_("检索词"), max_length=300)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    last_notified_at = models.DateTimeField(_("最近通知时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("保存的检索")
        verbose_name_plural = _("保存的检索")
        ordering = ["-id"]
