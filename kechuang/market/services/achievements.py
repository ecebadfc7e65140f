"""Achievements (科技成果): drafted by their owner, reviewed by an officer of the owner's region,
published for two years and renewable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.market.choices import AchievementStatus, Maturity, TransferMode
from kechuang.market.models import Achievement
from kechuang.market.services.common import (
    audited,
    clean_list,
    clean_text,
    clean_trl,
    ensure_member,
    industry,
    save,
)
from kechuang.market.services.listings import (
    announce,
    ensure_unique_title,
    listing_create,
    listing_move,
    listing_transition,
    sync,
)
from kechuang.registry.choices import MembershipRole
from kechuang.registry.models import Organization
from kechuang.registry.selectors import membership_list

PUBLICATION_PERIOD = dt.timedelta(days=730)
DUPLICATE_TITLE = gettext_lazy("本单位已有同名成果，请勿重复发布。")


def achievement_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The achievement's fields cleaned from form, API or import input."""
    maturity = data.get("maturity") or ""
    if maturity not in Maturity.values:
        raise ApplicationError(_("请选择成熟度。"), extra={"field": "maturity"})
    modes = clean_list(
        data.get("transfer_modes"), "transfer_modes", _("转化方式"), allowed=set(TransferMode.values)
    )
    if not modes:
        raise ApplicationError(_("请至少选择一种转化方式。"), extra={"field": "transfer_modes"})
    return {
        "title": clean_text(data.get("title"), "title", _("成果名称"), max_length=200, name=True),
        "summary": clean_text(data.get("summary"), "summary", _("成果简介")),
        "keywords": clean_list(data.get("keywords"), "keywords", _("关键词")),
        "inventors": clean_text(
            data.get("inventors"), "inventors", _("完成人"), required=False, max_length=300
        ),
        "field": industry(data.get("field")),
        "maturity": maturity,
        "trl": clean_trl(data.get("trl")),
        "patents": clean_list(data.get("patents"), "patents", _("相关专利")),
        "transfer_modes": modes,
        "price": clean_money(data.get("price"), field="price", label=_("意向价格")),
    }


@transaction.atomic
def achievement_create(
    *, actor: Any, owner: Organization, data: dict[str, Any], source: str = ""
) -> Achievement:
    """A new draft achievement of ``owner``; the same title twice for one owner is refused."""
    ensure_member(actor, owner)
    fields = achievement_fields(data)
    return listing_create(
        Achievement, actor=actor, owner=owner, fields=fields, duplicate=str(DUPLICATE_TITLE), source=source
    )


@transaction.atomic
def achievement_update(*, achievement: Achievement, actor: Any, data: dict[str, Any]) -> Achievement:
    ensure_can(actor, achievement, "change")
    if achievement.status not in {AchievementStatus.DRAFT, AchievementStatus.REJECTED}:
        raise ApplicationError(_("只有草稿或被退回的成果可以修改。"))
    fields = achievement_fields(data)
    ensure_unique_title(
        Achievement,
        owner=achievement.owner,
        title=fields["title"],
        message=str(DUPLICATE_TITLE),
        exclude_pk=achievement.pk,
    )
    with audited(actor=actor, action="market.achievement_update", target=achievement):
        for k, v in fields.items():
            setattr(achievement, k, v)
        save(achievement)
    return achievement


def achievement_transition(*, achievement: Achievement, to: str, actor: Any, note: str = "") -> Achievement:
    """Move the achievement along ``ACHIEVEMENT_TRANSITIONS``; the caller checked the permission."""
    return listing_transition(achievement, to=to, actor=actor, note=note)


@transaction.atomic
def achievement_submit(*, achievement: Achievement, actor: Any) -> Achievement:
    """Send a draft (or a returned achievement) to the officers for review."""
    ensure_can(actor, achievement, "submit")
    return achievement_transition(achievement=achievement, to=AchievementStatus.SUBMITTED, actor=actor)


@transaction.atomic
def achievement_review(*, achievement: Achievement, actor: Any, approve: bool, note: str = "") -> Achievement:
    """An officer of the owner's region publishes the achievement or returns it with a reason."""
    ensure_can(actor, achievement, "review")
    note = clean_text(note, "note", _("审核意见"), required=not approve, max_length=500)
    to = AchievementStatus.PUBLISHED if approve else AchievementStatus.REJECTED
    achievement_transition(achievement=achievement, to=to, actor=actor, note=note)
    achievement.review_note = note
    achievement.reviewed_by = actor
    if approve:
        achievement.published_at = timezone.now()
        achievement.expires_on = timezone.localdate() + PUBLICATION_PERIOD
    achievement.save(update_fields=["review_note", "reviewed_by", "published_at", "expires_on", "updated_at"])
    if approve:
        announce(achievement)
    else:
        sync(achievement)
    title = (
        _("成果已审核发布：%(title)s") if approve else _("成果被退回，请按审核意见修改后重新提交：%(title)s")
    ) % {"title": achievement.title}
    link = reverse("market:achievement_detail", args=[achievement.pk])
    for membership in membership_list(organization=achievement.owner).filter(role=MembershipRole.ADMIN):
        notification_send(
            recipient=membership.user, title=title, body=note, link=link, kind="market.achievement"
        )
    return achievement


@transaction.atomic
def achievement_renew(*, achievement: Achievement, actor: Any) -> Achievement:
    """Extend a published or expired achievement by another publication period."""
    ensure_can(actor, achievement, "renew")
    if achievement.status == AchievementStatus.EXPIRED:
        achievement_transition(
            achievement=achievement, to=AchievementStatus.PUBLISHED, actor=actor, note=_("续期")
        )
    elif achievement.status != AchievementStatus.PUBLISHED:
        raise ApplicationError(_("只有已发布或已过期的成果可以续期。"))
    with audited(actor=actor, action="market.achievement_renew", target=achievement, fields=["expires_on"]):
        achievement.expires_on = timezone.localdate() + PUBLICATION_PERIOD
        achievement.save(update_fields=["expires_on", "updated_at"])
    sync(achievement)
    return achievement


@transaction.atomic
def achievement_withdraw(*, achievement: Achievement, actor: Any) -> Achievement:
    """The owner takes the achievement off the market for good."""
    return listing_move(achievement, actor=actor, action="withdraw", to=AchievementStatus.WITHDRAWN)


def achievements_expire_due(*, today: dt.date | None = None) -> int:
    """Mark published achievements past their date as expired (a daily task)."""
    today = today or timezone.localdate()
    n = 0
    for achievement in Achievement.objects.filter(status=AchievementStatus.PUBLISHED, expires_on__lt=today):
        with transaction.atomic():
            achievement_transition(
                achievement=achievement, to=AchievementStatus.EXPIRED, actor=None, note=_("到期")
            )
            sync(achievement)
        n += 1
    return n
