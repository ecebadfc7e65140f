"""Publishing a previewed plan, taking its snapshot (a task), and revising a published indicator's
definition for future periods."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kechuang.core.pages import checked_by_service, page_action, post_action, save_form
from kechuang.core.views_jobs import job_redirect
from kechuang.registry.guards import officer_required
from kechuang.targets import selectors, services_background, services_versions
from kechuang.targets.choices import Direction


@post_action(success=_("规划计划已发布，责任单位和公众现在可以看到。"), redirect_to="targets:plan_dashboard")
def plan_publish(request: HttpRequest, pk: int) -> Any:
    plan = selectors.plan_get(user=request.user, pk=pk, action="change")
    version = request.POST.get("version", "")
    return services_versions.plan_publish(
        actor=request.user, plan=plan, expected_version=int(version) if version.isdigit() else None
    )


@login_required
@require_POST
def plan_snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the plan's indicator values of today as a task; the manager follows it on the job page."""

    def act() -> Any:
        plan = selectors.plan_get(user=request.user, pk=pk, action="view")
        return services_background.snapshot_start(plan=plan, actor=request.user)

    back = reverse("targets:plan_dashboard", args=[pk])
    return page_action(
        request, act, success=None, redirect_to=lambda r: job_redirect(request, r), error_redirect=back
    )


class IndicatorRevisionForm(forms.Form):
    valid_from = forms.DateField(
        label=_("适用起始日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("须晚于今天和最近一次统计或填报的日期；此前的数据仍按原定义。"),
    )
    name = forms.CharField(label=_("指标名称"), max_length=200, required=False)
    unit = forms.CharField(label=_("单位"), max_length=20, required=False)
    direction = forms.ChoiceField(label=_("方向"), choices=Direction.choices)
    target_value = forms.CharField(label=_("目标值"), max_length=30, required=False)
    target_max = forms.CharField(label=_("目标上限"), max_length=30, required=False)
    reason = forms.CharField(label=_("调整原因"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        checked_by_service(self, "valid_from", "name", "unit", "target_value", "reason")


@officer_required
def indicator_revise(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(user=request.user, pk=pk, action="change")
    form = IndicatorRevisionForm(
        request.POST or None,
        initial={
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "target_value": indicator.target_value.normalize(),
            "target_max": indicator.target_max.normalize() if indicator.target_max is not None else "",
        },
    )

    def save(data: dict[str, Any]) -> Any:
        values = dict(data)
        return services_versions.indicator_revise(
            actor=request.user,
            indicator=indicator,
            valid_from=values.pop("valid_from"),
            reason=values.pop("reason"),
            data=values,
        )

    if saved := save_form(
        request,
        form,
        save,
        success=lambda v: (
            _("已新增第%(n)d版指标定义，自%(on)s起适用。")
            % {"n": v.number, "on": f"{v.valid_from.year}年{v.valid_from.month}月{v.valid_from.day}日"}
        ),
        redirect_to=reverse("targets:indicator_detail", args=[pk]),
    ):
        return saved
    return render(
        request,
        "targets/indicator_revise.html",
        {"indicator": indicator, "form": form},
        status=400 if form.errors else 200,
    )
