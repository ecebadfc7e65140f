"""The portal's pages: the home page per role and the audit log browser (scoped by the directory)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kechuang.core import selectors as kernel_selectors
from kechuang.core.pages import int_param, page_size
from kechuang.core.pagination import keyset_page
from kechuang.portal import audit_display, selectors, views_public
from kechuang.registry.guards import user_is_officer_or_admin


def home(request: HttpRequest) -> HttpResponse:
    """A visitor sees the public site; a signed-in user their workbench (the public site is one click away)."""
    if not request.user.is_authenticated:
        return views_public.public_home(request)
    return render(request, "portal/home.html", selectors.home_context(user=request.user))


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Officers browse records about organizations of their region (and their own acts); admins everything."""
    user = request.user
    if not user_is_officer_or_admin(user):
        raise Http404(_("对象不存在或无权访问。"))
    target_type = request.GET.get("target_type", "")[:80]
    target_id = request.GET.get("target_id", "")[:64]
    action = request.GET.get("action", "")[:80]
    organization_id = int_param(request, "organization")
    qs = selectors.audit_list(
        user=user,
        target_type=target_type,
        target_id=target_id,
        action=action,
        organization_id=organization_id,
    )
    page = keyset_page(qs, after=int_param(request, "after"), size=page_size(request))
    return render(
        request,
        "portal/audit_list.html",
        {
            "page": page,
            "rows": audit_display.describe(page.rows),
            "filters": {"target_type": target_type, "target_id": target_id, "action": action},
            "organization_id": organization_id,
            "actions": [
                (a, audit_display.action_label(a)) for a in kernel_selectors.audit_actions(user=user)
            ],
            "target_types": audit_display.target_type_choices(),
        },
    )
