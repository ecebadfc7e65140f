"""Who may see and act on plans, indicators, tasks and progress reports.

* Platform admins: everything.
* Officers: a plan is visible when its region and one of the officer's regions lie on one branch of the
  tree (a county officer sees the provincial plan that allocates targets to the county; a provincial
  officer sees county plans). Managing a plan (editing, reviewing reports, exports of unit lists) belongs
  to officers of the plan's department whose region covers the plan's region.
* Units (departments named as lead or participating): their officers see the plan and file reports on
  what they are responsible for; the lead unit marks its task done.
* Enterprises, experts, anonymous users: nothing (404).

Metric definitions are computed only within the caller's area (``metric_region_paths``): a region
outside it is refused exactly like an unknown region.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule
from kechuang.registry.selectors import officer_department_ids, user_officer_roles
from kechuang.targets.catalogue import CONFIDENTIAL, CONFIDENTIAL_READER_KINDS
from kechuang.targets.choices import PlanStatus
from kechuang.targets.metrics import FieldSpec, Metric, ModelSpec, fields_read
from kechuang.targets.models import (
    Allocation,
    Indicator,
    IndicatorVersion,
    Plan,
    ProgressReport,
    SupervisionRecord,
    Task,
    ValueSnapshot,
)


def _branch_q(user: Any, path_field: str) -> Q:
    """Rows whose region path is within an officer region or contains it."""
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        path = role.region.path
        ancestors = [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]
        q |= Q(**{f"{path_field}__startswith": path}) | Q(**{f"{path_field}__in": ancestors})
    return q


def _manage_q(user: Any, prefix: str) -> Q:
    """Plans run by one of the user's departments, within that assignment's region subtree."""
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        q |= Q(
            **{
                f"{prefix}department_id": role.department_id,
                f"{prefix}region__path__startswith": role.region.path,
            }
        )
    return q


def _unit_q(user: Any, prefix: str) -> Q:
    ids = officer_department_ids(user)
    return Q(**{f"{prefix}lead_unit_id__in": ids}) | Q(**{f"{prefix}participating_units__in": ids})


@register_rule(Plan)
def plan_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action in {"view", "export"}:
        ids = officer_department_ids(user)
        units = (
            Q(indicators__lead_unit_id__in=ids)
            | Q(indicators__participating_units__in=ids)
            | Q(tasks__lead_unit_id__in=ids)
            | Q(tasks__participating_units__in=ids)
        )
        readers = _branch_q(user, "region__path") | units
        # a draft is its managers' preview until they publish it
        return qs.filter(readers & (Q(status=PlanStatus.PUBLISHED) | _manage_q(user, ""))).distinct()
    if action in {"change", "review", "supervise"}:
        return qs.filter(_manage_q(user, ""))
    return qs.none()


def _child_rule(prefix: str, unit_prefix: str | None):  # type: ignore[no-untyped-def]
    def rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
        if user_is_platform_admin(user):
            return qs
        published = Q(**{f"{prefix}status": PlanStatus.PUBLISHED}) | _manage_q(user, prefix)
        if action in {"view", "export"}:
            q = _branch_q(user, f"{prefix}region__path")
            if unit_prefix is not None:
                q |= _unit_q(user, unit_prefix)
            return qs.filter(q & published).distinct()
        if action == "report" and unit_prefix is not None:
            return qs.filter(_unit_q(user, unit_prefix) & published).distinct()
        if action in {"change", "review", "supervise"}:
            return qs.filter(_manage_q(user, prefix))
        return qs.none()

    return rule


register_rule(Indicator)(_child_rule("plan__", ""))
register_rule(IndicatorVersion)(_child_rule("indicator__plan__", None))
_task_rule = _child_rule("plan__", "")


@register_rule(Task)
def task_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """As for indicators; besides, the lead unit's officers ``complete`` a task (mark it done or reopen
    it) as the plan's managers may; only managers cancel it (``change``)."""
    if action == "complete" and not user_is_platform_admin(user):
        return qs.filter(_manage_q(user, "plan__") | Q(lead_unit_id__in=officer_department_ids(user)))
    return _task_rule(qs, user, action)


register_rule(Allocation)(_child_rule("indicator__plan__", None))
register_rule(ValueSnapshot)(_child_rule("indicator__plan__", None))
register_rule(SupervisionRecord)(_child_rule("task__plan__", None))


@register_rule(ProgressReport)
def report_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """The reporting unit's officers and the plan's managers see a report; only managers review it."""
    if user_is_platform_admin(user):
        return qs
    managers = _manage_q(user, "indicator__plan__") | _manage_q(user, "task__plan__")
    if action == "view":
        return qs.filter(managers | Q(department_id__in=officer_department_ids(user))).distinct()
    if action == "review":
        return qs.filter(managers)
    return qs.none()


def _role_reads(role: Any, field: FieldSpec | None) -> bool:
    return (
        field is None or field.permission != CONFIDENTIAL or role.department.kind in CONFIDENTIAL_READER_KINDS
    )


def can_read_metric_field(user: Any, model: ModelSpec, field: FieldSpec | None) -> bool:
    """Whether the user may aggregate the model (field None) or one of its fields.

    Aggregates over registry records are for government staff; confidential statistics (R&D spending,
    profit, tax) only for departments that administer R&D deductions, finance or tax."""
    if user_is_platform_admin(user):
        return True
    return any(_role_reads(role, field) for role in user_officer_roles(user))


def metric_region_paths(user: Any, metric: Metric) -> list[str] | None:
    """The region subtrees in which the user may compute the metric: None for platform admins (all);
    for an officer, the regions of those assignments whose department may read everything the metric
    reads (a 长春市 officer computes for 长春市 and its districts, never for 吉林市 or the province);
    for anyone else, none."""
    if user_is_platform_admin(user):
        return None
    read = [spec for _model, spec in fields_read(metric)]
    return [
        role.region.path for role in user_officer_roles(user) if all(_role_reads(role, spec) for spec in read)
    ]


def can_compute_metric_for(user: Any, metric: Metric, region_path: str) -> bool:
    """Whether the user may compute the metric for the region (by its path)."""
    paths = metric_region_paths(user, metric)
    return paths is None or any(region_path.startswith(p) for p in paths)
