"""The expert pool's pages: officers list, add, change, retire experts and record their conflicts of
interest; an expert keeps their own profile (title, fields, availability) up to date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.background import sheet_import_provider
from kechuang.core.import_pages import SheetImportPage, import_page
from kechuang.core.pages import form_data, page_action, save_form
from kechuang.core.permissions import can
from kechuang.registry import selectors_experts as selectors
from kechuang.registry import services_experts as services
from kechuang.registry.excel import experts as excel_experts
from kechuang.registry.forms_experts import ConflictForm, ExpertForm, ExpertProfileForm
from kechuang.registry.guards import officer_required


def _detail(expert: Any) -> str:
    return reverse("registry:expert_detail", args=[expert.pk])


def _save(
    request: HttpRequest, form: Any, save: Any, *, success: str, template: str, context: Any
) -> HttpResponse:
    if saved := save_form(request, form, save, success=success, redirect_to=_detail):
        return saved
    return render(request, template, {"form": form, **context})


@officer_required
def expert_list(request: HttpRequest) -> HttpResponse:
    q, active = request.GET.get("q", "").strip(), request.GET.get("active", "1")
    experts = list(selectors.expert_list(user=request.user, q=q, active=active)[:500])
    labels = selectors.field_labels(experts)
    for e in experts:
        e.field_labels = [labels.get(c, c) for c in e.fields or []]
    return render(request, "registry/expert_list.html", {"experts": experts, "q": q, "active": active})


@officer_required
def expert_new(request: HttpRequest) -> HttpResponse:
    form = ExpertForm(request.POST or None)

    def create(data: dict[str, Any]) -> Any:
        values = services.expert_resolve(data)
        return services.expert_create(actor=request.user, **values)

    return _save(
        request, form, create, success=_("专家已入库。"), template="registry/expert_form.html", context={}
    )


@officer_required
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk)
    return render(
        request,
        "registry/expert_detail.html",
        {
            "expert": expert,
            "field_labels": list(selectors.field_labels([expert]).values()),
            "conflicts": selectors.expert_conflicts(expert=expert),
            "can_manage": can(request.user, expert, "manage"),
            "conflict_form": ConflictForm(),
        },
    )


@officer_required
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk, action="manage")
    form = ExpertForm(request.POST or None, initial=ExpertForm.initial_from(expert))

    def update(data: dict[str, Any]) -> Any:
        return services.expert_update(expert=expert, actor=request.user, data=services.expert_resolve(data))

    return _save(
        request,
        form,
        update,
        success=_("专家信息已保存。"),
        template="registry/expert_form.html",
        context={"expert": expert},
    )


@officer_required
@require_POST
def expert_status(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk, action="manage")
    active = request.POST.get("active") == "1"
    return page_action(
        request,
        lambda: services.expert_set_active(expert=expert, actor=request.user, active=active),
        success=_("专家已重新入库。") if active else _("专家已出库，不再分配新的评审任务。"),
        redirect_to=_detail(expert),
    )


@login_required
@require_POST
def expert_conflict_add(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_get(user=request.user, pk=pk, action="change")

    def declare() -> Any:
        data = form_data(ConflictForm(request.POST), invalid=_("请填写回避单位。"))
        organization = services.expert_resolve({"organization": data["organization"]}, partial=True)[
            "organization"
        ]
        return services.expert_declare_conflict(
            expert=expert, organization=organization, reason=data["reason"], actor=request.user
        )

    mine = expert.user_id == request.user.pk
    return page_action(
        request,
        declare,
        success=_("回避声明已记录，评审分配将自动回避该单位。"),
        redirect_to=reverse("registry:my_expert_profile") if mine else _detail(expert),
    )


@login_required
def my_expert_profile(request: HttpRequest) -> HttpResponse:
    expert = selectors.expert_of_user(user=request.user)
    if expert is None:
        raise Http404(_("您不在专家库中。"))
    form = ExpertProfileForm(
        request.POST or None,
        initial={
            "title": expert.title,
            "fields": "、".join(expert.fields or []),
            "max_load": expert.max_load,
        },
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.expert_update(
            expert=expert, actor=request.user, data=services.expert_resolve(data, partial=True)
        ),
        success=_("您的专家信息已保存。"),
        redirect_to=request.path,
    ):
        return saved
    return render(
        request,
        "registry/expert_profile.html",
        {
            "expert": expert,
            "form": form,
            "conflicts": selectors.expert_conflicts(expert=expert),
            "conflict_form": ConflictForm(),
        },
    )


@sheet_import_provider
def expert_import_spec(user: Any, params: Mapping[str, Any]) -> SheetImportPage:
    """The expert import as ``user`` gets it (the page, or a task worker for a large file)."""
    return SheetImportPage(
        title=_("从Excel导入专家"),
        sheet=excel_experts.SHEET,
        columns=excel_experts.columns(),
        notes=excel_experts.notes(),
        filename=excel_experts.FILENAME,
        clean=excel_experts.clean,
        write=excel_experts.writer(user),
        success=lambda n: _("已导入%(n)d位专家。") % {"n": n},
        redirect_to=reverse("registry:expert_list"),
        back=(reverse("registry:expert_list"), _("专家库")),
    )


@officer_required
def expert_import(request: HttpRequest) -> HttpResponse:
    """Many experts from a spreadsheet, with their declared conflicts: every row checked, all or none
    (above ``KECHUANG_IMPORT_BACKGROUND_ROWS`` rows, by a task worker)."""
    return import_page(request, expert_import_spec(request.user, {}), provider=expert_import_spec, params={})
