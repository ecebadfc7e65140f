"""Programs pages: the public guides; the applicant's applications, draft form and submission; the
officers' queue by status.  Views call services and selectors only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import PAGE_SIZES, form_data, page_action, page_size, post_action
from kechuang.core.permissions import can
from kechuang.core.workflow import allowed_actions, history
from kechuang.programs import pdf, selectors, selectors_deciding, services
from kechuang.programs.choices import EDITABLE, ApplicationStatus, BudgetCategory
from kechuang.programs.forms import ApplicationForm, ApplyForm, TransitionForm
from kechuang.programs.models import Application
from kechuang.programs.selectors_deciding import QueueFilters, bulk_moves
from kechuang.registry.guards import officer_required
from kechuang.registry.selectors import user_organizations
from kechuang.review.forms import ObjectionAnswerForm


def _detail(request: HttpRequest, pk: int, *args: Any) -> str:
    return reverse("programs:application_detail", args=[pk])


# ----------------------------------------------------------------------------------------------- public


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/index.html", {"calls": selectors.call_list(user=request.user)[:50]})


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    return render(
        request,
        "programs/call_detail.html",
        {
            "call": call,
            "topics": selectors.call_topics(call=call),
            "organizations": user_organizations(request.user, admin_only=True),
        },
    )


def call_guide_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The guide (申报指南) as a PDF, for whoever may read the call's page."""
    call = selectors.call_get(user=request.user, pk=pk)
    body = pdf.guide_pdf(selectors.guide_content(call=call, today=timezone.localdate()))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{call.year}-{call.pk}.pdf"'
    return response


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a draft on a topic, for one of the organizations the user is an admin of."""
    topic = selectors.topic_get(user=request.user, pk=pk)

    def create() -> Application:
        data = form_data(ApplyForm(request.POST), invalid=_("请填写牵头单位、项目名称和项目负责人。"))
        return services.application_create(
            topic=topic,
            organization=services.applicant_organization(
                user=request.user, organization_id=data["organization"]
            ),
            actor=request.user,
            title=data["title"],
            leader_name=data["leader_name"],
            leader_identifier=data["leader_identifier"],
        )

    return page_action(
        request,
        create,
        success=_("草稿已创建，请完善申报书。"),
        redirect_to=lambda application: reverse("programs:application_detail", args=[application.pk]),
        error_redirect=reverse("programs:call_detail", args=[topic.call_id]),
    )


# -------------------------------------------------------------------------------------------- applicant


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """我的项目申报: the applications of the user's organizations."""
    page = Paginator(selectors.my_applications(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "programs/my_applications.html", {"page": page})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    actions = allowed_actions(application, request.user)
    editable = application.status in EDITABLE and can(request.user, application, "change")
    form = None
    if editable:
        budget = {b.category: b for b in application.budget_lines.all()}
        initial: dict[str, Any] = {
            "version": application.version,
            "title": application.title,
            "summary": application.summary,
            "leader_name": application.leader_name,
            "leader_identifier": application.leader_identifier,
            "requested_funds": application.requested_funds,
            "self_funds": application.self_funds,
            "indicators": "\n".join(
                f"{i.text}|{i.quantity.normalize():f}|{i.unit}" for i in application.indicators.all()
            ),
            "partners": "\n".join(
                f"{p.organization.uscc}|{p.get_role_display()}|{p.budget_share.normalize():f}"
                for p in application.partners.select_related("organization")
            ),
        }
        for value in BudgetCategory.values:
            if value in budget:
                initial[f"special_{value}"] = budget[value].special_funds
                initial[f"self_{value}"] = budget[value].self_funds
        form = ApplicationForm(initial=initial)
    return render(
        request,
        "programs/application_detail.html",
        {
            "application": application,
            "form": form,
            "actions": actions,
            "applicant_moves": actions.moves("submit"),
            "officer_moves": actions.moves("decide"),
            "recommend_moves": actions.moves("recommend"),
            "objections": selectors_deciding.application_objections(
                user=request.user, application=application
            ),
            "answer_form": ObjectionAnswerForm(),
            "problems": services.application_problems(application=application) if "submit" in actions else [],
            "budget_lines": application.budget_lines.all(),
            "indicators": application.indicators.all(),
            "partners": application.partners.select_related("organization"),
            "duplicates": selectors.application_duplicates(user=request.user, application=application),
            "history": [
                (change, dict(ApplicationStatus.choices).get(change.to_status, ""))
                for change in history(application)
            ],
        },
    )


@post_action(success=gettext_lazy("已保存。"), redirect_to=_detail)
def application_edit(request: HttpRequest, pk: int) -> Any:
    application = selectors.application_get(user=request.user, pk=pk, action="change")
    form = ApplicationForm(request.POST)
    data = form_data(form, invalid=_("请检查填写的内容：金额须为非负数字。"))
    return services.application_update(
        application=application,
        actor=request.user,
        data={
            k: data[k]
            for k in ("title", "summary", "leader_name", "leader_identifier", "requested_funds", "self_funds")
        },
        budget=form.budget(),
        indicators=form.indicator_lines(),
        partners=form.partner_lines(),
        expected_version=data["version"],
    )


def _submit_error(request: HttpRequest, error: ApplicationError) -> None:
    for problem in error.extra.get("problems", []):
        messages.error(request, problem)


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk, action="submit")

    def submit() -> Application:
        try:
            return services.application_submit(
                application=application,
                actor=request.user,
                expected_version=int(request.POST.get("version", "")),
            )
        except ApplicationError as exc:
            _submit_error(request, exc)
            raise

    return page_action(request, submit, success=_("申报书已提交。"), redirect_to=_detail(request, pk))


@post_action(success=gettext_lazy("状态已更新。"), redirect_to=_detail)
def application_transition(request: HttpRequest, pk: int) -> Any:
    application = selectors.application_get(user=request.user, pk=pk)
    data = form_data(TransitionForm(request.POST), invalid=_("操作不正确，请刷新页面后重试。"))
    return services.application_transition(
        application=application,
        to=data["to"],
        actor=request.user,
        note=data["note"],
        expected_version=data["version"],
    )


# ---------------------------------------------------------------------------------------------- officer


@officer_required
def officer_queue(request: HttpRequest) -> HttpResponse:
    """The officer's applications by status, with the count of each status, filters (call, name), paging
    and the bulk moves the status allows."""
    status = request.GET.get("status") or ApplicationStatus.SUBMITTED
    if status not in ApplicationStatus.values or status == ApplicationStatus.DRAFT:
        status = ApplicationStatus.SUBMITTED
    call = request.GET.get("call", "")
    filters = QueueFilters(
        status=status, call=int(call) if call.isdigit() else None, q=request.GET.get("q", "").strip()[:60]
    )
    size = page_size(request)
    page = Paginator(
        selectors_deciding.officer_queue_filtered(user=request.user, filters=filters), size
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/officer_queue.html",
        {
            "page": page,
            "status": status,
            "filters": filters,
            "size": size,
            "sizes": PAGE_SIZES,
            "counts": selectors.officer_status_counts(user=request.user),
            "managed_calls": selectors.managed_calls(user=request.user)[:20],
            "bulk_moves": bulk_moves(status),
        },
    )
