"""Pages over many projects: the applicant's projects with what is due next, the officers' execution
queues with counts, the project library (项目库: search, Excel export and import of past projects),
performance evaluation (绩效评价), public acceptance results, and named project lists with versions."""

from __future__ import annotations

from typing import Any

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
from kechuang.core.excel import Column, dated_filename, export_response
from kechuang.core.import_pages import import_upload
from kechuang.core.pages import form_data, int_param, page_action, post_action
from kechuang.programs import selectors, services
from kechuang.programs import selectors_execution as sel
from kechuang.programs.choices import ProjectStatus
from kechuang.programs.forms_execution import ImportForm, ProjectListForm, RevisionForm
from kechuang.registry.forms import region_filter
from kechuang.registry.guards import officer_required
from kechuang.registry.selectors import officer_department_ids

EXPORT_COLUMNS = [
    Column(str(gettext_lazy("项目编号")), "code", width=16),
    Column(str(gettext_lazy("项目名称")), "application.title", width=36),
    Column(str(gettext_lazy("计划类别")), "application.topic.call.program_type.name", width=18),
    Column(str(gettext_lazy("年度")), "application.topic.call.year", width=8),
    Column(str(gettext_lazy("承担单位")), "application.organization.name", width=30),
    Column(str(gettext_lazy("承担单位统一社会信用代码")), "application.organization.uscc", width=22),
    Column(str(gettext_lazy("项目负责人")), "application.leader_name"),
    Column(str(gettext_lazy("专项经费（万元）")), "application.requested_funds", number_format="#,##0.00"),
    Column(str(gettext_lazy("自筹经费（万元）")), "application.self_funds", number_format="#,##0.00"),
    Column(str(gettext_lazy("开始日期")), "starts_on", number_format="yyyy-mm-dd"),
    Column(str(gettext_lazy("结束日期")), "ends_on", number_format="yyyy-mm-dd"),
    Column(str(gettext_lazy("项目状态")), lambda p: p.get_status_display()),
]


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    """我的项目: the projects of the user's organizations, with what each owes next."""
    projects = list(sel.my_projects(user=request.user).prefetch_related("reports", "milestones")[:100])
    rows = [(p, sel.due_items(p)[:2] if p.status in (ProjectStatus.EXECUTING, ProjectStatus.RECTIFYING) else [])
            for p in projects]  # fmt: skip
    return render(
        request, "programs/execution/my_projects.html", {"rows": rows, "today": timezone.localdate()}
    )


@officer_required
def officer_execution(request: HttpRequest) -> HttpResponse:
    """项目执行管理: the officer's queues (contracts to sign, reports, changes, acceptances, overdue) with counts."""
    queue = request.GET.get("queue") or "contracts"
    if queue not in sel.QUEUES:
        queue = "contracts"
    user, today = request.user, timezone.localdate()
    counts = sel.officer_counts(user=user)
    rows: Any = {
        "contracts": lambda: sel.officer_contracts(user=user)[:100],
        "reports": lambda: sel.officer_reports(user=user)[:100],
        "changes": lambda: sel.officer_changes(user=user)[:100],
        "acceptance": lambda: sel.officer_acceptances(user=user)[:100],
        "overdue": lambda: sel.officer_overdue(user=user, today=today),
    }[queue]()
    if queue == "overdue":
        counts["overdue"] = len(rows)
    labels = {
        "contracts": _("待签订任务书"), "reports": _("待审核报告"), "changes": _("待审批变更"),
        "acceptance": _("验收中项目"), "overdue": _("逾期督查"),
    }  # fmt: skip
    tabs = [(k, labels[k], counts.get(k)) for k in sel.QUEUES]
    return render(
        request,
        "programs/execution/officer.html",
        {"queue": queue, "tabs": tabs, "rows": rows, "today": today},
    )


def _library_filters(request: HttpRequest) -> dict[str, Any]:
    status = request.GET.get("status", "")
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "year": int_param(request, "year"),
        "program_type": int_param(request, "program_type"),
        "status": status if status in ProjectStatus.values else "",
    }


@login_required
def project_library(request: HttpRequest) -> HttpResponse:
    """项目库: every project the user may see, searchable and filterable; ``?export=xlsx`` downloads it."""
    filters = _library_filters(request)
    region_form, filters["region"] = region_filter(request)
    qs = sel.project_search(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        return export_response(qs, EXPORT_COLUMNS, title=_("项目库"), filename=dated_filename("projects"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/execution/library.html",
        {
            "page": page,
            "filters": filters,
            "region_form": region_form,
            "statuses": ProjectStatus.choices,
            "program_types": selectors.managed_program_types(user=request.user),
            "can_import": bool(officer_department_ids(request.user)),
            "import_form": ImportForm(),
            "query": request.GET.urlencode(),
        },
    )


@officer_required
@require_POST
def library_import(request: HttpRequest) -> HttpResponse:
    """Import past projects from a workbook: all rows or none, every problem listed by row and column."""
    return import_upload(
        request,
        ImportForm(request.POST, request.FILES),
        lambda path: services.project_import(actor=request.user, path=path),
        done=_("已导入%(n)d个历史项目。"),
        redirect_to=reverse("programs:project_library"),
    )


@login_required
def performance(request: HttpRequest) -> HttpResponse:
    """绩效评价: by year and region, for the projects the user may see (officers: their scope)."""
    program_type = int_param(request, "program_type")
    rows = sel.performance(user=request.user, program_type=program_type)
    return render(
        request,
        "programs/execution/performance.html",
        {
            "rows": rows,
            "program_type": program_type,
            "program_types": selectors.managed_program_types(user=request.user),
        },
    )


def acceptance_results(request: HttpRequest) -> HttpResponse:
    """验收结果公告 (public)."""
    page = Paginator(sel.acceptance_results(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "programs/execution/acceptance_results.html", {"page": page})


# ---------------------------------------------------------------------------------------- project lists


def _codes(text: str) -> list[str]:
    return [c for c in text.replace("，", ",").replace(",", "\n").split() if c.strip()]


def _ids(request: HttpRequest, text: str) -> list[int]:
    ids, unknown = sel.project_ids_by_code(user=request.user, codes=_codes(text))
    if unknown:
        raise ApplicationError(
            _("以下项目编号不存在或不在您的管理范围内：%(c)s。") % {"c": "、".join(unknown[:20])},
            extra={"field": "projects"},
        )
    return ids


@officer_required
def project_lists(request: HttpRequest) -> HttpResponse:
    """项目清单: the department's named lists; a new list with its first version."""
    form = ProjectListForm(request.POST or None)
    if request.method == "POST":
        departments = officer_department_ids(request.user)

        def create() -> Any:
            data = form_data(form, invalid=_("请填写清单名称。"))
            return services.project_list_create(
                actor=request.user, department_id=departments[0] if departments else 0, name=data["name"],
                description=data["description"], project_ids=_ids(request, data["projects"]),
            )  # fmt: skip

        return page_action(
            request,
            create,
            success=_("项目清单已建立。"),
            redirect_to=lambda pl: reverse("programs:project_list_detail", args=[pl.pk]),
            error_redirect=reverse("programs:project_lists"),
        )
    return render(
        request,
        "programs/execution/lists.html",
        {"lists": sel.project_lists(user=request.user), "form": form},
    )


@officer_required
def project_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A list's current projects and every version: who, when, why, what was added and removed."""
    project_list = sel.project_list_get(user=request.user, pk=pk)
    revisions = sel.project_list_revisions(project_list=project_list)
    ids = {i for r in revisions for i in (*r.added, *r.removed, *r.members)}
    projects = sel.projects_by_id(ids=ids)
    current = [projects[i] for i in (revisions[0].members if revisions else []) if i in projects]
    versions = [
        (
            r,
            [projects[i] for i in r.added if i in projects],
            [projects[i] for i in r.removed if i in projects],
        )
        for r in revisions
    ]
    form = RevisionForm(members=current, initial={"number": revisions[0].number if revisions else 0})
    return render(
        request,
        "programs/execution/list_detail.html",
        {"project_list": project_list, "current": current, "versions": versions, "form": form},
    )


@post_action(success=gettext_lazy("项目清单已修订。"), redirect_to="programs:project_list_detail")
def project_list_revise(request: HttpRequest, pk: int) -> Any:
    project_list = sel.project_list_get(user=request.user, pk=pk, action="manage")
    revisions = sel.project_list_revisions(project_list=project_list)
    members = sel.projects_by_id(ids=set(revisions[0].members) if revisions else set()).values()
    data = form_data(RevisionForm(request.POST, members=members), invalid=_("请填写修订理由。"))
    return services.project_list_revise(
        project_list=project_list, actor=request.user, add=_ids(request, data["add"]),
        remove=[int(i) for i in data["remove"]], reason=data["reason"], expected_number=data["number"],
    )  # fmt: skip
