"""Reads of a user's own things: contacts and their threads, saved searches, the user's expert entry."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.market.models import Contact, SavedSearch
from kechuang.registry.models import Expert

CONTACT_RELATED = ("from_org", "to_org", "achievement", "demand")


def contact_list(*, user: Any) -> QuerySet[Contact]:
    return restrict(Contact.objects.all(), user, "view").select_related(*CONTACT_RELATED)


def contact_get(*, user: Any, pk: Any) -> Contact:
    return get_object_or_404_for(user, Contact.objects.select_related(*CONTACT_RELATED), "view", pk=pk)


def saved_search_list(*, user: Any) -> QuerySet[SavedSearch]:
    return restrict(SavedSearch.objects.all(), user, "view")


def expert_of_user(*, user: Any) -> Any:
    """The user's own entry in the expert pool (404 when the user is not an expert)."""
    expert = (
        Expert.objects.filter(user=user).select_related("organization").first()
        if user.is_authenticated
        else None
    )
    if expert is None:
        raise Http404(_("对象不存在或无权访问。"))
    return expert


def expert_of_user_exists(*, user: Any) -> bool:
    return bool(user.is_authenticated) and Expert.objects.filter(user=user).exists()
