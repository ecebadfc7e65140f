"""Reads of a project's execution, each taking the user: the project library, my projects with what is
due next, officers' queues with counts, budget execution, public acceptance results, performance
evaluation (绩效评价) by year and region, project lists with their versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, F, Model, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.programs.choices import BudgetCategory, ProjectStatus
from kechuang.programs.choices_execution import (
    AcceptanceConclusion,
    ChangeStatus,
    ContractStatus,
    ReportKind,
    ReportStatus,
)
from kechuang.programs.models import (
    AcceptanceRequest,
    ChangeRequest,
    Disbursement,
    ProgressReport,
    Project,
    ProjectBudget,
    ProjectContract,
    ProjectIndicator,
    ProjectList,
    ProjectListRevision,
    ProjectOutput,
    ProjectPatent,
    TaskContract,
)
from kechuang.registry.models import Region
from kechuang.registry.selectors import user_organization_ids

M = TypeVar("M", bound=Model)

ZERO = Decimal("0")


@dataclass(frozen=True)
class DueItem:
    """Something a project owes by a date: a year's report, the mid-term check, a milestone."""

    key: str
    subject: str
    due_on: dt.date


def midterm_due(project: Project) -> dt.date | None:
    """Projects of two years or more have a mid-term check, due a month after the period's midpoint."""
    months = (
        (project.ends_on.year - project.starts_on.year) * 12 + project.ends_on.month - project.starts_on.month
    )
    if months < 24:
        return None
    return project.starts_on + (project.ends_on - project.starts_on) / 2 + dt.timedelta(days=30)


def due_items(project: Project) -> list[DueItem]:
    """What the project still owes, earliest first (reports of past years, the mid-term check, milestones)."""
    items: list[DueItem] = []
    reported = {(r.kind, r.year) for r in project.reports.all()}
    for year in range(project.starts_on.year, project.ends_on.year):
        if (ReportKind.ANNUAL, year) not in reported:
            items.append(
                DueItem(f"report-{year}", _("%(y)d年度进展报告") % {"y": year}, dt.date(year + 1, 1, 31))
            )
    midterm = midterm_due(project)
    if midterm and not any(k == ReportKind.MIDTERM for k, _y in reported):
        items.append(DueItem("mid-term-check", _("中期检查报告"), midterm))
    for m in project.milestones.all():
        if m.completed_on is None:
            items.append(DueItem(f"milestone-{m.pk}", _("进度安排：%(t)s") % {"t": m.title}, m.due_on))
    return sorted(items, key=lambda i: i.due_on)


RELATED = ("application__organization", "application__topic__call__program_type", "contract")


def _projects(user: Any, action: str = "view") -> QuerySet[Project]:
    return restrict(Project.objects.all(), user, action)


def project_search(
    *,
    user: Any,
    q: str = "",
    year: int | None = None,
    program_type: int | None = None,
    status: str = "",
    region: str = "",
) -> QuerySet[Project]:
    """项目库: the projects the user may see, filtered by text (code, title, organization, leader), year,
    program type, status and region (a region code: its whole subtree)."""
    qs = _projects(user)
    if q:
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(application__title__icontains=q)
            | Q(application__organization__name__icontains=q)
            | Q(application__leader_name__icontains=q)
        )
    if year:
        qs = qs.filter(application__topic__call__year=year)
    if program_type:
        qs = qs.filter(application__topic__call__program_type_id=program_type)
    if status:
        qs = qs.filter(status=status)
    if region:
        found = Region.objects.filter(code=region).first()
        qs = qs.filter(application__region_path__startswith=found.path) if found else qs.none()
    return qs.select_related(*RELATED).order_by("-application__topic__call__year", "-id")


def project_get(*, user: Any, pk: int, action: str = "view") -> Project:
    return get_object_or_404_for(user, Project.objects.select_related(*RELATED), action, pk=pk)


@dataclass
class ProjectDue:
    project: Project
    next_items: list[DueItem] = field(default_factory=list)
    step: str = ""


def my_projects(*, user: Any) -> QuerySet[Project]:
    """The projects of the user's organizations (officers' scope excluded)."""
    return (
        _projects(user)
        .filter(application__organization_id__in=user_organization_ids(user))
        .select_related(*RELATED)
        .order_by("-id")
    )


def contract_of(project: Project) -> TaskContract | None:
    try:
        return project.contract
    except TaskContract.DoesNotExist:
        return None


def budget_execution(*, project: Project) -> list[dict[str, Any]]:
    """Plan vs spent per category, with the share spent (预算执行率) — shown against the plan."""
    rows = []
    for line in project.budget.all():
        rate = (line.spent_special / line.special_funds * 100) if line.special_funds else None
        rows.append(
            {
                "label": line.get_category_display(),
                "special": line.special_funds,
                "self": line.self_funds,
                "spent_special": line.spent_special,
                "spent_self": line.spent_self,
                "rate": rate.quantize(Decimal("0.1")) if rate is not None else None,
                "over": line.spent_special > line.special_funds,
            }
        )
    return rows


def spending_by_year(*, project: Project) -> list[dict[str, Any]]:
    """Budget execution by year and category (年度预算执行): what each year's report added to the
    cumulative spending of each category (a category a year did not report keeps its figure), the year's
    total and the cumulative total — oldest year first."""
    labels = dict(BudgetCategory.choices)
    order = [line.category for line in project.budget.all()]
    so_far: dict[str, tuple[Decimal, Decimal]] = {c: (ZERO, ZERO) for c in order}
    by_year: dict[int, dict[str, tuple[Decimal, Decimal]]] = {}
    for row in project.budget_years.order_by("year", "id"):
        by_year.setdefault(row.year, {})[row.category] = (row.spent_special, row.spent_self)
    out = []
    for year in sorted(by_year):
        lines = []
        for category in order:
            before = so_far[category]
            now = by_year[year].get(category, before)
            lines.append(
                {
                    "category": labels.get(category, category),
                    "special": now[0] - before[0],
                    "self": now[1] - before[1],
                }
            )
            so_far[category] = now
        out.append(
            {
                "year": year,
                "lines": lines,
                "special": sum((x["special"] for x in lines), ZERO),
                "self": sum((x["self"] for x in lines), ZERO),
                "cumulative_special": sum((v[0] for v in so_far.values()), ZERO),
            }
        )
    return out


def project_funds(*, project: Project) -> dict[str, Decimal]:
    budget = project.budget.aggregate(approved=Sum("special_funds"), spent=Sum("spent_special"))
    paid = project.disbursements.aggregate(total=Sum("amount"))["total"]
    return {
        "approved": _cents(budget["approved"]),
        "spent": _cents(budget["spent"]),
        "disbursed": _cents(paid),
    }


def _cents(value: Any) -> Decimal:
    """A summed amount to the cent (SQLite sums decimals as floats)."""
    return Decimal(value or ZERO).quantize(Decimal("0.01"))


# ------------------------------------------------------------------------------------------ officer side

QUEUES = ("contracts", "reports", "changes", "acceptance", "overdue")


def officer_counts(*, user: Any) -> dict[str, int]:
    """What waits for the officer: contracts to sign, reports to review, changes to approve, acceptances
    to conclude (a handful of count queries, whatever the number of projects)."""
    return {
        "contracts": officer_contracts(user=user).count(),
        "reports": officer_reports(user=user).count(),
        "changes": officer_changes(user=user).count(),
        "acceptance": _projects(user, "decide").filter(status=ProjectStatus.ACCEPTING).count(),
    }


def _officer_queue(user: Any, model: type[M], status: str, oldest_first_by: str) -> QuerySet[M]:
    """The records of ``model`` in ``status`` on the projects the officer decides on, oldest first."""
    mine = _projects(user, "decide").values("pk")
    return (
        model._default_manager.filter(project__in=mine, status=status)
        .select_related("project__application__organization")
        .order_by(oldest_first_by)
    )


def officer_contracts(*, user: Any) -> QuerySet[TaskContract]:
    return _officer_queue(user, TaskContract, ContractStatus.CONFIRMED, "confirmed_at")


def officer_reports(*, user: Any) -> QuerySet[ProgressReport]:
    return _officer_queue(user, ProgressReport, ReportStatus.SUBMITTED, "created_at")


def officer_changes(*, user: Any) -> QuerySet[ChangeRequest]:
    return _officer_queue(user, ChangeRequest, ChangeStatus.SUBMITTED, "created_at")


def officer_acceptances(*, user: Any) -> QuerySet[Project]:
    return (
        _projects(user, "decide")
        .filter(status=ProjectStatus.ACCEPTING)
        .select_related(*RELATED)
        .order_by("ends_on")
    )


def officer_overdue(*, user: Any, today: Any, limit: int = 200) -> list[ProjectDue]:
    """Executing projects with a report or milestone past due (督查), most overdue first."""
    out = []
    projects = (
        _projects(user, "decide")
        .filter(
            status__in=[ProjectStatus.EXECUTING, ProjectStatus.RECTIFYING],
            contract__status=ContractStatus.SIGNED,
        )
        .select_related(*RELATED)
        .prefetch_related("reports", "milestones")[:limit]
    )
    for project in projects:
        late = [i for i in due_items(project) if i.due_on < today]
        if late:
            out.append(ProjectDue(project=project, next_items=late))
    return sorted(out, key=lambda d: d.next_items[0].due_on)


# ---------------------------------------------------------------------------------------------- public


def certificate_get(*, user: Any, pk: int) -> AcceptanceRequest:
    """A passed acceptance, for its certificate (public, like the result)."""
    return get_object_or_404_for(
        user,
        AcceptanceRequest.objects.select_related(
            "project__application__organization",
            "project__application__topic__call__program_type__department",
        ),
        "public",
        pk=pk,
        conclusion=AcceptanceConclusion.PASSED,
    )


def acceptance_results(*, user: Any) -> QuerySet[AcceptanceRequest]:
    """验收结果公告: every acceptance with a conclusion (public)."""
    return (
        restrict(AcceptanceRequest.objects.all(), user, "public")
        .select_related(
            "project__application__organization", "project__application__topic__call__program_type"
        )
        .order_by("-decided_at", "-id")
    )


# ------------------------------------------------------------------------------------------ performance


@dataclass
class PerformanceRow:
    year: int
    region: str
    projects: int = 0
    accepted: int = 0
    terminated: int = 0
    failed: int = 0
    approved: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO
    indicators: int = 0
    indicators_met: int = 0
    outputs: int = 0
    patents: int = 0
    contracts: int = 0
    contract_amount: Decimal = ZERO  # 技术交易额, 万元

    @property
    def execution_rate(self) -> Decimal | None:
        return (self.spent / self.approved * 100).quantize(Decimal("0.1")) if self.approved else None

    @property
    def indicator_rate(self) -> Decimal | None:
        return (
            (Decimal(self.indicators_met) / self.indicators * 100).quantize(Decimal("0.1"))
            if self.indicators
            else None
        )


def _city(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    return parts[1] if len(parts) > 1 else (parts[0] if parts else "")


def performance(*, user: Any, program_type: int | None = None) -> list[PerformanceRow]:
    """绩效评价: by call year and city-level region — projects and their outcomes, funds approved,
    disbursed and spent (执行率: spent of the special funds approved at issue), indicators met of those assessed, outputs published, patents and technology contracts claimed (with their
    技术交易额).  Seven grouped queries."""
    scope = _projects(user)
    if program_type:
        scope = scope.filter(application__topic__call__program_type_id=program_type)
    ids = scope.values("pk")
    year, path = "application__topic__call__year", "application__region_path"
    rows: dict[tuple[int, str], PerformanceRow] = {}

    def row(y: int, p: str) -> PerformanceRow:
        key = (y, _city(p))
        if key not in rows:
            rows[key] = PerformanceRow(year=y, region=key[1])
        return rows[key]

    for r in scope.values(year, path, "status").annotate(
        n=Count("id"), f=Sum("application__requested_funds")
    ):
        target = row(r[year], r[path])
        target.projects += r["n"]
        target.approved += _cents(r["f"])
        if r["status"] == ProjectStatus.ACCEPTED:
            target.accepted += r["n"]
        elif r["status"] == ProjectStatus.TERMINATED:
            target.terminated += r["n"]
        elif r["status"] == ProjectStatus.FAILED:
            target.failed += r["n"]
    prefix = "project__"
    for r in (
        ProjectBudget.objects.filter(project__in=ids)
        .values(prefix + year, prefix + path)
        .annotate(s=Sum("spent_special"))
    ):
        row(r[prefix + year], r[prefix + path]).spent += _cents(r["s"])
    for r in (
        Disbursement.objects.filter(project__in=ids)
        .values(prefix + year, prefix + path)
        .annotate(d=Sum("amount"))
    ):
        row(r[prefix + year], r[prefix + path]).disbursed += _cents(r["d"])
    for r in (
        ProjectIndicator.objects.filter(project__in=ids, achieved__isnull=False)
        .values(prefix + year, prefix + path)
        .annotate(n=Count("id"), met=Count("id", filter=Q(achieved__gte=F("quantity"))))
    ):
        target = row(r[prefix + year], r[prefix + path])
        target.indicators += r["n"]
        target.indicators_met += r["met"]
    for r in (
        ProjectOutput.objects.filter(project__in=ids)
        .values(prefix + year, prefix + path)
        .annotate(n=Count("id"))
    ):
        row(r[prefix + year], r[prefix + path]).outputs += r["n"]
    for r in (
        ProjectPatent.objects.filter(project__in=ids)
        .values(prefix + year, prefix + path)
        .annotate(n=Count("id"))
    ):
        row(r[prefix + year], r[prefix + path]).patents += r["n"]
    for r in (
        ProjectContract.objects.filter(project__in=ids)
        .values(prefix + year, prefix + path)
        .annotate(n=Count("id"), s=Sum("contract__tech_amount"))
    ):
        target = row(r[prefix + year], r[prefix + path])
        target.contracts += r["n"]
        target.contract_amount += _cents(Decimal(r["s"] or 0) / 10000)
    names = dict(Region.objects.filter(code__in={k[1] for k in rows}).values_list("code", "name"))
    for r in rows.values():
        r.region = names.get(r.region, r.region)
    return sorted(rows.values(), key=lambda r: (-r.year, r.region))


# ---------------------------------------------------------------------------------------- project lists


def project_lists(*, user: Any) -> QuerySet[ProjectList]:
    return restrict(ProjectList.objects.all(), user, "view").select_related("department").order_by("-id")


def project_list_get(*, user: Any, pk: int, action: str = "view") -> ProjectList:
    return get_object_or_404_for(user, ProjectList.objects.select_related("department"), action, pk=pk)


def project_list_revisions(*, project_list: ProjectList) -> list[ProjectListRevision]:
    return list(project_list.revisions.select_related("created_by").order_by("-number"))


def projects_by_id(*, ids: set[int]) -> dict[int, Project]:
    """Projects named in a list's versions (the list's officers chose them; their names are shown)."""
    return {p.pk: p for p in Project.objects.filter(pk__in=ids).select_related("application__organization")}


def project_ids_by_code(*, user: Any, codes: list[str]) -> tuple[list[int], list[str]]:
    """The ids of the projects with these codes that the user decides on, and the codes not found."""
    wanted = [c.strip() for c in codes if c.strip()]
    found = dict(_projects(user, "decide").filter(code__in=wanted).values_list("code", "pk"))
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]


def project_id_of(*, model: Any, pk: int) -> int | None:
    """The project a report, change, milestone or acceptance belongs to (for a redirect; no data shown)."""
    return model.objects.filter(pk=pk).values_list("project_id", flat=True).first()
