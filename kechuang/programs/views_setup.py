"""Officers set up their programs in the browser: program types (计划类别), yearly calls (申报指南) with
their topics (指南方向), publishing and closing a call. Views parse input and call the services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.pages import post_action, save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.programs import selectors, services
from kechuang.programs.forms_setup import CallForm, ProgramTypeForm, TopicForm
from kechuang.programs.models import Call, ProgramType
from kechuang.programs.views_deciding import setup_context
from kechuang.registry.guards import officer_required
from kechuang.registry.selectors import user_officer_roles


def _departments(request: HttpRequest) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for role in user_officer_roles(request.user):
        seen.setdefault(role.department_id, role.department.name)
    return sorted(seen.items(), key=lambda pair: pair[1])


@officer_required
def setup_index(request: HttpRequest) -> HttpResponse:
    """The officer's program types and every call of them, drafts included, with the next step of each."""
    types = list(selectors.managed_program_types(user=request.user))
    calls = selectors.managed_calls(user=request.user, include_drafts=True).select_related("program_type")
    by_type: dict[int, list[Call]] = {}
    for call in calls:
        by_type.setdefault(call.program_type_id, []).append(call)
    rows = [(t, by_type.get(t.pk, [])) for t in types]
    return render(
        request, "programs/setup_index.html", {"rows": rows, "can_create_type": bool(_departments(request))}
    )


@officer_required
def program_type_new(request: HttpRequest) -> HttpResponse:
    departments = _departments(request)
    form = ProgramTypeForm(request.POST or None, departments=departments)

    def save(data: dict[str, Any]) -> ProgramType:
        department = next(
            role.department
            for role in user_officer_roles(request.user)
            if role.department_id == data["department"]
        )
        return services.program_type_create(
            department=department,
            actor=request.user,
            code=data["code"],
            name=data["name"],
            description=data["description"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=lambda t: _("已建立计划类别“%(name)s”，下一步：发布年度申报指南。") % {"name": t.name},
        redirect_to=reverse("programs:setup_index"),
    ):
        return saved
    return render(request, "programs/setup_form.html", {"form": form, "heading": _("新建计划类别")})


@officer_required
def call_new(request: HttpRequest, pk: int) -> HttpResponse:
    program_type = get_object_or_404_for(request.user, ProgramType.objects.all(), "manage", pk=pk)
    form = CallForm(request.POST or None)

    def save(data: dict[str, Any]) -> Call:
        return services.call_create(
            program_type=program_type,
            actor=request.user,
            year=data["year"],
            title=data["title"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            total_budget=data["total_budget"],
            leader_limit=data["leader_limit"],
            eligibility_rule=data["eligibility_rule"],
            notice=data["notice"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("已保存申报指南草稿，下一步：添加指南方向，然后发布。"),
        redirect_to=lambda call: reverse("programs:setup_call", args=[call.pk]),
    ):
        return saved
    heading = _("新建年度申报指南：%(type)s") % {"type": program_type.name}
    return render(request, "programs/setup_form.html", {"form": form, "heading": heading})


@officer_required
def setup_call(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    form = TopicForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services.topic_add(call=call, actor=request.user, **data),
        success=lambda topic: _("已添加方向“%(title)s”。") % {"title": topic.title},
        redirect_to=reverse("programs:setup_call", args=[call.pk]),
    ):
        return saved
    topics = list(selectors.call_topics(call=call))
    planned = sum((t.funding_cap * t.project_count for t in topics), 0)
    return render(
        request,
        "programs/setup_call.html",
        {
            "call": call,
            "topics": topics,
            "form": form,
            "planned": planned,
            "left": call.total_budget - planned,
            **setup_context(call=call),
        },
    )


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@officer_required
@post_action(
    success=gettext_lazy("指南已发布，申报单位现在可以看到并在申报期内申报。"),
    redirect_to="programs:setup_call",
)
def call_publish(request: HttpRequest, pk: int) -> Call:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    return services.call_publish(call=call, actor=request.user, expected_version=_version(request))


@officer_required
@post_action(success=gettext_lazy("指南已截止受理。"), redirect_to="programs:setup_call")
def call_close(request: HttpRequest, pk: int) -> Call:
    call = selectors.call_get(user=request.user, pk=pk, action="manage")
    return services.call_close(call=call, actor=request.user, expected_version=_version(request))
