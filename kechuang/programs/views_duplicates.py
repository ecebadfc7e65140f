"""查重 pages: a call's flags with the shared passages, running the check, and an officer's verdict."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.core.pages import post_action
from kechuang.core.permissions import can
from kechuang.programs import selectors, services
from kechuang.programs.choices import DuplicateDecision
from kechuang.programs.models import DuplicateFlag
from kechuang.registry.guards import officer_required


@officer_required
def call_duplicates(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    decision = request.GET.get("decision", "")
    decision = decision if decision in DuplicateDecision.values else ""
    flags = list(selectors.call_duplicates(user=request.user, call=call, decision=decision)[:200])
    return render(
        request,
        "programs/call_duplicates.html",
        {
            "call": call,
            "flags": flags,
            "decision": decision,
            "decisions": DuplicateDecision.choices,
            "can_run": can(request.user, call, "manage"),
        },
    )


@officer_required
@post_action(
    success=lambda summary: (
        _("查重完成：比对了%(applications)d份申报，疑似重复%(flags)d对（新发现%(new)d对）。") % summary
    ),
    redirect_to="programs:call_duplicates",
)
def call_duplicates_run(request: HttpRequest, pk: int) -> dict[str, int]:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    return services.duplicate_check(call=call, actor=request.user)


def _back(request: HttpRequest, pk: int) -> str:
    nxt = request.POST.get("next", "")
    return nxt if nxt.startswith("/programs/") else reverse("programs:officer_queue")


@officer_required
@post_action(
    success=lambda flag: _("已记录核实结论：%(d)s。") % {"d": flag.get_decision_display()}, redirect_to=_back
)
def duplicate_decide(request: HttpRequest, pk: int) -> DuplicateFlag:
    flag = selectors.duplicate_flag_get(user=request.user, pk=pk)
    return services.duplicate_flag_decide(
        flag=flag,
        actor=request.user,
        decision=request.POST.get("decision", ""),
        note=request.POST.get("note", ""),
    )
