"""Departments and officer appointments in the browser: platform admins set departments up, rename and
retire them; platform admins and department admins appoint officers, change their region and end their
terms. The rules are in ``services_departments``; the pages only collect input."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.pages import post_action, save_form
from kechuang.core.permissions import get_object_or_404_for, restrict, role_required
from kechuang.registry import services_departments as services
from kechuang.registry.forms_departments import AppointmentChangeForm, AppointmentForm, DepartmentForm
from kechuang.registry.guards import officer_required
from kechuang.registry.models import Department, OfficerAssignment
from kechuang.registry.selectors import department_list as departments_of

admin_required = role_required(user_is_platform_admin)


@officer_required
def department_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:60]
    departments = departments_of(user=request.user).order_by("-is_active", "region_id", "kind")
    if q:
        departments = departments.filter(name__contains=q)
    return render(
        request,
        "registry/department_list.html",
        {"departments": departments[:500], "q": q, "can_manage": user_is_platform_admin(request.user)},
    )


def _resolved(data: dict[str, Any]) -> dict[str, Any]:
    return services.department_resolve(data)


@admin_required
def department_new(request: HttpRequest) -> HttpResponse:
    form = DepartmentForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services.department_add(actor=request.user, **_resolved(data)),
        success=_("政府部门已设立。"),
        redirect_to=lambda d: reverse("registry:department_detail", args=[d.pk]),
    ):
        return saved
    return render(
        request, "registry/department_form.html", {"form": form}, status=400 if form.errors else 200
    )


@admin_required
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404_for(request.user, Department.objects.all(), "change", pk=pk)
    form = DepartmentForm(
        request.POST or None,
        initial={"name": department.name, "kind": department.kind, "region": department.region_id},
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.department_update(actor=request.user, department=department, **_resolved(data)),
        success=_("部门信息已保存。"),
        redirect_to=reverse("registry:department_detail", args=[pk]),
    ):
        return saved
    return render(
        request,
        "registry/department_form.html",
        {"form": form, "department": department},
        status=400 if form.errors else 200,
    )


@officer_required
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404_for(
        request.user, Department.objects.select_related("region"), "view", pk=pk
    )
    officers = restrict(
        OfficerAssignment.objects.filter(department=department), request.user, "view"
    ).select_related("user", "region")
    return render(
        request,
        "registry/department_detail.html",
        {
            "department": department,
            "officers": officers.order_by("ended_on", "region_id", "id"),
            "is_admin": user_is_platform_admin(request.user),
            "can_appoint": user_is_platform_admin(request.user)
            or services.is_department_admin(request.user, department),
        },
    )


@post_action(
    success=gettext_lazy("部门状态已变更。"),
    redirect_to=lambda request, pk: reverse("registry:department_detail", args=[pk]),
)
def department_status(request: HttpRequest, pk: int) -> Any:
    if not user_is_platform_admin(request.user):
        raise Http404
    department = get_object_or_404_for(request.user, Department.objects.all(), "change", pk=pk)
    return services.department_set_active(
        actor=request.user, department=department, active=request.POST.get("active") == "1"
    )


@officer_required
def officer_new(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404_for(
        request.user, Department.objects.select_related("region"), "view", pk=pk
    )
    if not (user_is_platform_admin(request.user) or services.is_department_admin(request.user, department)):
        raise Http404
    form = AppointmentForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services.officer_appoint_to(
            actor=request.user,
            department=department,
            **services.appointment_resolve(data, department=department),
        ),
        success=_("已任命。"),
        redirect_to=reverse("registry:department_detail", args=[pk]),
    ):
        return saved
    return render(
        request,
        "registry/appointment_form.html",
        {"form": form, "department": department},
        status=400 if form.errors else 200,
    )


@officer_required
def officer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404_for(
        request.user, OfficerAssignment.objects.select_related("department__region", "user"), "change", pk=pk
    )
    department = assignment.department
    form = AppointmentChangeForm(
        request.POST or None,
        initial={"region": assignment.region_id, "is_department_admin": assignment.is_department_admin},
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.officer_change(
            actor=request.user,
            assignment=assignment,
            **services.appointment_resolve(data, department=department),
        ),
        success=_("任职信息已保存。"),
        redirect_to=reverse("registry:department_detail", args=[department.pk]),
    ):
        return saved
    return render(
        request,
        "registry/appointment_form.html",
        {"form": form, "department": department, "assignment": assignment},
        status=400 if form.errors else 200,
    )


def _department_of(request: HttpRequest, pk: int) -> str:
    assignment = OfficerAssignment.objects.filter(pk=pk).only("department_id").first()
    return reverse("registry:department_detail", args=[assignment.department_id]) if assignment else "/"


@post_action(success=gettext_lazy("已免去该任职，记录保留。"), redirect_to=_department_of)
def officer_end(request: HttpRequest, pk: int) -> Any:
    assignment = get_object_or_404_for(request.user, OfficerAssignment.objects.all(), "change", pk=pk)
    return services.officer_end(actor=request.user, assignment=assignment)
