"""Kernel pages: the notification inbox (the home page and the audit log browser live in the portal)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core import selectors, services
from kechuang.core.pages import int_param, page_size
from kechuang.core.pagination import keyset_page


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notification_list(user=request.user, unread_only=unread_only)
    page = keyset_page(qs, after=int_param(request, "after"), size=page_size(request))
    return render(request, "core/notification_list.html", {"page": page, "unread_only": unread_only})


def _read_and_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the user's notification read and go to its link (only a link inside the platform), else to the
    list of notifications."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.link)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link (only links inside the platform are followed)."""
    return _read_and_follow(request, pk)


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """A notification's title is a plain link: following it marks it read and opens its object.

    Marking read is the user's own inbox state (no platform data changes), so a GET may do it.
    """
    return _read_and_follow(request, pk)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_read(user=request.user)
    messages.success(request, _("已将%(n)d条通知标为已读。") % {"n": count})
    return redirect("core:notification_list")
