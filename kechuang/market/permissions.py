"""Who may see and change market rows.

* Achievements: published ones are public; drafts, submissions and rejections only the owner's members
  and the officers of the owner's region (who review them); platform admins everything.
* Demands: open and closed ones are public (without their confidential part); drafts only the owner.
* Contacts and their threads: the two organizations' members.
* Events: published ones are public; drafts only for those who manage them — the organizer's members and
  officers of the event's region subtree (platform admins everything).
* Technology contracts: the parties and officers of the region; officers register them. Statistics: the
  officers' region subtree only (not the contracts they are party to).
* Saved searches and feedback: their user.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule
from kechuang.market.choices import AchievementStatus, DemandStatus, EventStatus
from kechuang.market.models import (
    Achievement,
    Contact,
    Demand,
    EventOutcome,
    EventRegistration,
    MatchFeedback,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from kechuang.registry.selectors import officer_region_q, user_organization_ids


@register_rule(Achievement)
def achievement_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    own = Q(owner_id__in=user_organization_ids(user))
    officer = officer_region_q(user, "owner__region_path")
    if action in {"view", "export"}:
        return qs.filter(Q(status=AchievementStatus.PUBLISHED) | own | officer)
    if action in {"change", "submit", "withdraw", "renew"}:
        return qs.filter(own)
    if action == "review":
        return qs.filter(officer).exclude(own)  # owners never review their own achievements
    if action == "contact":
        return qs.filter(status=AchievementStatus.PUBLISHED).exclude(own)
    return qs.none()


@register_rule(Demand)
def demand_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user) and action != "contact":
        return qs
    own = Q(owner_id__in=user_organization_ids(user))
    public = Q(status__in=[DemandStatus.OPEN, DemandStatus.CLOSED])
    if action in {"view", "export"}:
        return qs.filter(public | own | officer_region_q(user, "owner__region_path"))
    if action in {"change", "publish", "close", "suggest"}:
        return qs.filter(own)
    if action == "contact":
        return qs.filter(status=DemandStatus.OPEN).exclude(own)
    return qs.none()


@register_rule(Contact)
def contact_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    orgs = user_organization_ids(user)
    if action == "view":
        if user_is_platform_admin(user):
            return qs
        return qs.filter(Q(from_org_id__in=orgs) | Q(to_org_id__in=orgs))
    if action == "respond":
        return qs.filter(to_org_id__in=orgs)
    if action == "message":
        return qs.filter(Q(from_org_id__in=orgs) | Q(to_org_id__in=orgs))
    return qs.none()


@register_rule(MatchmakingEvent)
def event_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    manage = Q(organizer_id__in=user_organization_ids(user)) | officer_region_q(user, "region__path")
    if action == "view":
        return qs.filter(Q(status=EventStatus.PUBLISHED) | manage)
    if action == "change":
        return qs.filter(manage)
    return qs.none()


@register_rule(EventOutcome)
def outcome_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """Outcomes are shown with their event: whoever sees the event sees them."""
    if action != "view":
        return qs.none()
    return qs.filter(event__in=event_rule(MatchmakingEvent.objects.all(), user, "view"))


@register_rule(EventRegistration)
def registration_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """A registration: its organization's members cancel it; the event's managers see it too."""
    own = Q(organization_id__in=user_organization_ids(user))
    if action == "cancel":
        return qs.filter(own)
    if action == "view":
        if user_is_platform_admin(user):
            return qs
        manage = Q(event__organizer_id__in=user_organization_ids(user)) | officer_region_q(
            user, "event__region__path"
        )
        return qs.filter(own | manage)
    return qs.none()


@register_rule(TechContract)
def contract_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    officer = officer_region_q(user, "region_path")
    if action in {"view", "export"}:
        orgs = user_organization_ids(user)
        return qs.filter(officer | Q(seller_id__in=orgs) | Q(buyer_id__in=orgs))
    if action in {"change", "statistics"}:
        return qs.filter(officer)
    return qs.none()


@register_rule(SavedSearch)
def saved_search_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user=user)


@register_rule(MatchFeedback)
def feedback_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(user=user)
