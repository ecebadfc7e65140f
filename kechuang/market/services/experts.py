"""Experts in the market: the pool itself is ``review.Expert``; the market keeps research directions and
a biography so experts can be matched to demands."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import not_allowed
from kechuang.market import search
from kechuang.market.models import ExpertProfile
from kechuang.market.services.common import audited, clean_list, clean_text, save
from kechuang.registry.selectors import user_is_officer


@transaction.atomic
def expert_profile_set(*, expert: Any, actor: Any, keywords: Any, bio: str = "") -> ExpertProfile:
    if not (
        user_is_platform_admin(actor)
        or user_is_officer(actor)
        or expert.user_id == getattr(actor, "pk", None)
    ):
        raise not_allowed()
    profile, _created = ExpertProfile.objects.get_or_create(expert=expert)
    with audited(actor=actor, action="market.expert_profile_set", target=profile):
        profile.keywords = clean_list(keywords, "keywords", _("研究方向"))
        profile.bio = clean_text(bio, "bio", _("简介"), required=False)
        save(profile)
    search.sync_expert(expert)
    return profile
