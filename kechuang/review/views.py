"""Review pages: the expert's assignments and score sheets; the officer's panel page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import page_action, post_action
from kechuang.core.permissions import get_object_or_404_for
from kechuang.review import selectors, services
from kechuang.review.forms import DeclineForm, ScoreSheetForm
from kechuang.review.models import Panel, ReviewAssignment


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "review/my_assignments.html",
        {"assignments": selectors.my_assignments(user=request.user)},
    )


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404_for(
        request.user,
        ReviewAssignment.objects.select_related("item__panel", "item__organization", "expert"),
        "score",
        pk=pk,
    )
    panel = assignment.item.panel
    form = ScoreSheetForm(request.POST or None, indicators=panel.indicators)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_submit(
                assignment=assignment,
                actor=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("评分已提交。"))
            return redirect("review:assignment_detail", pk=pk)
    subject = assignment.item.subject
    return render(
        request,
        "review/assignment_detail.html",
        {
            "assignment": assignment,
            "panel": panel,
            "subject": subject,
            "form": form,
            "decline_form": DeclineForm(),
            "own_scores": [
                (ind["name"], assignment.scores.get(ind["code"]), ind["max_score"])
                for ind in panel.indicators
            ],
        },
    )


@post_action(
    success=gettext_lazy("已回避，系统已另行分配专家。"),
    redirect_to=lambda request, pk: reverse("review:my_assignments"),
    error_redirect="review:assignment_detail",
)
def assignment_decline(request: HttpRequest, pk: int) -> Any:
    assignment = get_object_or_404_for(request.user, ReviewAssignment.objects.all(), "score", pk=pk)
    form = DeclineForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    return services.assignment_decline(assignment=assignment, actor=request.user, reason=reason)


@login_required
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    panel = get_object_or_404_for(request.user, Panel.objects.select_related("department"), "manage", pk=pk)
    if request.method == "POST":
        return _panel_action(request, panel)
    items = panel.items.select_related("organization").prefetch_related("assignments__expert")
    return render(
        request,
        "review/panel_detail.html",
        {"panel": panel, "items": items, "progress": selectors.panel_progress(panel=panel)},
    )


def _panel_action(request: HttpRequest, panel: Panel) -> HttpResponse:
    """Assign experts, open scoring or close the panel (the buttons of ``review/actions.py``)."""
    action = request.POST.get("action")
    user = request.user

    def version() -> int:
        return int(request.POST.get("version", 0))

    run: dict[str, tuple[Callable[[], Any], Callable[[Any], str]]] = {
        "assign": (
            lambda: services.panel_assign(panel=panel, actor=user),
            lambda result: _("已分配专家：每位专家最多%(cap)d项，无利益冲突。") % {"cap": result.capacity},
        ),
        "open": (
            lambda: services.panel_open(panel=panel, actor=user, expected_version=version()),
            lambda _result: _("评审已开始，专家可以评分。"),
        ),
        "close": (
            lambda: services.panel_close(panel=panel, actor=user, expected_version=version()),
            lambda _result: _("评审已结束，评分已解封并汇总。"),
        ),
    }
    do, done = run.get(action or "", (_unknown_action, str))
    return page_action(request, do, success=done, redirect_to=reverse("review:panel_detail", args=[panel.pk]))


def _unknown_action() -> None:
    raise ApplicationError(_("操作不正确，请刷新页面后重试。"))
