"""Officer pages to enter a plan (目标分解): the plan, its tasks with lead and participating units, and an
indicator's allocation to sub-regions (indicators are added on ``indicator_new``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.background import sheet_import_provider
from kechuang.core.errors import ApplicationError
from kechuang.core.import_pages import SheetImportPage, import_page
from kechuang.registry.guards import officer_required
from kechuang.registry.models import Department, Region
from kechuang.registry.selectors import officer_department_ids
from kechuang.targets import excel, selectors, services, services_plans
from kechuang.targets.forms import PlanForm, TaskForm


def _my_departments(user: Any) -> Any:
    qs = Department.objects.select_related("region").order_by("region_id", "kind")
    return qs if user_is_platform_admin(user) else qs.filter(pk__in=officer_department_ids(user))


@officer_required
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, departments=_my_departments(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, draft=True, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("规划计划已创建为草稿：请添加指标、分解目标和任务，在仪表盘预览无误后发布。")
            )
            return redirect("targets:plan_dashboard", pk=plan.pk)
    return render(request, "targets/plan_form.html", {"form": form})


def _units(plan: Any) -> Any:
    return Department.objects.filter(region__path__startswith=plan.region.path).order_by("region_id", "kind")


@officer_required
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk, action="change")
    form = TaskForm(request.POST or None, departments=_units(plan), indicators=plan.indicators.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(
                actor=request.user, plan=plan, position=plan.tasks.count(), **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("任务已添加。"))
            return redirect("targets:plan_dashboard", pk=plan.pk)
    return render(request, "targets/task_form.html", {"plan": plan, "form": form})


@officer_required
def indicator_allocations(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per sub-region of the plan's region: its share of the indicator's target."""
    indicator = selectors.indicator_get(user=request.user, pk=pk, action="change")
    regions = list(Region.objects.filter(parent_id=indicator.plan.region_id).order_by("code"))
    current = {a.region_id: a.target_value for a in indicator.allocations.filter(region__isnull=False)}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {r: request.POST.get(f"r-{r.code}", "") for r in regions}
        try:
            services_plans.allocations_set(actor=request.user, indicator=indicator, values=values)
        except ApplicationError as exc:
            errors = exc.extra.get("fields") or {"": exc.message}
            current = {r.code: values[r] for r in regions}
        else:
            messages.success(request, _("目标已分解到各地区。"))
            return redirect("targets:plan_dashboard", pk=indicator.plan_id)
    rows = [(r, current.get(r.code, ""), errors.get(r.code, "")) for r in regions]
    return render(
        request,
        "targets/allocations.html",
        {"indicator": indicator, "rows": rows, "general_error": errors.get("", "")},
    )


def _managed_plan(user: Any, params: Mapping[str, Any]) -> Any:
    return selectors.plan_get(user=user, pk=int(params["plan"]), action="change")


@sheet_import_provider
def indicator_import_spec(user: Any, params: Mapping[str, Any]) -> SheetImportPage:
    """The indicator import of the plan ``params["plan"]`` as ``user`` (one of its managers) gets it."""
    plan = _managed_plan(user, params)
    back = reverse("targets:plan_dashboard", args=[plan.pk])
    return SheetImportPage(
        title=_("从Excel导入指标：%(plan)s") % {"plan": plan.title},
        sheet=excel.INDICATOR_SHEET,
        columns=excel.indicator_columns(),
        notes=[_("第1行为列名，从第2行起每行一个指标；“填写说明”工作表不导入。")],
        filename=excel.INDICATOR_FILENAME,
        clean=excel.indicator_cleaner(plan),
        write=excel.indicator_writer(plan, user),
        success=lambda n: _("已导入%(n)d个指标。") % {"n": n},
        redirect_to=back,
        back=(back, plan.title),
    )


@sheet_import_provider
def allocation_import_spec(user: Any, params: Mapping[str, Any]) -> SheetImportPage:
    """The allocation import of the plan ``params["plan"]`` as ``user`` (one of its managers) gets it."""
    plan = _managed_plan(user, params)
    back = reverse("targets:plan_dashboard", args=[plan.pk])
    return SheetImportPage(
        title=_("从Excel导入目标分解：%(plan)s") % {"plan": plan.title},
        sheet=excel.ALLOCATION_SHEET,
        columns=excel.allocation_columns(),
        notes=[
            _("第1行为列名，从第2行起每行一项分解；指标须已在本规划中。"),
            _("已分解的地区或单位将改为新的分解目标值。"),
        ],
        filename=excel.ALLOCATION_FILENAME,
        clean=excel.allocation_cleaner(plan),
        write=excel.allocation_writer(user),
        success=lambda n: _("已导入%(n)d项目标分解。") % {"n": n},
        redirect_to=back,
        back=(back, plan.title),
    )


@officer_required
def indicator_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan's indicators from a spreadsheet: every row checked, all written or none (above
    ``KECHUANG_IMPORT_BACKGROUND_ROWS`` rows, by a task worker)."""
    params = {"plan": pk}
    spec = indicator_import_spec(request.user, params)
    return import_page(request, spec, provider=indicator_import_spec, params=params)


@officer_required
def allocation_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocations of the plan's indicators to sub-regions and units from a spreadsheet (all or none;
    above ``KECHUANG_IMPORT_BACKGROUND_ROWS`` rows, by a task worker)."""
    params = {"plan": pk}
    spec = allocation_import_spec(request.user, params)
    return import_page(request, spec, provider=allocation_import_spec, params=params)
