"""Pages of the targets app: plan list, live dashboard, indicator and task pages, unit list, exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import page_action, post_action
from kechuang.registry.models import Department, Region
from kechuang.registry.selectors import officer_department_ids
from kechuang.targets import exports, selectors, services
from kechuang.targets.choices import ValueSource
from kechuang.targets.describe import describe_metric
from kechuang.targets.forecast import expected_on_path, linear_forecast
from kechuang.targets.forms import IndicatorForm, ReportForm, ReviewForm
from kechuang.targets.metrics import Withheld
from kechuang.targets.templatetags.targets_tags import format_number


def _date_param(request: HttpRequest, name: str = "on") -> dt.date | None:
    raw = request.GET.get(name, "")
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    plans = list(selectors.plan_list(user=request.user, q=q))
    mine = selectors.responsibility_list(user=request.user)
    return render(request, "targets/plan_list.html", {"plans": plans, "mine": mine, "q": q})


@login_required
def indicator_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan managers add an indicator; a metric definition is checked against the catalogue and the
    user's read rights, and refused with the reason."""
    plan = selectors.plan_get(user=request.user, pk=pk, action="change")
    departments = Department.objects.filter(region__path__startswith=plan.region.path).order_by(
        "region_id", "kind"
    )
    form = IndicatorForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator = services.indicator_create(
                actor=request.user,
                plan=plan,
                code=data["code"],
                name=data["name"],
                unit=data["unit"],
                direction=data["direction"],
                baseline_value=data["baseline_value"],
                baseline_date=data["baseline_date"],
                target_value=data["target_value"],
                target_date=data["target_date"],
                lead_unit=data["lead_unit"],
                metric=data["metric"] or None,
                position=plan.indicators.count(),
            )
        except ApplicationError as exc:
            form.add_error("metric" if exc.extra.get("path") else None, exc.message)
        else:
            messages.success(request, _("指标已添加。"))
            return redirect("targets:indicator_detail", pk=indicator.pk)
    return render(request, "targets/indicator_new.html", {"plan": plan, "form": form})


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    mine = selectors.responsibility_list(user=request.user)
    return render(request, "targets/mine.html", {"mine": mine})


@login_required
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    region = None
    if request.GET.get("region"):
        region = Region.objects.filter(code=request.GET["region"], path__startswith=plan.region.path).first()
        if region is None:
            raise Http404(_("对象不存在或无权访问。"))
    unit = None
    if request.GET.get("unit"):
        unit = Department.objects.filter(pk=request.GET["unit"]).first()
    on = _date_param(request) or selectors.default_on(plan)
    board = selectors.plan_dashboard(user=request.user, plan=plan, region=region, unit=unit, on=on)
    chart = progress_chart(board)
    # The region matrix is numbers only: formatted here once rather than cell by cell in the template.
    matrix = [(row.indicator.name, _matrix_cells(row)) for row in board.rows]
    tasks = list(plan.tasks.select_related("lead_unit").prefetch_related("participating_units"))
    can_manage = selectors.can_manage(user=request.user, plan=plan)
    pending = (
        list(selectors.report_list(user=request.user, plan=plan, status="submitted")) if can_manage else []
    )
    breadcrumbs = list(
        Region.objects.filter(code__in=_ancestor_codes(board.region, plan.region)).order_by("path")
    )
    return render(
        request,
        "targets/dashboard.html",
        {
            "plan": plan,
            "board": board,
            "chart": chart,
            "matrix": matrix,
            # the annual report of a plan that has ended is the report of its last year
            "report_year": min(board.on.year, plan.period_end.year),
            "tasks": tasks,
            "can_manage": can_manage,
            "pending": pending,
            "breadcrumbs": breadcrumbs,
            "escalated": {t.pk for t in tasks if t.escalated_at},
        },
    )


def _matrix_cells(row: Any) -> str:
    """One row of the region matrix: actual / allocated target per child region (behind in red), then
    the sum of the allocations against the row's target, so an incomplete breakdown shows as a gap."""
    behind_at_least = row.indicator.direction == "at_least"
    cells = []
    for c in row.cells:
        behind = (
            c.target is not None
            and isinstance(c.actual, Decimal)
            and (c.actual < c.target if behind_at_least else c.actual > c.target)
        )
        text = format_number(c.actual) + ("" if c.target is None else f" / {format_number(c.target)}")
        cells.append(f'<td class="tg-num{" tg-behind" if behind else ""}">{text}</td>')
    allocated = [c.target for c in row.cells if c.target is not None]
    if allocated and row.target is not None:
        total = sum(allocated)
        gap = row.target - total
        note = (
            ""
            if gap == 0
            else f' <span class="tg-behind">({format_number(-gap) if gap < 0 else "-" + format_number(gap)})</span>'
        )
        cells.append(f'<td class="tg-num">{format_number(total)}{note}</td>')
    else:
        cells.append('<td class="tg-num">—</td>')
    return mark_safe("".join(cells))


def _ancestor_codes(region: Region, top: Region) -> list[str]:
    codes = [p for p in region.path.split("/") if p]
    top_codes = [p for p in top.path.split("/") if p]
    return codes[len(top_codes) - 1 :]


CHART_CAP = 150.0  # per cent: a bar beyond it is drawn to the cap and labelled with its real figure


def progress_chart(board: Any) -> list[dict[str, Any]]:
    """One bar per indicator: progress (% of the way from baseline to target) drawn up to CHART_CAP so that
    one indicator far beyond its target does not squash the rest; the label always states the real figure,
    and a row without a judgement says why (未分解到本地区, 尚未填报 …) in place of a bar."""
    out = []
    for row in board.rows:
        progress = None if row.assessment.progress is None else round(row.assessment.progress * 100, 1)
        shown = None if progress is None else max(min(progress, CHART_CAP), -CHART_CAP / 3)
        out.append(
            {
                "name": f"{row.indicator.code} {row.indicator.name}",
                "progress": progress,
                "shown": shown,
                "capped": progress is not None and shown != progress,
                "label": f"{progress:,.0f}%" if progress is not None else row.state.label_text,
                "expected": _expected_share(row, board.on),
                "status": row.status,
                "url": reverse("targets:indicator_detail", args=[row.indicator.pk]),
            }
        )
    return out


def _expected_share(row: Any, on: dt.date) -> float | None:
    a = row.assessment
    if a.expected is None or row.baseline is None or row.target is None:
        return None
    distance = float(row.target) - float(row.baseline)
    if not distance:
        return None
    return round((a.expected - float(row.baseline)) / distance * 100, 1)


def _report_form(request: HttpRequest, plan: Any, data: Any = None, files: Any = None) -> ReportForm:
    departments = Department.objects.filter(pk__in=officer_department_ids(request.user))
    initial = {"as_of": min(timezone.localdate(), plan.period_end)}
    return ReportForm(data, files, departments=departments, initial=initial)


def _submit_report(request: HttpRequest, form: ReportForm, **subject: Any) -> bool:
    if not form.is_valid():
        return False
    try:
        services.report_submit(
            actor=request.user,
            department=form.cleaned_data["department"],
            as_of=form.cleaned_data["as_of"],
            value=form.cleaned_data["value"],
            narrative=form.cleaned_data["narrative"],
            files=form.cleaned_data["files"],
            **subject,
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return False
    messages.success(request, _("进展报告已提交,等待审核。"))
    return True


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    plan = indicator.plan
    form = _report_form(request, plan)
    if request.method == "POST":
        form = _report_form(request, plan, request.POST, request.FILES)
        if _submit_report(request, form, indicator=indicator):
            return redirect("targets:indicator_detail", pk=pk)
    today = timezone.localdate()
    history = selectors.indicator_history(indicator=indicator, region=plan.region)
    board = selectors.plan_dashboard(user=request.user, plan=plan, on=today)
    row = next(r for r in board.rows if r.indicator.pk == indicator.pk)
    # a withheld value has no trend either (snapshots may predate disclosure control)
    withheld = isinstance(row.actual, Withheld)
    points = [] if withheld else [(d, float(v)) for d, v in history if v is not None]
    if isinstance(row.actual, Decimal) and (not points or points[-1][0] < today):
        points.append((today, float(row.actual)))
    chart: dict[str, Any] = {
        "actual": [[d.isoformat(), v] for d, v in points],
        "target": [[indicator.target_date.isoformat(), float(indicator.target_value)]],
        "unit": indicator.unit,
        "name": indicator.name,
    }
    if indicator.baseline_value is not None:
        chart["path"] = [
            [indicator.baseline_date.isoformat(), float(indicator.baseline_value)],
            [indicator.target_date.isoformat(), float(indicator.target_value)],
        ]
        fc = linear_forecast(points, at=indicator.target_date)
        if fc is not None and points:
            chart["forecast"] = [
                [points[-1][0].isoformat(), points[-1][1]],
                [indicator.target_date.isoformat(), round(fc.value, 2)],
            ]
        chart["expected_today"] = round(
            expected_on_path(
                baseline=float(indicator.baseline_value),
                baseline_date=indicator.baseline_date,
                target=float(indicator.target_value),
                target_date=indicator.target_date,
                on=min(today, indicator.target_date),
            ),
            2,
        )
    reports = list(selectors.report_list(user=request.user).filter(indicator=indicator))
    return render(
        request,
        "targets/indicator_detail.html",
        {
            "indicator": indicator,
            "plan": plan,
            "row": row,
            "chart": chart,
            "allocations": list(indicator.allocations.select_related("region", "department")),
            "reports": reports,
            "form": form,
            "reported": indicator.source == ValueSource.REPORTED,
            "participating": list(indicator.participating_units.all()),
            "can_manage": selectors.can_manage(user=request.user, plan=plan),
            "review_form": ReviewForm(),
            "metric_text": describe_metric(metric) if (metric := selectors.parsed_metric(indicator)) else "",
            "versions": selectors.indicator_versions(indicator=indicator, history=list(history)),
        },
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    form = _report_form(request, task.plan)
    if request.method == "POST":
        form = _report_form(request, task.plan, request.POST, request.FILES)
        if _submit_report(request, form, task=task):
            return redirect("targets:task_detail", pk=pk)
    return render(
        request,
        "targets/task_detail.html",
        {
            "task": task,
            "plan": task.plan,
            "participating": list(task.participating_units.all()),
            "supervision": list(selectors.supervision_list(user=request.user, task=task)),
            "reports": list(selectors.report_list(user=request.user).filter(task=task)),
            "form": form,
            "can_manage": selectors.can_manage(user=request.user, plan=task.plan),
            "review_form": ReviewForm(),
        },
    )


@post_action(success=None, redirect_to="targets:task_detail")  # the page shows the new status
def task_status(request: HttpRequest, pk: int) -> Any:
    task = selectors.task_get(user=request.user, pk=pk)
    to, note = request.POST.get("to", ""), request.POST.get("note", "")
    return services.task_transition(actor=request.user, task=task, to=to, note=note)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    if report.indicator_id:
        back = reverse("targets:indicator_detail", args=[report.indicator_id])
    else:
        back = reverse("targets:task_detail", args=[report.task_id])
    form = ReviewForm(request.POST)
    if not form.is_valid():  # the decision is a fixed choice: only a forged post is invalid
        return redirect(back)
    return page_action(
        request,
        lambda: services.report_review(
            actor=request.user,
            report=report,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        ),
        success=_("审核结果已保存。"),
        redirect_to=back,
    )


def _report_params(request: HttpRequest) -> tuple[int, dt.date]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    on = min(dt.date(year, 12, 31), today)
    return year, on


@login_required
def plan_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk, action="export")
    year, on = _report_params(request)
    report = exports.annual_report(user=request.user, plan=plan, year=year, on=on)
    response = HttpResponse(
        exports.annual_report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="targets-plan{plan.pk}-{year}.xlsx"'
    return response


@login_required
def plan_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk, action="export")
    year, on = _report_params(request)
    report = exports.annual_report(user=request.user, plan=plan, year=year, on=on)
    response = HttpResponse(exports.annual_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="targets-plan{plan.pk}-{year}.pdf"'
    return response
