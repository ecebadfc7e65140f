"""What achievements and demands (the market's listings) share: creation and announcing a publication."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition
from kechuang.market import search
from kechuang.market.choices import ACHIEVEMENT_TRANSITIONS, DEMAND_TRANSITIONS, SavedSearchKind
from kechuang.market.models import Achievement, Demand
from kechuang.market.services.common import save_new
from kechuang.market.services.saved_searches import saved_searches_notify
from kechuang.registry.models import Organization

Listing = TypeVar("Listing", Achievement, Demand)
TRANSITIONS = {Achievement: ACHIEVEMENT_TRANSITIONS, Demand: DEMAND_TRANSITIONS}


def ensure_unique_title(
    model: type[Listing], *, owner: Organization, title: str, message: str, exclude_pk: Any = None
) -> None:
    """One owner does not list the same title twice (the model's constraint says the same, later)."""
    if model.objects.filter(owner=owner, title=title).exclude(pk=exclude_pk).exists():
        raise ApplicationError(message, extra={"field": "title"})


def listing_create(
    model: type[Listing],
    *,
    actor: Any,
    owner: Organization,
    fields: dict[str, Any],
    duplicate: str,
    **extra: Any,
) -> Listing:
    """Save a new draft listing of ``owner`` from cleaned ``fields`` and audit it."""
    ensure_unique_title(model, owner=owner, title=fields["title"], message=duplicate)
    obj = model(owner=owner, created_by=actor if getattr(actor, "pk", None) else None, **extra, **fields)
    save_new(obj, actor=actor, action=f"market.{model._meta.model_name}_create")
    return obj


def listing_transition(obj: Listing, *, to: str, actor: Any, note: str = "") -> Listing:
    """Move the listing along its workflow table (a status-change row and an audit record); the caller
    checked the actor's permission."""
    transition(obj=obj, to=to, actor=actor, transitions=TRANSITIONS[type(obj)], note=note)
    return obj


def listing_move(obj: Listing, *, actor: Any, action: str, to: str) -> Listing:
    """An owner's move (``action`` is the permission asked): checked, made, and the index kept in step."""
    ensure_can(actor, obj, action)
    listing_transition(obj, to=to, actor=actor)
    sync(obj)
    return obj


def sync(obj: Achievement | Demand) -> None:
    """Keep the listing's matching index in step with its status."""
    if isinstance(obj, Achievement):
        search.sync_achievement(obj)
    else:
        search.sync_demand(obj)


def announce(obj: Achievement | Demand) -> None:
    """A listing was just published: index it, and once committed tell the users whose saved search
    matches it."""
    sync(obj)
    kind = SavedSearchKind.ACHIEVEMENT if isinstance(obj, Achievement) else SavedSearchKind.DEMAND
    transaction.on_commit(lambda: saved_searches_notify(kind=kind, obj=obj))
