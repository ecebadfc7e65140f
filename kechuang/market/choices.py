"""Choices and workflow tables of the technology market."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Maturity(models.TextChoices):
    LAB = "lab", _("实验室阶段")
    PILOT = "pilot", _("中试阶段")
    INDUSTRIAL = "industrial", _("产业化阶段")


class TransferMode(models.TextChoices):
    TRANSFER = "转让", _("转让")
    LICENSE = "许可", _("许可")
    EQUITY = "作价投资", _("作价投资")
    CO_DEVELOP = "合作开发", _("合作开发")
    SERVICE = "技术服务", _("技术服务")


class AchievementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("已退回")
    EXPIRED = "expired", _("已过期")
    WITHDRAWN = "withdrawn", _("已撤回")


ACHIEVEMENT_TRANSITIONS: dict[str, set[str]] = {
    AchievementStatus.DRAFT: {AchievementStatus.SUBMITTED, AchievementStatus.WITHDRAWN},
    AchievementStatus.SUBMITTED: {AchievementStatus.PUBLISHED, AchievementStatus.REJECTED},
    AchievementStatus.REJECTED: {AchievementStatus.SUBMITTED, AchievementStatus.WITHDRAWN},
    AchievementStatus.PUBLISHED: {AchievementStatus.EXPIRED, AchievementStatus.WITHDRAWN},
    AchievementStatus.EXPIRED: {AchievementStatus.PUBLISHED, AchievementStatus.WITHDRAWN},
    AchievementStatus.WITHDRAWN: set(),
}
ACHIEVEMENT_TERMINAL = {AchievementStatus.WITHDRAWN}


class DemandStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已关闭")


DEMAND_TRANSITIONS: dict[str, set[str]] = {
    DemandStatus.DRAFT: {DemandStatus.OPEN, DemandStatus.CLOSED},
    DemandStatus.OPEN: {DemandStatus.CLOSED},
    DemandStatus.CLOSED: set(),
}
DEMAND_TERMINAL = {DemandStatus.CLOSED}


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("待回复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已拒绝")


# The receiving organization answers a contact once; the thread stays open after an acceptance.
CONTACT_TRANSITIONS: dict[str, set[str]] = {
    ContactStatus.PENDING: {ContactStatus.ACCEPTED, ContactStatus.DECLINED},
    ContactStatus.ACCEPTED: set(),
    ContactStatus.DECLINED: set(),
}
CONTACT_TERMINAL = {ContactStatus.ACCEPTED, ContactStatus.DECLINED}


class ContractType(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    LICENSE = "license", _("技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")


class FeedbackReason(models.TextChoices):
    RELEVANT = "relevant", _("对口有用")
    NOT_RELEVANT = "not_relevant", _("不对口")
    TOO_EARLY = "too_early", _("成熟度太低")
    WRONG_FIELD = "wrong_field", _("领域不符")
    TOO_FAR = "too_far", _("地域太远")
    TOO_EXPENSIVE = "too_expensive", _("价格过高")
    ALREADY_KNOWN = "already_known", _("已经了解")
    OTHER = "other", _("其他")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    PUBLISHED = "published", _("已发布")


# An event is prepared as a draft and published once; items and outcomes are added to it afterwards.
EVENT_TRANSITIONS: dict[str, set[str]] = {
    EventStatus.DRAFT: {EventStatus.PUBLISHED},
    EventStatus.PUBLISHED: set(),
}
EVENT_TERMINAL = {EventStatus.PUBLISHED}


class OutcomeKind(models.TextChoices):
    INTENTION = "intention", _("合作意向")
    AGREEMENT = "agreement", _("签约协议")


class SavedSearchKind(models.TextChoices):
    ACHIEVEMENT = "achievement", _("科技成果")
    DEMAND = "demand", _("技术需求")
