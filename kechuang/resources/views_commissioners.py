"""Pages of the commissioner programme: the public pool, the officer's pool entry and dispatch forms,
dispatches (the commissioner's logs, the host's confirmation, the officer's ending), and the officer's
annual assessment with the year's figures."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.accounts.models import User
from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, post_action, save_form
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.registry.guards import officer_required
from kechuang.registry.models import Organization, Region
from kechuang.resources import selectors_commissioners as selectors
from kechuang.resources.choices import DispatchStatus
from kechuang.resources.forms_commissioners import (
    AssessmentForm,
    CommissionerForm,
    ConfirmForm,
    DispatchForm,
    WorkLogForm,
)
from kechuang.resources.models_commissioners import Commissioner, Dispatch, WorkLog
from kechuang.resources.selectors_agencies import parks_to_check
from kechuang.resources.services import commissioners as services


def pool(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    return render(
        request,
        "resources/commissioner_pool.html",
        {"commissioners": selectors.pool(user=request.user, q=q)[:300], "q": q},
    )


def _organization(uscc: str, field: str) -> Organization:
    found = Organization.objects.filter(uscc=uscc.strip().upper()).first()
    if found is None:
        raise ApplicationError(_("统一社会信用代码对应的单位不存在。"), extra={"field": field})
    return found


@officer_required
def commissioner_add(request: HttpRequest) -> HttpResponse:
    form = CommissionerForm(request.POST or None)

    def save(data: dict[str, Any]) -> Commissioner:
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            raise ApplicationError(_("用户不存在。"), extra={"field": "username"})
        return services.commissioner_add(
            actor=request.user,
            user=user,
            home=_organization(data["home_uscc"], "home_uscc"),
            expertise=data["expertise"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("已加入科技特派员库。"),
        redirect_to=reverse("resources:commissioner_pool"),
    ):
        return saved
    return render(request, "resources/commissioner_form.html", {"form": form})


@login_required
def dispatch_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/dispatch_list.html",
        {"dispatches": selectors.visible_dispatches(user=request.user)[:300]},
    )


@officer_required
def dispatch_create(request: HttpRequest) -> HttpResponse:
    commissioners = {c.pk: c for c in selectors.pool(user=request.user)}
    parks = {p.pk: p for p in parks_to_check(user=request.user)}
    form = DispatchForm(
        request.POST or None,
        commissioners=[(k, f"{c} · {c.home.name} · {c.expertise}") for k, c in commissioners.items()],
        parks=[(k, p.name) for k, p in parks.items()],
    )

    def save(data: dict[str, Any]) -> Dispatch:
        code = data["village_region"]
        return services.dispatch_create(
            actor=request.user,
            commissioner=commissioners[data["commissioner"]],
            host_kind=data["host_kind"],
            organization=_organization(data["organization_uscc"], "organization_uscc")
            if data["host_kind"] == "enterprise"
            else None,
            park=parks.get(data["park"] or 0),
            village=data["village"],
            village_region=Region.objects.filter(code=code).first() if code else None,
            agreement_no=data["agreement_no"],
            agreement_summary=data["agreement_summary"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("已派出科技特派员。"),
        redirect_to=lambda d: reverse("resources:dispatch_detail", args=[d.pk]),
    ):
        return saved
    return render(request, "resources/dispatch_form.html", {"form": form})


@login_required
def dispatch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dispatch = get_object_or_404_for(
        request.user, selectors.visible_dispatches(user=request.user), "view", pk=pk
    )
    logs = list(selectors.dispatch_logs(user=request.user, dispatch=dispatch))
    confirmable = set(
        restrict(WorkLog.objects.filter(dispatch=dispatch), request.user, "confirm").values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "resources/dispatch_detail.html",
        {
            "dispatch": dispatch,
            "logs": [(log, log.pk in confirmable and log.status == "submitted") for log in logs],
            "log_form": WorkLogForm(initial={"worked_on": timezone.localdate()}),
            "can_log": restrict(Dispatch.objects.filter(pk=pk), request.user, "log").exists()
            and dispatch.status == DispatchStatus.ACTIVE,
            "confirm_form": ConfirmForm(),
        },
    )


@post_action(
    success=gettext_lazy("工作记录已提交，等待服务对象确认。"), redirect_to="resources:dispatch_detail"
)
def worklog_submit(request: HttpRequest, pk: int) -> Any:
    dispatch = get_object_or_404_for(request.user, Dispatch.objects.all(), "view", pk=pk)
    data = form_data(WorkLogForm(request.POST), invalid=_("请完整填写工作记录。"))
    return services.worklog_submit(actor=request.user, dispatch=dispatch, **data)


@post_action(success=gettext_lazy("操作成功。"), redirect_to="resources:dispatch_detail")
def dispatch_action(request: HttpRequest, pk: int) -> Any:
    dispatch = get_object_or_404_for(request.user, Dispatch.objects.all(), "view", pk=pk)
    moves = {"complete": DispatchStatus.COMPLETED, "terminate": DispatchStatus.TERMINATED}
    to = moves.get(request.POST.get("action", ""))
    if to is None:
        raise ApplicationError(_("操作不正确，请刷新页面后重试。"))
    return services.dispatch_transition(
        actor=request.user, dispatch=dispatch, to=to, note=request.POST.get("note", "")
    )


@post_action(
    success=gettext_lazy("操作成功。"),
    redirect_to=lambda request, pk: reverse(
        "resources:dispatch_detail", args=[WorkLog.objects.values_list("dispatch_id", flat=True).get(pk=pk)]
    ),
)
def worklog_action(request: HttpRequest, pk: int) -> Any:
    log = get_object_or_404_for(request.user, WorkLog.objects.all(), "view", pk=pk)
    data = form_data(ConfirmForm(request.POST), invalid=_("请填写1至5分的评分。"))
    if request.POST.get("action") == "confirm":
        return services.worklog_confirm(
            actor=request.user, log=log, rating=data["rating"] or 0, comment=data["comment"]
        )
    if request.POST.get("action") == "dispute":
        return services.worklog_dispute(actor=request.user, log=log, comment=data["comment"])
    raise ApplicationError(_("操作不正确，请刷新页面后重试。"))


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year


@officer_required
def assessment(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "resources/commissioner_assessment.html",
        {
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            "rows": selectors.year_figures(user=request.user, year=year),
            "form": AssessmentForm(),
        },
    )


@post_action(
    success=gettext_lazy("考核结果已记录。"),
    redirect_to=lambda request, pk: f"{reverse('resources:commissioner_assessment')}?year={_year(request)}",
)
def assess(request: HttpRequest, pk: int) -> Any:
    commissioner = get_object_or_404_for(request.user, Commissioner.objects.all(), "manage", pk=pk)
    data = form_data(AssessmentForm(request.POST), invalid=_("请选择考核等次。"))
    return services.assessment_record(
        actor=request.user,
        commissioner=commissioner,
        year=_year(request),
        grade=data["grade"],
        note=data["note"],
    )
