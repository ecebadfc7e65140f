"""Reads of matchmaking events, their items, registrations and outcomes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.market.models import EventItem, EventOutcome, EventRegistration, MatchmakingEvent
from kechuang.market.selectors.matching import achievement_search, demand_search
from kechuang.registry.models import Organization, Region
from kechuang.registry.selectors import officer_region_q, user_is_officer, user_organizations

OUTCOME_RELATED = ("seller", "buyer", "item__achievement", "item__demand", "contract")


def event_list(*, user: Any) -> QuerySet[MatchmakingEvent]:
    """Published events (public) and the drafts the user manages."""
    return restrict(MatchmakingEvent.objects.all(), user, "view").select_related("organizer", "region")


def event_get(*, user: Any, pk: Any, action: str = "view") -> MatchmakingEvent:
    return get_object_or_404_for(
        user, MatchmakingEvent.objects.select_related("organizer", "region"), action, pk=pk
    )


def event_items(*, event: MatchmakingEvent) -> QuerySet[EventItem]:
    return event.items.select_related("achievement__owner", "demand__owner")


def event_registrations(*, event: MatchmakingEvent) -> QuerySet[EventRegistration]:
    return event.registrations.select_related("organization", "organization__region", "user").order_by("id")


def event_outcomes(*, event: MatchmakingEvent) -> QuerySet[EventOutcome]:
    return event.outcomes.select_related(*OUTCOME_RELATED).order_by("id")


def event_item_candidates(
    *, user: Any, event: MatchmakingEvent, query: str, k: int = 20
) -> list[tuple[str, Any]]:
    """Published achievements and open demands matching ``query`` that the event does not show yet."""
    shown_a = set(event.items.values_list("achievement_id", flat=True))
    shown_d = set(event.items.values_list("demand_id", flat=True))
    out: list[tuple[str, Any]] = [
        ("achievement", a) for a, _r in achievement_search(user=user, query=query, k=k) if a.pk not in shown_a
    ]
    out += [("demand", d) for d, _r in demand_search(user=user, query=query, k=k) if d.pk not in shown_d]
    return out


def event_party_choices(*, event: MatchmakingEvent) -> list[Organization]:
    """Organizations an outcome can name: the organizer, the registered ones and the owners of the items."""
    ids = {event.organizer_id}
    ids |= set(event.registrations.values_list("organization_id", flat=True))
    for a_owner, d_owner in event.items.values_list("achievement__owner_id", "demand__owner_id"):
        ids |= {x for x in (a_owner, d_owner) if x}
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


def event_outcome_get(*, user: Any, pk: Any) -> EventOutcome:
    """An outcome of an event the user may see (outcomes are shown on the event's page)."""
    return get_object_or_404_for(
        user, EventOutcome.objects.select_related("event", *OUTCOME_RELATED), "view", pk=pk
    )


def event_registration_get(*, user: Any, event: MatchmakingEvent, organization_id: Any) -> EventRegistration:
    """The registration of one of the user's own organizations (others: 404)."""
    return get_object_or_404_for(
        user,
        EventRegistration.objects.filter(event=event).select_related("organization", "event"),
        "cancel",
        organization_id=organization_id,
    )


def organizer_choices(*, user: Any, limit: int = 200) -> list[Organization]:
    """Organizations the user may name as an event's organizer: their own, and for officers the
    universities, institutes, intermediaries and departments of their region subtree."""
    own = list(user_organizations(user))
    if user_is_platform_admin(user) or user_is_officer(user):
        qs = Organization.objects.filter(
            kind__in=["university", "institute", "intermediary", "park_operator", "government"]
        )
        if not user_is_platform_admin(user):
            qs = qs.filter(officer_region_q(user, "region_path"))
        own += [o for o in qs.order_by("name")[:limit] if o not in own]
    return own


def event_region_choices(*, user: Any) -> QuerySet[Region]:
    """Regions offered for an event: officers' subtrees and the provinces of the user's organizations."""
    qs = Region.objects.all()
    if not user_is_platform_admin(user):
        q = officer_region_q(user, "path")
        for org in user_organizations(user):
            q |= Q(path__startswith=org.region_path[:7])
        qs = qs.filter(q)
    return qs.order_by("code")
