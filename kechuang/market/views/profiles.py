"""The user's own market settings: saved searches (notified of new matches) and the expert profile."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.pages import page_action, post_action, save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.market import selectors, services
from kechuang.market.forms import ExpertProfileForm, SavedSearchForm
from kechuang.market.models import SavedSearch
from kechuang.market.views.common import SEARCH_FILTERS


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        rows = selectors.saved_search_list(user=request.user)
        return render(request, "market/saved_search_list.html", {"rows": rows})
    form = SavedSearchForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    kind = data.get("kind", "")
    back = {"achievement": "market:achievement_list", "demand": "market:demand_list"}.get(kind)
    filters: dict[str, Any] = {
        k: v for k, v in request.POST.items() if k in SEARCH_FILTERS and str(v).strip()
    }
    if "trl_min" in filters:
        filters["trl_min"] = int(filters["trl_min"]) if filters["trl_min"].isdigit() else filters["trl_min"]
    here = reverse("market:saved_search_list")
    return page_action(
        request,
        lambda: services.saved_search_create(
            actor=request.user,
            name=data.get("name") or data.get("q", ""),
            kind=kind,
            query=data.get("q", ""),
            filters=filters,
        ),
        success=_("检索已保存，有新的匹配项目发布时会通知您。"),
        redirect_to=here,
        # back to the search, its terms kept, when the search page is known
        error_redirect=f"{reverse(back)}?{urlencode({'q': data.get('q', ''), **filters})}" if back else here,
    )


@post_action(
    success=gettext_lazy("已删除保存的检索。"),
    redirect_to=lambda request, pk: reverse("market:saved_search_list"),
)
def saved_search_delete(request: HttpRequest, pk: int) -> Any:
    saved = get_object_or_404_for(request.user, SavedSearch.objects.all(), "delete", pk=pk)
    return services.saved_search_delete(saved=saved, actor=request.user)


@login_required
def expert_profile_edit(request: HttpRequest) -> HttpResponse:
    """An expert of the pool edits their own research directions and biography."""
    expert = selectors.expert_of_user(user=request.user)
    profile = getattr(expert, "market_profile", None)
    form = ExpertProfileForm(
        request.POST or None,
        initial={
            "keywords": "，".join(profile.keywords) if profile else "",
            "bio": profile.bio if profile else "",
        },
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.expert_profile_set(
            expert=expert, actor=request.user, keywords=data["keywords"], bio=data["bio"]
        ),
        success=_("专家档案已保存。"),
        redirect_to=reverse("market:expert_profile"),
    ):
        return saved
    return render(request, "market/expert_profile.html", {"form": form, "expert": expert})
