"""Pages of the reserve library (储备项目库) and of recommendations to higher-level programs (向上级推荐)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.pages import form_data, post_action
from kechuang.core.permissions import get_object_or_404_for
from kechuang.programs import selectors_reserve as sel
from kechuang.programs import services
from kechuang.programs.choices_reserve import HigherOutcome, ReserveStatus
from kechuang.programs.forms_reserve import (
    HigherOutcomeForm,
    HigherRecommendForm,
    ReserveFromApplicationForm,
    ReserveRegisterForm,
    ReserveRemoveForm,
)
from kechuang.programs.models import Application
from kechuang.registry.models import Department, Organization
from kechuang.registry.selectors import officer_department_ids, user_organizations


def _reserve_page(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return reverse("programs:reserve_library")


def _higher_page(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return reverse("programs:higher_list")


@login_required
def reserve_library(request: HttpRequest) -> HttpResponse:
    """储备项目库: officers see their department's entries, organizations their own."""
    status = request.GET.get("status", ReserveStatus.RESERVED)
    status = status if status in ReserveStatus.values else ""
    year = request.GET.get("year", "")
    user = request.user
    departments = officer_department_ids(user)
    officer = bool(departments)
    counts = sel.reserve_counts(user=user)
    return render(
        request,
        "programs/reserve.html",
        {
            "entries": sel.reserve_entries(
                user=user, status=status, year=int(year) if year.isdigit() else None
            )[:500],
            "statuses": [(v, label, counts.get(v, 0)) for v, label in ReserveStatus.choices],
            "officer_departments": departments,
            "status": status,
            "year": year,
            "officer": officer,
            "reservable": sel.reservable_applications(user=user) if officer else [],
            "organizations": user_organizations(user, admin_only=True),
            "departments": sel.program_departments(),
            "this_year": timezone.localdate().year,
        },
    )


@post_action(success=gettext_lazy("已转入储备项目库。"), redirect_to=_reserve_page)
def reserve_add(request: HttpRequest) -> Any:
    data = form_data(
        ReserveFromApplicationForm(request.POST), invalid=_("请选择项目申报并填写储备年度和入库理由。")
    )
    application = get_object_or_404_for(
        request.user, Application.objects.all(), "decide", pk=data["application"]
    )
    return services.reserve_from_application(
        application=application, actor=request.user, year=data["year"], reason=data["reason"]
    )


@post_action(success=gettext_lazy("候选项目已登记入库。"), redirect_to=_reserve_page)
def reserve_register(request: HttpRequest) -> Any:
    data = form_data(ReserveRegisterForm(request.POST), invalid=_("请填写项目名称、储备年度和入库理由。"))
    organization = Organization.objects.filter(pk=data["organization"]).first()
    department = Department.objects.filter(pk=data["department"]).first()
    if organization is None or department is None:
        raise Http404
    return services.reserve_register(
        organization=organization, department=department, actor=request.user, title=data["title"],
        summary=data["summary"], year=data["year"], reason=data["reason"],
    )  # fmt: skip


@post_action(success=gettext_lazy("已出库。"), redirect_to=_reserve_page)
def reserve_remove(request: HttpRequest, pk: int) -> Any:
    entry = sel.reserve_get(user=request.user, pk=pk)
    data = form_data(ReserveRemoveForm(request.POST), invalid=_("请填写出库理由。"))
    return services.reserve_remove(entry=entry, actor=request.user, reason=data["reason"])


@login_required
def higher_list(request: HttpRequest) -> HttpResponse:
    """向上级推荐: the applications recommended upward and what became of them."""
    status = request.GET.get("status", "")
    status = status if status in HigherOutcome.values else ""
    officer = bool(officer_department_ids(request.user))
    return render(
        request,
        "programs/higher.html",
        {
            "rows": sel.higher_recommendations(user=request.user, status=status)[:500],
            "statuses": HigherOutcome.choices,
            "status": status,
            "officer": officer,
            "recommendable": sel.recommendable_applications(user=request.user) if officer else [],
            "form": HigherRecommendForm(initial={"year": timezone.localdate().year}),
            "outcome_form": HigherOutcomeForm(),
        },
    )


@post_action(success=gettext_lazy("已向上级推荐。"), redirect_to=_higher_page)
def higher_recommend(request: HttpRequest) -> Any:
    data = form_data(
        HigherRecommendForm(request.POST), invalid=_("请选择项目申报、推荐层级并填写上级计划名称。")
    )
    application = get_object_or_404_for(
        request.user, Application.objects.all(), "decide", pk=data["application"]
    )
    return services.higher_recommend(
        application=application, actor=request.user, level=data["level"], program_name=data["program_name"],
        year=data["year"],
    )  # fmt: skip


@post_action(success=gettext_lazy("上级评审结果已登记。"), redirect_to=_higher_page)
def higher_outcome(request: HttpRequest, pk: int) -> Any:
    recommendation = sel.higher_get(user=request.user, pk=pk)
    data = form_data(HigherOutcomeForm(request.POST), invalid=_("请选择上级评审结果。"))
    return services.higher_outcome(
        recommendation=recommendation, actor=request.user, funded=data["funded"], note=data["note"]
    )
