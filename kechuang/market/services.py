"""Every write of the technology market: keyword-only, in a transaction, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import JobRun
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.market import search
from kechuang.market.choices import (
    ACHIEVEMENT_TRANSITIONS,
    DEMAND_TRANSITIONS,
    AchievementStatus,
    ContactStatus,
    ContractType,
    DemandStatus,
    EventStatus,
    FeedbackReason,
    Maturity,
    OutcomeKind,
    SavedSearchKind,
    TransferMode,
)
from kechuang.market.models import (
    Achievement,
    Contact,
    ContactMessage,
    Demand,
    EventItem,
    EventOutcome,
    EventRegistration,
    ExpertProfile,
    MatchFeedback,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from kechuang.matching import MatchingError
from kechuang.registry.models import Industry, Organization, Region
from kechuang.registry.selectors import user_is_officer, user_officer_roles, user_organization_ids

PUBLICATION_PERIOD = dt.timedelta(days=730)
MAX_TEXT = 20_000


# ---------------------------------------------------------------------------------------------------------
# helpers


def _validation_error(exc: ValidationError) -> ApplicationError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        message = errors[0].messages[0]
        return ApplicationError(message, extra={"field": field if field != "__all__" else None})
    return ApplicationError(exc.messages[0])


def _save(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise _validation_error(exc) from exc
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a concurrent duplicate slipped past full_clean
        raise ApplicationError(_("保存失败：记录重复或不完整。")) from exc


def _clean_text(
    value: Any, field: str, label: str, *, required: bool = True, max_length: int = MAX_TEXT
) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
    if required and not text:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, extra={"field": field})
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s不能超过%(n)s个字。") % {"label": label, "n": max_length}, extra={"field": field}
        )
    return text


def _clean_list(value: Any, field: str, label: str, *, allowed: set[str] | None = None) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").replace("；", ",").replace(";", ",").split(",")]
    if not isinstance(value, list | tuple):
        raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
    out = []
    for v in value:
        if not isinstance(v, str):
            raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
        v = v.strip()
        if not v:
            continue
        if allowed is not None and v not in allowed:
            raise ApplicationError(
                _("%(label)s中的“%(v)s”无效。") % {"label": label, "v": v}, extra={"field": field}
            )
        if v not in out:
            out.append(v)
    return out[:30]


def _clean_money(value: Any, field: str, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except Exception as exc:
        raise ApplicationError(_("%(label)s必须是数字。") % {"label": label}, extra={"field": field}) from exc
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e16"):
        raise ApplicationError(_("%(label)s必须是非负数。") % {"label": label}, extra={"field": field})
    return amount.quantize(Decimal("0.01"))


def _clean_trl(value: Any, field: str = "trl", *, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ApplicationError(_("请填写技术就绪度(TRL)。"), extra={"field": field})
        return None
    try:
        trl = int(value)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("技术就绪度必须是1到9的整数。"), extra={"field": field}) from exc
    if not 1 <= trl <= 9:
        raise ApplicationError(_("技术就绪度必须是1到9的整数。"), extra={"field": field})
    return trl


def _industry(code: Any) -> Industry | None:
    if code in (None, ""):
        return None
    if isinstance(code, Industry):
        return code
    found = (
        Industry.objects.filter(code=str(code)).first()
        or Industry.objects.filter(code_with_section=str(code)).first()
    )
    if found is None:
        raise ApplicationError(_("行业代码“%(code)s”不存在。") % {"code": code}, extra={"field": "field"})
    return found


def _ensure_member(actor: Any, org: Organization) -> None:
    if not (user_is_platform_admin(actor) or org.pk in user_organization_ids(actor)):
        raise ApplicationError(_("您无权执行此操作。"))


# ---------------------------------------------------------------------------------------------------------
# achievements


def _achievement_fields(data: dict[str, Any]) -> dict[str, Any]:
    maturity = data.get("maturity") or ""
    if maturity not in Maturity.values:
        raise ApplicationError(_("请选择成熟度。"), extra={"field": "maturity"})
    modes = _clean_list(
        data.get("transfer_modes"), "transfer_modes", _("转化方式"), allowed=set(TransferMode.values)
    )
    if not modes:
        raise ApplicationError(_("请至少选择一种转化方式。"), extra={"field": "transfer_modes"})
    return {
        "title": _clean_text(data.get("title"), "title", _("成果名称"), max_length=200),
        "summary": _clean_text(data.get("summary"), "summary", _("成果简介")),
        "keywords": _clean_list(data.get("keywords"), "keywords", _("关键词")),
        "inventors": _clean_text(
            data.get("inventors"), "inventors", _("完成人"), required=False, max_length=300
        ),
        "field": _industry(data.get("field")),
        "maturity": maturity,
        "trl": _clean_trl(data.get("trl")),
        "patents": _clean_list(data.get("patents"), "patents", _("相关专利")),
        "transfer_modes": modes,
        "price": _clean_money(data.get("price"), "price", _("意向价格")),
    }


@transaction.atomic
def achievement_create(
    *, actor: Any, owner: Organization, data: dict[str, Any], source: str = ""
) -> Achievement:
    """A new draft achievement of ``owner``; the same title twice for one owner is refused."""
    _ensure_member(actor, owner)
    fields = _achievement_fields(data)
    if Achievement.objects.filter(owner=owner, title=fields["title"]).exists():
        raise ApplicationError(_("本单位已有同名成果，请勿重复发布。"), extra={"field": "title"})
    achievement = Achievement(
        owner=owner, created_by=actor if getattr(actor, "pk", None) else None, source=source, **fields
    )
    _save(achievement)
    audit_log(
        actor=actor, action="market.achievement_create", target=achievement, after=snapshot(achievement)
    )
    return achievement


@transaction.atomic
def achievement_update(*, achievement: Achievement, actor: Any, data: dict[str, Any]) -> Achievement:
    ensure_can(actor, achievement, "change")
    if achievement.status not in {AchievementStatus.DRAFT, AchievementStatus.REJECTED}:
        raise ApplicationError(_("只有草稿或被退回的成果可以修改。"))
    before = snapshot(achievement)
    fields = _achievement_fields(data)
    if (
        Achievement.objects.filter(owner=achievement.owner, title=fields["title"])
        .exclude(pk=achievement.pk)
        .exists()
    ):
        raise ApplicationError(_("本单位已有同名成果，请勿重复发布。"), extra={"field": "title"})
    for k, v in fields.items():
        setattr(achievement, k, v)
    _save(achievement)
    audit_log(
        actor=actor,
        action="market.achievement_update",
        target=achievement,
        before=before,
        after=snapshot(achievement),
    )
    return achievement


@transaction.atomic
def achievement_submit(*, achievement: Achievement, actor: Any) -> Achievement:
    """Send a draft (or a returned achievement) to the officers for review."""
    ensure_can(actor, achievement, "submit")
    transition(
        obj=achievement, to=AchievementStatus.SUBMITTED, actor=actor, transitions=ACHIEVEMENT_TRANSITIONS
    )
    return achievement


@transaction.atomic
def achievement_review(*, achievement: Achievement, actor: Any, approve: bool, note: str = "") -> Achievement:
    """An officer of the owner's region publishes the achievement or returns it with a reason."""
    ensure_can(actor, achievement, "review")
    note = _clean_text(note, "note", _("审核意见"), required=not approve, max_length=500)
    to = AchievementStatus.PUBLISHED if approve else AchievementStatus.REJECTED
    transition(obj=achievement, to=to, actor=actor, transitions=ACHIEVEMENT_TRANSITIONS, note=note)
    achievement.review_note = note
    achievement.reviewed_by = actor
    if approve:
        achievement.published_at = timezone.now()
        achievement.expires_on = timezone.localdate() + PUBLICATION_PERIOD
    achievement.save(update_fields=["review_note", "reviewed_by", "published_at", "expires_on", "updated_at"])
    search.sync_achievement(achievement)
    if approve:
        transaction.on_commit(
            lambda: saved_searches_notify(kind=SavedSearchKind.ACHIEVEMENT, obj=achievement)
        )
    return achievement


@transaction.atomic
def achievement_renew(*, achievement: Achievement, actor: Any) -> Achievement:
    """Extend a published or expired achievement by another publication period."""
    ensure_can(actor, achievement, "renew")
    if achievement.status == AchievementStatus.EXPIRED:
        transition(
            obj=achievement,
            to=AchievementStatus.PUBLISHED,
            actor=actor,
            transitions=ACHIEVEMENT_TRANSITIONS,
            note=_("续期"),
        )
    elif achievement.status != AchievementStatus.PUBLISHED:
        raise ApplicationError(_("只有已发布或已过期的成果可以续期。"))
    before = snapshot(achievement, ["expires_on"])
    achievement.expires_on = timezone.localdate() + PUBLICATION_PERIOD
    achievement.save(update_fields=["expires_on", "updated_at"])
    audit_log(
        actor=actor,
        action="market.achievement_renew",
        target=achievement,
        before=before,
        after=snapshot(achievement, ["expires_on"]),
    )
    search.sync_achievement(achievement)
    return achievement


@transaction.atomic
def achievement_withdraw(*, achievement: Achievement, actor: Any) -> Achievement:
    ensure_can(actor, achievement, "withdraw")
    transition(
        obj=achievement, to=AchievementStatus.WITHDRAWN, actor=actor, transitions=ACHIEVEMENT_TRANSITIONS
    )
    search.sync_achievement(achievement)
    return achievement


def achievements_expire_due(*, today: dt.date | None = None) -> int:
    """Mark published achievements past their date as expired (a daily task)."""
    today = today or timezone.localdate()
    n = 0
    for achievement in Achievement.objects.filter(status=AchievementStatus.PUBLISHED, expires_on__lt=today):
        with transaction.atomic():
            transition(
                obj=achievement,
                to=AchievementStatus.EXPIRED,
                actor=None,
                transitions=ACHIEVEMENT_TRANSITIONS,
                note=_("到期"),
            )
            search.sync_achievement(achievement)
        n += 1
    return n


# ---------------------------------------------------------------------------------------------------------
# demands


def _demand_fields(data: dict[str, Any]) -> dict[str, Any]:
    deadline = data.get("deadline") or None
    if isinstance(deadline, str):
        try:
            deadline = dt.date.fromisoformat(deadline)
        except ValueError as exc:
            raise ApplicationError(_("截止日期格式不正确。"), extra={"field": "deadline"}) from exc
    is_bounty = bool(data.get("is_bounty"))
    bounty = _clean_money(data.get("bounty_amount"), "bounty_amount", _("榜单金额"))
    if is_bounty and not bounty:
        raise ApplicationError(_("揭榜挂帅需求必须填写榜单金额。"), extra={"field": "bounty_amount"})
    return {
        "title": _clean_text(data.get("title"), "title", _("需求名称"), max_length=200),
        "problem": _clean_text(data.get("problem"), "problem", _("问题描述")),
        "confidential_detail": _clean_text(
            data.get("confidential_detail"), "confidential_detail", _("保密内容"), required=False
        ),
        "keywords": _clean_list(data.get("keywords"), "keywords", _("关键词")),
        "field": _industry(data.get("field")),
        "budget": _clean_money(data.get("budget"), "budget", _("预算")),
        "deadline": deadline,
        "cooperation_modes": _clean_list(
            data.get("cooperation_modes"),
            "cooperation_modes",
            _("合作方式"),
            allowed=set(TransferMode.values),
        ),
        "min_trl": _clean_trl(data.get("min_trl"), "min_trl", required=False),
        "is_bounty": is_bounty,
        "bounty_amount": bounty if is_bounty else None,
    }


@transaction.atomic
def demand_create(*, actor: Any, owner: Organization, data: dict[str, Any], publish: bool = False) -> Demand:
    """A new demand of ``owner`` (draft, or published at once)."""
    _ensure_member(actor, owner)
    fields = _demand_fields(data)
    if fields["deadline"] and fields["deadline"] < timezone.localdate():
        raise ApplicationError(_("截止日期不能早于今天。"), extra={"field": "deadline"})
    if Demand.objects.filter(owner=owner, title=fields["title"]).exists():
        raise ApplicationError(_("本单位已有同名需求，请勿重复发布。"), extra={"field": "title"})
    demand = Demand(owner=owner, created_by=actor if getattr(actor, "pk", None) else None, **fields)
    _save(demand)
    audit_log(actor=actor, action="market.demand_create", target=demand, after=snapshot(demand))
    if publish:
        demand_publish(demand=demand, actor=actor)
    return demand


@transaction.atomic
def demand_publish(*, demand: Demand, actor: Any) -> Demand:
    ensure_can(actor, demand, "publish")
    transition(obj=demand, to=DemandStatus.OPEN, actor=actor, transitions=DEMAND_TRANSITIONS)
    demand.published_at = timezone.now()
    demand.save(update_fields=["published_at", "updated_at"])
    search.sync_demand(demand)
    transaction.on_commit(lambda: saved_searches_notify(kind=SavedSearchKind.DEMAND, obj=demand))
    return demand


@transaction.atomic
def demand_close(*, demand: Demand, actor: Any) -> Demand:
    ensure_can(actor, demand, "close")
    transition(obj=demand, to=DemandStatus.CLOSED, actor=actor, transitions=DEMAND_TRANSITIONS)
    search.sync_demand(demand)
    return demand


# ---------------------------------------------------------------------------------------------------------
# experts (the pool is review.Expert; the market keeps research directions)


@transaction.atomic
def expert_profile_set(*, expert: Any, actor: Any, keywords: Any, bio: str = "") -> ExpertProfile:
    if not (
        user_is_platform_admin(actor)
        or user_is_officer(actor)
        or expert.user_id == getattr(actor, "pk", None)
    ):
        raise ApplicationError(_("您无权执行此操作。"))
    profile, _created = ExpertProfile.objects.get_or_create(expert=expert)
    before = snapshot(profile)
    profile.keywords = _clean_list(keywords, "keywords", _("研究方向"))
    profile.bio = _clean_text(bio, "bio", _("简介"), required=False)
    _save(profile)
    audit_log(
        actor=actor,
        action="market.expert_profile_set",
        target=profile,
        before=before,
        after=snapshot(profile),
    )
    search.sync_expert(expert)
    return profile


# ---------------------------------------------------------------------------------------------------------
# contact and negotiation


@transaction.atomic
def contact_create(
    *,
    actor: Any,
    from_org: Organization,
    message: str,
    achievement: Achievement | None = None,
    demand: Demand | None = None,
) -> Contact:
    """Express interest in a published achievement or an open demand of another organization."""
    _ensure_member(actor, from_org)
    if (achievement is None) == (demand is None):
        raise ApplicationError(_("对接联系必须针对一项成果或一项需求。"))
    subject: Achievement | Demand = achievement if achievement is not None else demand  # type: ignore[assignment]
    ensure_can(actor, subject, "contact")
    if subject.owner_id == from_org.pk:  # type: ignore[union-attr]
        raise ApplicationError(_("不能联系本单位发布的内容。"))
    message = _clean_text(message, "message", _("留言"), max_length=2000)
    existing = Contact.objects.filter(from_org=from_org, achievement=achievement, demand=demand).exclude(
        status=ContactStatus.DECLINED
    )
    if existing.exists():
        raise ApplicationError(_("您已就此发起过对接，请在原对接中继续沟通。"))
    contact = Contact(
        from_org=from_org,
        from_user=actor,
        to_org=subject.owner,
        achievement=achievement,
        demand=demand,
        message=message,
    )
    _save(contact)
    audit_log(actor=actor, action="market.contact_create", target=contact, after=snapshot(contact))
    for member in subject.owner.memberships.select_related("user"):  # type: ignore[union-attr]
        notification_send(
            recipient=member.user,
            title=_("%(org)s希望对接“%(title)s”") % {"org": from_org.name, "title": subject.title},  # type: ignore[union-attr]
            link=f"/market/contacts/{contact.pk}/",
            kind="market.contact",
        )
    return contact


@transaction.atomic
def contact_respond(*, contact: Contact, actor: Any, accept: bool) -> Contact:
    """The owner accepts (which reveals a demand's confidential part) or declines a contact."""
    ensure_can(actor, contact, "respond")
    if contact.status != ContactStatus.PENDING:
        raise ApplicationError(_("该对接已经回复过。"))
    before = snapshot(contact, ["status"])
    contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
    contact.responded_at = timezone.now()
    _save(contact)
    audit_log(
        actor=actor,
        action="market.contact_accept" if accept else "market.contact_decline",
        target=contact,
        before=before,
        after=snapshot(contact, ["status"]),
    )
    if contact.from_user_id:
        notification_send(
            recipient=contact.from_user,
            title=(_("对方已接受您的对接请求") if accept else _("对方已拒绝您的对接请求")),
            link=f"/market/contacts/{contact.pk}/",
            kind="market.contact",
        )
    return contact


@transaction.atomic
def contact_message_post(*, contact: Contact, actor: Any, body: str) -> ContactMessage:
    ensure_can(actor, contact, "message")
    if contact.status == ContactStatus.DECLINED:
        raise ApplicationError(_("对接已被拒绝，不能继续发送消息。"))
    body = _clean_text(body, "body", _("消息内容"), max_length=5000)
    msg = ContactMessage(contact=contact, author=actor, body=body)
    _save(msg)
    audit_log(
        actor=actor,
        action="market.contact_message",
        target=contact,
        after={"message_id": msg.pk, "body": body},
    )
    return msg


# ---------------------------------------------------------------------------------------------------------
# matching feedback


@transaction.atomic
def match_feedback_record(
    *,
    actor: Any,
    source: Demand | Achievement,
    target_kind: str,
    target_id: int,
    useful: bool,
    reason: str = "",
    note: str = "",
) -> MatchFeedback:
    """Record whether a suggestion was useful; the ranking for this and similar requests changes."""
    if reason and reason not in FeedbackReason.values:
        raise ApplicationError(_("反馈原因无效。"), extra={"field": "reason"})
    action = "suggest" if isinstance(source, Demand) else "change"
    ensure_can(actor, source, action)
    if target_kind not in {"achievement", "demand", "expert"}:
        raise ApplicationError(_("推荐对象类型无效。"))
    source_key = f"{'demand' if isinstance(source, Demand) else 'achievement'}:{source.pk}"
    fb = MatchFeedback(
        user=actor,
        source_key=source_key,
        target_key=f"{target_kind}:{target_id}",
        useful=useful,
        reason=reason,
        note=_clean_text(note, "note", _("备注"), required=False, max_length=300),
    )
    _save(fb)
    audit_log(actor=actor, action="market.match_feedback", target=fb, after=snapshot(fb))
    index = search.get_index(
        {"achievement": "achievements", "demand": "demands", "expert": "experts"}[target_kind]
    )
    query = "\n".join(
        [
            source.title,
            " ".join(source.keywords or []),
            getattr(source, "problem", "") or getattr(source, "summary", ""),
        ]
    )
    try:
        index.record_feedback(
            doc_id=str(target_id), useful=useful, query=query, reason=reason, context_key=source_key
        )
    except MatchingError as exc:
        raise ApplicationError(_("该推荐已不存在。")) from exc
    return fb


# ---------------------------------------------------------------------------------------------------------
# events


def _clean_datetime(value: Any, field: str, label: str) -> dt.datetime:
    if value in (None, ""):
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, extra={"field": field})
    if isinstance(value, str):
        text = value.strip().replace("T", " ")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError as exc:
            raise ApplicationError(
                _("%(label)s格式不正确，应为“年-月-日 时:分”，如 2026-12-01 09:30。") % {"label": label},
                extra={"field": field},
            ) from exc
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        raise ApplicationError(_("请填写%(label)s的具体时刻。") % {"label": label}, extra={"field": field})
    if not isinstance(value, dt.datetime):
        raise ApplicationError(_("%(label)s格式不正确。") % {"label": label}, extra={"field": field})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _region(value: Any) -> Region:
    if isinstance(value, Region):
        return value
    if value in (None, ""):
        raise ApplicationError(_("请选择举办地区。"), extra={"field": "region"})
    found = Region.objects.filter(code=str(value).strip()).first()
    if found is None:
        raise ApplicationError(_("地区代码“%(code)s”不存在。") % {"code": value}, extra={"field": "region"})
    return found


def _organization(value: Any, field: str, label: str, *, required: bool = True) -> Organization | None:
    """An organization given as itself, its id, its 统一社会信用代码 or its full name."""
    if isinstance(value, Organization):
        return value
    if value in (None, ""):
        if required:
            raise ApplicationError(_("请选择%(label)s。") % {"label": label}, extra={"field": field})
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        found = Organization.objects.filter(pk=value).first()
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 18:
        found = Organization.objects.filter(pk=int(value.strip())).first()
    elif isinstance(value, str):
        text = value.strip()
        found = Organization.objects.filter(uscc=text.upper()).first()
        if found is None:
            named = list(Organization.objects.filter(name=text)[:2])
            if len(named) > 1:
                raise ApplicationError(
                    _("有多个名为“%(name)s”的单位，请填写统一社会信用代码。") % {"name": text},
                    extra={"field": field},
                )
            found = named[0] if named else None
    else:
        found = None
    if found is None:
        raise ApplicationError(
            _("未找到%(label)s“%(v)s”，请填写统一社会信用代码或单位全称。") % {"label": label, "v": value},
            extra={"field": field},
        )
    return found


def _may_organize(actor: Any, organizer: Organization, region: Region) -> bool:
    """Platform admins; officers for an event in their region subtree; members for their own organization."""
    if user_is_platform_admin(actor) or organizer.pk in user_organization_ids(actor):
        return True
    return any(region.path.startswith(role.region.path) for role in user_officer_roles(actor))


@transaction.atomic
def event_create(
    *,
    actor: Any,
    organizer: Any,
    title: Any,
    starts_at: Any,
    region: Any,
    location: Any = "",
    description: Any = "",
) -> MatchmakingEvent:
    """A new draft event: officers organise in their region subtree, members for their own organization.

    ``organizer`` may be an organization, its id, its 统一社会信用代码 or its full name; ``region`` a region
    or its code; ``starts_at`` a datetime or "YYYY-MM-DD HH:MM".
    """
    org = _organization(organizer, "organizer", _("主办单位"))
    assert org is not None
    where = _region(region)
    if not _may_organize(actor, org, where):
        raise ApplicationError(_("您只能为本单位或本辖区举办对接活动。"), extra={"field": "region"})
    event = MatchmakingEvent(
        organizer=org,
        title=_clean_text(title, "title", _("活动名称"), max_length=200),
        starts_at=_clean_datetime(starts_at, "starts_at", _("开始时间")),
        region=where,
        location=_clean_text(location, "location", _("地点"), required=False, max_length=200),
        description=_clean_text(description, "description", _("活动简介"), required=False, max_length=5000),
        created_by=actor,
    )
    _save(event)
    audit_log(actor=actor, action="market.event_create", target=event, after=snapshot(event))
    return event


@transaction.atomic
def event_publish(*, event: MatchmakingEvent, actor: Any) -> MatchmakingEvent:
    """Make a draft event public: it appears in the event list and organizations can register."""
    ensure_can(actor, event, "change")
    locked = MatchmakingEvent.objects.select_for_update().get(pk=event.pk)
    if locked.status == EventStatus.PUBLISHED:
        raise ApplicationError(_("活动已经发布。"))
    before = snapshot(event, ["status"])
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    _save(event)
    audit_log(
        actor=actor,
        action="market.event_publish",
        target=event,
        before=before,
        after=snapshot(event, ["status"]),
    )
    return event


@transaction.atomic
def event_item_add(
    *,
    event: MatchmakingEvent,
    actor: Any,
    achievement: Achievement | None = None,
    demand: Demand | None = None,
) -> EventItem:
    """Present a published achievement or an open demand at the event (the organizer's side)."""
    ensure_can(actor, event, "change")
    if (achievement is None) == (demand is None):
        raise ApplicationError(_("路演项目必须是一项成果或一项需求。"))
    if achievement is not None and achievement.status != AchievementStatus.PUBLISHED:
        raise ApplicationError(_("只能展示已发布的成果。"))
    if demand is not None and demand.status != DemandStatus.OPEN:
        raise ApplicationError(_("只能展示征集中的需求。"))
    if EventItem.objects.filter(event=event, achievement=achievement, demand=demand).exists():
        raise ApplicationError(_("该项目已在本活动中。"))
    item = EventItem(event=event, achievement=achievement, demand=demand)
    _save(item)
    audit_log(
        actor=actor,
        action="market.event_item_add",
        target=event,
        after={"item_id": item.pk, "achievement_id": item.achievement_id, "demand_id": item.demand_id},
    )
    return item


@transaction.atomic
def event_register(*, event: MatchmakingEvent, actor: Any, organization: Organization) -> EventRegistration:
    """A member registers their own organization for a published event."""
    _ensure_member(actor, organization)
    if event.status != EventStatus.PUBLISHED:
        raise ApplicationError(_("活动尚未发布，不能报名。"))
    if EventRegistration.objects.filter(event=event, organization=organization).exists():
        raise ApplicationError(_("该单位已报名此活动。"))
    reg = EventRegistration(event=event, organization=organization, user=actor)
    _save(reg)
    audit_log(
        actor=actor, action="market.event_register", target=event, after={"organization_id": organization.pk}
    )
    return reg


@transaction.atomic
def event_registration_cancel(*, registration: EventRegistration, actor: Any) -> None:
    """A member withdraws their own organization's registration."""
    _ensure_member(actor, registration.organization)
    event = registration.event
    org_id = registration.organization_id
    registration.delete()
    audit_log(
        actor=actor,
        action="market.event_registration_cancel",
        target=event,
        before={"organization_id": org_id},
    )


@transaction.atomic
def event_outcome_record(
    *,
    event: MatchmakingEvent,
    actor: Any,
    kind: str,
    seller: Any = None,
    buyer: Any = None,
    item: EventItem | None = None,
    parties: Any = "",
    amount: Any = None,
    note: Any = "",
) -> EventOutcome:
    """The organizer records an intention or a signed agreement between two parties, usually about an item.

    An agreement needs both parties (it may become a technology contract); an intention may name the
    parties in words only.
    """
    ensure_can(actor, event, "change")
    if kind not in OutcomeKind.values:
        raise ApplicationError(_("请选择成效类型。"), extra={"field": "kind"})
    if item is not None and item.event_id != event.pk:
        raise ApplicationError(_("路演项目不属于本活动。"), extra={"field": "item"})
    seller_org = _organization(seller, "seller", _("卖方"), required=False)
    buyer_org = _organization(buyer, "buyer", _("买方"), required=False)
    if kind == OutcomeKind.AGREEMENT and seller_org is None:
        raise ApplicationError(_("签约协议必须填写卖方。"), extra={"field": "seller"})
    if kind == OutcomeKind.AGREEMENT and buyer_org is None:
        raise ApplicationError(_("签约协议必须填写买方。"), extra={"field": "buyer"})
    if seller_org is not None and buyer_org is not None and seller_org.pk == buyer_org.pk:
        raise ApplicationError(_("买方和卖方不能是同一单位。"), extra={"field": "buyer"})
    if not (isinstance(parties, str) and parties.strip()):
        parties = "、".join(o.name for o in (seller_org, buyer_org) if o is not None)
    outcome = EventOutcome(
        event=event,
        kind=kind,
        item=item,
        seller=seller_org,
        buyer=buyer_org,
        parties=_clean_text(parties, "parties", _("参与方"), max_length=300),
        amount=_clean_money(amount, "amount", _("金额")),
        note=_clean_text(note, "note", _("说明"), required=False, max_length=500),
        recorded_by=actor,
    )
    _save(outcome)
    audit_log(actor=actor, action="market.event_outcome", target=event, after=snapshot(outcome))
    return outcome


# ---------------------------------------------------------------------------------------------------------
# technology contracts


@transaction.atomic
def contract_register(
    *, actor: Any, data: dict[str, Any], outcome: EventOutcome | None = None
) -> TechContract:
    """Register a technology contract (技术合同登记) — officers of the seller's region.

    With ``outcome`` (a signed agreement of a matchmaking event), the contract is linked to it; an
    agreement is registered once.
    """
    if outcome is not None:
        outcome = EventOutcome.objects.select_for_update().get(pk=outcome.pk)
        if outcome.kind != OutcomeKind.AGREEMENT:
            raise ApplicationError(_("只有签约协议可以登记为技术合同。"))
        if outcome.contract_id is not None:
            raise ApplicationError(_("该签约协议已登记为技术合同。"))
    seller = data.get("seller")
    buyer = data.get("buyer")
    if not isinstance(seller, Organization) or not isinstance(buyer, Organization):
        raise ApplicationError(_("请选择买卖双方。"), extra={"field": "seller"})
    if seller.pk == buyer.pk:
        raise ApplicationError(_("买方和卖方不能是同一单位。"), extra={"field": "buyer"})
    if not user_is_platform_admin(actor) and not any(
        seller.region_path.startswith(r.region.path) for r in user_officer_roles(actor)
    ):
        raise ApplicationError(_("只有卖方所在地区的登记机关可以登记该合同。"))
    ctype = data.get("contract_type")
    if ctype not in ContractType.values:
        raise ApplicationError(_("请选择合同类型。"), extra={"field": "contract_type"})
    amount = _clean_money(data.get("amount"), "amount", _("合同金额"))
    tech_amount = _clean_money(data.get("tech_amount"), "tech_amount", _("技术交易额"))
    if not amount:
        raise ApplicationError(_("合同金额必须大于零。"), extra={"field": "amount"})
    if tech_amount is None:
        raise ApplicationError(_("请填写技术交易额。"), extra={"field": "tech_amount"})
    if tech_amount > amount:
        raise ApplicationError(_("技术交易额不能大于合同金额。"), extra={"field": "tech_amount"})
    signed_on = data.get("signed_on")
    if isinstance(signed_on, str):
        try:
            signed_on = dt.date.fromisoformat(signed_on)
        except ValueError as exc:
            raise ApplicationError(_("签订日期格式不正确。"), extra={"field": "signed_on"}) from exc
    if not isinstance(signed_on, dt.date):
        raise ApplicationError(_("请填写签订日期。"), extra={"field": "signed_on"})
    year = signed_on.year
    seq = TechContract.objects.filter(registration_no__startswith=f"{seller.region_id}{year}").count() + 1
    contract = TechContract(
        registration_no=f"{seller.region_id}{year}{seq:06d}",
        contract_type=ctype,
        title=_clean_text(data.get("title"), "title", _("合同名称"), max_length=200),
        seller=seller,
        buyer=buyer,
        amount=amount,
        tech_amount=tech_amount,
        signed_on=signed_on,
        region=seller.region,
        region_path=seller.region_path,
        field=_industry(data.get("field")),
        achievement=data.get("achievement"),
        registered_by=actor,
    )
    _save(contract)
    after = snapshot(contract)
    if outcome is not None:
        outcome.contract = contract
        outcome.save(update_fields=["contract", "updated_at"])
        after["event_outcome_id"] = outcome.pk
    audit_log(actor=actor, action="market.contract_register", target=contract, after=after)
    return contract


# ---------------------------------------------------------------------------------------------------------
# saved searches


@transaction.atomic
def saved_search_create(
    *, actor: Any, name: str, kind: str, query: str, filters: dict | None = None
) -> SavedSearch:
    if not getattr(actor, "is_authenticated", False):
        raise ApplicationError(_("请先登录。"))
    if kind not in SavedSearchKind.values:
        raise ApplicationError(_("检索对象无效。"), extra={"field": "kind"})
    from kechuang.matching.filters import validate_filters

    try:
        clean = validate_filters(filters or {})
    except MatchingError as exc:
        raise ApplicationError(_("筛选条件无效：%(e)s") % {"e": exc}, extra={"field": "filters"}) from exc
    saved = SavedSearch(
        user=actor,
        name=_clean_text(name, "name", _("名称"), max_length=100),
        kind=kind,
        query=_clean_text(query, "query", _("检索词"), max_length=300),
        filters=clean,
    )
    _save(saved)
    audit_log(actor=actor, action="market.saved_search_create", target=saved, after=snapshot(saved))
    return saved


@transaction.atomic
def saved_search_delete(*, saved: SavedSearch, actor: Any) -> None:
    """A user deletes one of their own saved searches."""
    ensure_can(actor, saved, "delete")
    before = snapshot(saved)
    audit_log(actor=actor, action="market.saved_search_delete", target=saved, before=before)
    saved.delete()


def saved_searches_notify(*, kind: str, obj: Achievement | Demand) -> int:
    """Tell every user whose saved search matches a newly published item (runs after commit)."""
    index = search.get_index("achievements" if kind == SavedSearchKind.ACHIEVEMENT else "demands")
    url = f"/market/{'achievements' if kind == SavedSearchKind.ACHIEVEMENT else 'demands'}/{obj.pk}/"
    sent = 0
    for saved in SavedSearch.objects.filter(kind=kind).select_related("user"):
        try:
            hits = index.search(saved.query, k=50, filters=saved.filters, explain=False)
        except MatchingError:
            continue
        if str(obj.pk) in {h.id for h in hits}:
            with transaction.atomic():
                notification_send(
                    recipient=saved.user,
                    title=_("“%(name)s”有新的匹配：%(title)s") % {"name": saved.name, "title": obj.title},
                    link=url,
                    kind="market.saved_search",
                )
                saved.last_notified_at = timezone.now()
                saved.save(update_fields=["last_notified_at", "updated_at"])
            sent += 1
    return sent


# ---------------------------------------------------------------------------------------------------------
# bulk import (real corpus for the demo market)


@transaction.atomic
def achievements_import(*, actor: Any, rows: list[dict[str, Any]], source: str) -> tuple[int, int]:
    """Create published achievements in bulk (platform admins only), audited; returns (created, skipped).

    Each row is ``{"owner": Organization, "title", "summary", "keywords", "field", "maturity", "trl",
    "transfer_modes"}``. A row whose owner already has an achievement with that title is skipped, so running
    the import twice duplicates nothing.
    """
    from kechuang.core.audit import AuditEntry, audit_log_many

    if not user_is_platform_admin(actor):
        raise ApplicationError(_("您无权执行此操作。"))
    existing = set(Achievement.objects.values_list("owner_id", "title"))
    now = timezone.now()
    objs: list[Achievement] = []
    skipped = 0
    for row in rows:
        owner = row["owner"]
        fields = _achievement_fields(row)
        if (owner.pk, fields["title"]) in existing:
            skipped += 1
            continue
        existing.add((owner.pk, fields["title"]))
        objs.append(
            Achievement(
                owner=owner,
                status=AchievementStatus.PUBLISHED,
                published_at=now,
                expires_on=timezone.localdate() + PUBLICATION_PERIOD,
                reviewed_by=actor,
                review_note=_("批量导入"),
                source=source,
                created_by=actor,
                **fields,
            )
        )
    created = Achievement.objects.bulk_create(objs, batch_size=500)
    if created and created[0].pk is None:  # backends without RETURNING: fetch the ids back
        created = list(Achievement.objects.filter(source=source, published_at=now))
    audit_log_many(
        actor=actor,
        entries=[
            AuditEntry(action="market.achievement_import", target=a, after={"title": a.title})
            for a in created
        ],
        need_ids=False,
    )
    docs = [
        search.achievement_document(a)
        for a in Achievement.objects.filter(pk__in=[a.pk for a in created]).select_related("owner", "field")
    ]
    if docs:
        search.get_index("achievements").add(docs)
    return len(created), skipped


# ---------------------------------------------------------------------------------------------------------
# matching indexes: scheduled upkeep (a system job)
_DRIFT_KEYS = ("trained_docs", "added", "updated", "removed", "change_ratio", "new_oov_share", "due")


@transaction.atomic
def _job_record(
    *, job: str, subject: str, started: dt.datetime, result: dict[str, Any], actor: Any
) -> JobRun:
    run = JobRun(
        job=job, subject=subject, started_at=started, seconds=result.get("seconds", 0.0), result=result
    )
    run.full_clean()
    run.save()
    audit_log(actor=actor, action=job, target=run, after=result)
    return run


def search_index_maintain(
    *,
    kinds: Sequence[str] = search.KINDS,
    force_retrain: bool = False,
    optimize: bool = True,
    actor: Any = None,
) -> list[JobRun]:
    """Upkeep of the matching indexes: relearn the semantic space where it is due (or everywhere with
    ``force_retrain``) and merge segments.  Readers and writers carry on meanwhile.  Each index's run is
    recorded (:class:`JobRun`) and audited; ``actor`` None is the scheduler."""
    runs = []
    for kind in kinds:
        started = timezone.now()
        report = search.get_index(kind).maintain(force_retrain=force_retrain, optimize=optimize)
        before, after = report.get("before") or {}, report.get("after") or {}
        result = {
            "retrained": report["retrained"],
            "optimized": report["optimized"],
            "skipped": report["skipped"],  # another process was maintaining this index
            "reason": report.get("reason"),
            "documents": report.get("documents"),
            "segments": [report.get("segments_before"), report.get("segments_after")],
            "seconds": report["seconds"],
            "drift_before": {k: before[k] for k in _DRIFT_KEYS if k in before},
            "trained_generation": after.get("trained_generation"),
        }
        runs.append(
            _job_record(
                job="market.search_index_maintain", subject=kind, started=started, result=result, actor=actor
            )
        )
    return runs


def search_index_rebuild(*, kind: str | None = None, actor: Any = None) -> list[JobRun]:
    """Rebuild the matching indexes (or one, ``kind``) from the database — after an index directory was
    lost or damaged, or to start afresh.  Each index is built from the rows that should be searchable and
    swapped in atomically (see :func:`search.rebuild_index`); searches carry on meanwhile, writers wait.
    Each rebuild is recorded (:class:`JobRun`) and audited; ``actor`` None is the system."""
    if kind is not None and kind not in search.KINDS:
        raise ApplicationError(_("未知的检索索引：%(kind)s") % {"kind": kind})
    runs = []
    for k in [kind] if kind else search.KINDS:
        started = timezone.now()
        result = search.rebuild_index(k)
        with transaction.atomic():
            runs.append(
                _job_record(
                    job="market.search_index_rebuild", subject=k, started=started, result=result, actor=actor
                )
            )
    return runs
