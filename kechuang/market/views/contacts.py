"""Contacts (对接): a request about an achievement or a demand, its answer and its message thread."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import add_service_error, form_data, page_action
from kechuang.core.permissions import get_object_or_404_for
from kechuang.market import selectors, services
from kechuang.market.forms import ContactForm, MessageForm
from kechuang.market.models import Achievement, Contact, Demand
from kechuang.market.views.common import own_org
from kechuang.registry.selectors import user_organizations


@require_POST
@login_required
def contact_create(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    models: dict[str, Any] = {"achievement": Achievement, "demand": Demand}
    if kind not in models:
        raise Http404
    subject = get_object_or_404_for(request.user, models[kind].objects.all(), "view", pk=pk)

    def create() -> Contact:
        form = ContactForm(request.POST, orgs=user_organizations(request.user))
        data = form_data(form, invalid=_("请选择单位并填写留言。"))
        return services.contact_create(
            actor=request.user,
            from_org=own_org(request, data["from_org"]),
            message=data["message"],
            **{kind: subject},
        )

    return page_action(
        request,
        create,
        success=_("对接请求已发送。"),
        redirect_to=lambda contact: reverse("market:contact_detail", args=[contact.pk]),
        error_redirect=reverse(f"market:{kind}_detail", args=[pk]),
    )


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    return render(request, "market/contact_list.html", {"rows": selectors.contact_list(user=request.user)})


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, pk=pk)
    form = MessageForm(request.POST or None)
    here = reverse("market:contact_detail", args=[pk])
    if request.method == "POST":
        if "accept" in request.POST or "decline" in request.POST:
            accept = "accept" in request.POST
            return page_action(
                request,
                lambda: services.contact_respond(contact=contact, actor=request.user, accept=accept),
                success=_("已接受对接，双方现在可以看到对方的联系方式并在下方留言。")
                if accept
                else _("已拒绝该对接请求，对方会收到通知。"),
                redirect_to=here,
            )
        if form.is_valid():
            try:
                services.contact_message_post(
                    contact=contact, actor=request.user, body=form.cleaned_data["body"]
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                return redirect(here)
    ctx = {"c": contact, "thread": contact.messages.select_related("author"), "form": form}
    return render(request, "market/contact_detail.html", ctx)
