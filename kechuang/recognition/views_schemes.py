"""Scheme pages: the officer's list, set up / change a scheme with its indicator system (previewed as the
score sheet experts will see), retire it; the public scheme page with its score sheet and version history.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import page_action
from kechuang.core.permissions import can
from kechuang.recognition import selectors, services
from kechuang.recognition.forms_schemes import (
    IndicatorFormSet,
    SchemeForm,
    indicator_initial,
    indicator_system_from,
)
from kechuang.recognition.indicators import IndicatorSystemError, parse_indicator_system
from kechuang.registry.guards import officer_required


def _sheet(system: dict[str, Any]) -> Any:
    """The typed indicator system for the score sheet, or None when it does not parse."""
    try:
        return parse_indicator_system(system)
    except IndicatorSystemError:
        return None


@officer_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "recognition/scheme_list.html", {"schemes": selectors.schemes_managed(user=request.user)}
    )


def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(user=request.user, pk=pk)
    manage = can(request.user, scheme, "manage")
    return render(
        request,
        "recognition/scheme_detail.html",
        {
            "scheme": scheme,
            "system": _sheet(scheme.indicator_system),
            "can_manage": manage,
            "versions": selectors.scheme_versions(scheme=scheme) if manage else [],
            "calls": selectors.call_list(user=request.user).filter(scheme=scheme),
        },
    )


def _editor(request: HttpRequest, *, scheme: Any = None) -> HttpResponse:
    """The editor for a new scheme (``scheme`` None) or a change; "预览评分表" shows the score sheet
    without saving, "保存" saves; every problem of the form, the rows and the service shows at once."""
    editing = scheme is not None
    departments = selectors.scheme_departments(user=request.user)
    if request.method == "POST":
        form = SchemeForm(request.POST, departments=departments, editing=editing)
        rows = IndicatorFormSet(request.POST, prefix="ind")
    else:
        form = SchemeForm(
            initial=SchemeForm.initial_from(scheme) if editing else None,
            departments=departments,
            editing=editing,
        )
        rows = IndicatorFormSet(
            initial=indicator_initial(scheme.indicator_system) if editing else None, prefix="ind"
        )
    problems: list[str] = []
    preview = None
    if request.method == "POST":
        valid = form.is_valid() & rows.is_valid()
        if valid:
            system = indicator_system_from(rows)
            eligibility = form.eligibility()
            problems = services.scheme_problems(
                indicator_system=system, eligibility=eligibility, pass_score=form.cleaned_data["pass_score"]
            )
            if not problems and "preview" in request.POST:
                preview = _sheet(system)
            elif not problems:
                saved = _save(request, form, system, eligibility, scheme, problems)
                if saved is not None:
                    return saved
        else:
            problems = [_("请按提示修改标红的内容。")]
    return render(
        request,
        "recognition/scheme_form.html",
        {
            "form": form,
            "rows": rows,
            "problems": problems,
            "preview": preview,
            "scheme": scheme,
            "pass_score": form.cleaned_data.get("pass_score") if preview else None,
        },
    )


def _save(
    request: HttpRequest, form: SchemeForm, system: Any, eligibility: Any, scheme: Any, problems: list[str]
) -> HttpResponse | None:
    data = {k: v for k, v in form.cleaned_data.items() if k in services.schemes.SCHEME_EDITABLE}
    data.update(indicator_system=system, eligibility=eligibility)
    try:
        if scheme is None:
            saved = services.scheme_create(
                code=form.cleaned_data["code"],
                department=form.cleaned_data["department"],
                actor=request.user,
                **data,
            )
            messages.success(request, _("认定类别已设立，可以发布申报批次了。"))
        else:
            saved = services.scheme_update(
                scheme=scheme, actor=request.user, data=data, note=form.cleaned_data.get("note", "")
            )
            messages.success(request, _("认定类别已保存；指标体系的修改只适用于此后发布的申报批次。"))
    except ApplicationError as exc:
        problems.extend(exc.extra.get("problems") or [exc.message])
        return None
    return redirect("recognition:scheme_detail", pk=saved.pk)


@officer_required
def scheme_new(request: HttpRequest) -> HttpResponse:
    return _editor(request)


@officer_required
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _editor(request, scheme=selectors.scheme_get(user=request.user, pk=pk, action="manage"))


@officer_required
@require_POST
def scheme_status(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(user=request.user, pk=pk, action="manage")
    active = request.POST.get("active") == "1"
    return page_action(
        request,
        lambda: services.scheme_set_active(scheme=scheme, actor=request.user, active=active),
        success=_("认定类别已启用。") if active else _("认定类别已停用，已有批次和证书不受影响。"),
        redirect_to=reverse("recognition:scheme_detail", args=[pk]),
    )
