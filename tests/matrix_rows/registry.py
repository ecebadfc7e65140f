"""The registry (the directory): organizations are seen by their members and by the officers of their
region subtree — of any department — and changed by their admins and those officers; verification,
designations and imports are the officers'; parks and reference data are public
(kechuang/registry/permissions.py). The API answers 403 (with the reason) to a user who may see an
organization but not do the action, and 403 to a create by a user without the role.
"""

from __future__ import annotations

import itertools

from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Department, Expert, Region
from tests import factories as f
from tests.matrix import LOGIN, PUBLIC, SIGNED_IN, Row, any_officer, officers_of_region, only_own

_codes = itertools.count(500)


def _org(w):  # type: ignore[no-untyped-def]
    return {"pk": w.cast.org.pk}


def _new_org(w):  # type: ignore[no-untyped-def]
    return {
        "uscc": f.make_uscc(next(_codes)),
        "name": "新登记科技有限公司",
        "kind": "enterprise",
        "region": "220102",
    }


def _pending(w) -> int:  # type: ignore[no-untyped-def]
    """A fresh self-registered organization for each request (an officer before ``own`` may decide one)."""
    return f.OrganizationFactory(verification_status=VerificationStatus.PENDING).pk


def _integrity_record(w) -> int:  # type: ignore[no-untyped-def]
    """A fresh record on the cast's organization for each request (a lift by one role must not hide the
    next role's answer)."""
    from kechuang.registry.models import IntegrityRecord

    return IntegrityRecord.objects.create(
        organization=w.cast.org, kind="research", reason="提供虚假材料", starts_on="2026-01-01"
    ).pk


def _import_token(w) -> str:  # type: ignore[no-untyped-def]
    from kechuang.registry import excel

    return excel.store_error_workbook(actor=w.cast.officer, errors=[], source=None)


def _import_job(w) -> int:  # type: ignore[no-untyped-def]
    from kechuang.core.services_jobs import job_start

    return job_start(actor=w.cast.officer, kind="registry.organization_import", total=5000).pk


ROWS = [
    Row(
        "registry:organization_list", SIGNED_IN, why="each user sees the organizations they may (none: empty)"
    ),
    Row("registry:organization_create", any_officer(200), own="officer"),
    Row("registry:organization_detail", officers_of_region(200), own="org_member", kwargs=_org),
    Row("registry:organization_edit", officers_of_region(200), kwargs=_org),
    Row("registry:statistics_add", officers_of_region(200), kwargs=_org),
    Row(
        "registry:statistics_edit",
        officers_of_region(200),
        kwargs=lambda w: {"pk": w.statistics.organization_id, "year": 2025},
    ),
    Row("registry:designation_add", officers_of_region(200), own="officer", kwargs=_org),
    Row(
        "registry:organization_verify",
        officers_of_region(200),
        own="officer",
        kwargs=lambda w: {"pk": w.pending_org.pk},
    ),
    Row("registry:overview", any_officer(200), own="officer"),
    Row("registry:verification_queue", any_officer(200), own="officer"),
    Row("registry:park_list", PUBLIC),
    Row("registry:park_detail", PUBLIC, kwargs=lambda w: {"pk": w.park.pk}),
    Row("registry:park_create", any_officer(200), own="officer"),
    Row(
        "registry:park_member_add",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": w.park.pk},
        method="POST",
        data=lambda w: {"uscc": w.cast.other_org.uscc},
    ),
    Row(
        "registry:park_member_remove",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": w.park.pk, "org_pk": w.cast.org.pk},
        method="POST",
    ),
    Row("registry:integrity_list", any_officer(200), own="officer", why="officers see their region's list"),
    Row("registry:integrity_add", any_officer(200), own="officer"),
    Row(
        "registry:integrity_lift",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": _integrity_record(w)},
        method="POST",
        data=lambda w: {"reason": "决定已撤销"},
    ),
    Row("registry:region_search", PUBLIC, query="q=ccs"),
    Row("registry:industry_search", PUBLIC, query="q=C39"),
    Row("registry:organization_search", any_officer(200), own="officer", query="q=长春"),
    Row("registry:department_search", any_officer(200), own="officer", query="q=ccs"),
    # Excel
    Row("registry:organization_import", any_officer(200), own="officer"),
    Row("registry:import_template", any_officer(200), own="officer"),
    Row(
        "registry:import_errors",
        only_own(200),
        own="officer",
        kwargs=lambda w: {"token": _import_token(w)},
        why="the error workbook of the user's own import only",
    ),
    Row(
        "registry:import_job",
        only_own(200),
        own="officer",
        kwargs=lambda w: {"pk": _import_job(w)},
        why="a background import's progress and result: the user who started it only",
    ),
    Row("registry:organization_export", SIGNED_IN, why="the rows the user may see (none: an empty sheet)"),
    Row("registry:statistics_export", SIGNED_IN, why="the rows the user may see (none: an empty sheet)"),
    Row("registry:verification_export", any_officer(200), own="officer"),
    Row("registry:park_export", PUBLIC),
    # API
    Row("api-organizations", SIGNED_IN),
    Row(
        "api-organizations",
        (LOGIN, 403, 403, 400, 201, 201),
        own="officer",
        method="POST",
        data=_new_org,
        why="officers register within their region subtree (吉林市's officer: 400, region refused)",
    ),
    Row("api-organization", officers_of_region(200), own="org_member", kwargs=_org),
    Row(
        "api-organization",
        officers_of_region(200),
        kwargs=_org,
        method="PATCH",
        data=lambda w: {"contact_phone": "0431-88888888"},
    ),
    Row(
        "api-organization-verify",
        officers_of_region(200),
        own="officer",
        kwargs=lambda w: {"pk": _pending(w)},
        method="POST",
    ),
    Row(
        "api-organization-reject",
        officers_of_region(200),
        own="officer",
        kwargs=lambda w: {"pk": _pending(w)},
        method="POST",
        data=lambda w: {"note": "材料不全"},
    ),
    Row("api-organization-statistics", officers_of_region(200), own="org_member", kwargs=_org),
    Row(
        "api-organization-statistics-year",
        officers_of_region(200),
        kwargs=lambda w: {"pk": w.cast.org.pk, "year": 2025},
        method="PUT",
        data=lambda w: {"revenue": "1000"},
    ),
    Row("api-organization-designations", officers_of_region(200), own="org_member", kwargs=_org),
    Row(
        "api-organization-designations",
        officers_of_region(201),
        own="officer",
        kwargs=_org,
        method="POST",
        data=lambda w: {"kind": "high_tech", "valid_from": "2025-01-01"},
    ),
    Row("api-parks", SIGNED_IN),
    Row("api-park", SIGNED_IN, kwargs=lambda w: {"pk": w.park.pk}),
    Row("api-park-members", SIGNED_IN, kwargs=lambda w: {"pk": w.park.pk}),
    Row("api-departments", SIGNED_IN),
    Row("api-regions", SIGNED_IN, query="q=ccs"),
    Row("api-region", SIGNED_IN, kwargs=lambda w: {"code": "220102"}),
    Row("api-region-children", SIGNED_IN, kwargs=lambda w: {"code": "220100"}),
    Row("api-industries", SIGNED_IN, query="q=C39"),
    Row("api-industry", SIGNED_IN, kwargs=lambda w: {"code": "C39"}),
    Row("api-industry-children", SIGNED_IN, kwargs=lambda w: {"code": "C"}),
    Row(
        "api-organizations-import",
        any_officer(415),
        own="officer",
        method="POST",
        why="officers and admins only; no workbook sent, so an allowed user gets 415",
    ),
    Row("api-organizations-import-template", any_officer(200), own="officer"),
    Row(
        "api-organizations-import-errors",
        only_own(200),
        own="officer",
        kwargs=lambda w: {"token": _import_token(w)},
    ),
    Row("api-integrity", SIGNED_IN, why="each user sees the records they may (their region's or their own)"),
    Row(
        "api-integrity",
        officers_of_region(201),
        own="officer",
        method="POST",
        data=lambda w: {
            "organization": w.cast.org.pk,
            "kind": "research",
            "reason": "提供虚假材料",
            "starts_on": "2026-01-01",
        },
        why="the authority over the organization's region; others cannot see the organization (404)",
    ),
    Row(
        "api-integrity-lift",
        officers_of_region(200),
        own="officer",
        kwargs=lambda w: {"pk": _integrity_record(w)},
        method="POST",
        data=lambda w: {"reason": "决定已撤销"},
    ),
    Row("api-organizations-export", SIGNED_IN),
    Row("api-statistics-export", SIGNED_IN),
    # the expert pool (kechuang/registry/views_experts.py, api/experts.py): officers see it; those of the
    # expert's region subtree (any department) manage an expert; an expert keeps their own profile
    Row("registry:expert_list", any_officer(200), own="officer"),
    Row("registry:expert_import", any_officer(200), own="officer"),
    Row(
        "registry:expert_new",
        (LOGIN, 404, 404, 200, 302, 302),
        own="officer",
        method="POST",
        data=lambda w: {"name": "矩阵专家", "title": "教授", "region": "220102", "fields": "C39"},
        effect=lambda w: Expert.objects.filter(name="矩阵专家").exists(),
        writers=frozenset({"other_department", "own"}),
        why="an officer adds experts of their own region subtree (朝阳区's officer not one of 南关区)",
    ),
    Row("registry:expert_detail", any_officer(200), own="officer", kwargs=lambda w: {"pk": w.pool_expert.pk}),
    Row(
        "registry:expert_edit",
        officers_of_region(200),
        own="officer",
        kwargs=lambda w: {"pk": w.pool_expert.pk},
    ),
    Row(
        "registry:expert_status",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": w.pool_expert.pk},
        method="POST",
        data=lambda w: {"active": "0"},
        effect=lambda w: not Expert.objects.get(pk=w.pool_expert.pk).is_active,
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "registry:expert_conflict_add",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": w.pool_expert.pk},
        method="POST",
        data=lambda w: {"organization": w.cast.other_org.uscc, "reason": "近三年有合作"},
        effect=lambda w: w.pool_expert.conflicts.exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    Row("registry:my_expert_profile", only_own(200), own="expert_user", why="the expert's own entry"),
    Row("api-experts", any_officer(200), own="officer"),
    Row(
        "api-experts",
        (LOGIN, 404, 404, 400, 201, 201),
        own="officer",
        method="POST",
        data=lambda w: {"name": "接口专家", "region": "220102", "fields": ["C39"]},
        effect=lambda w: Expert.objects.filter(name="接口专家").exists(),
        writers=frozenset({"other_department", "own"}),
    ),
    Row("api-expert", any_officer(200), own="officer", kwargs=lambda w: {"pk": w.pool_expert.pk}),
    Row(
        "api-expert",
        officers_of_region(200),
        own="officer",
        kwargs=lambda w: {"pk": w.pool_expert.pk},
        method="PATCH",
        data=lambda w: {"title": "研究员"},
        effect=lambda w: Expert.objects.get(pk=w.pool_expert.pk).title == "研究员",
        writers=frozenset({"other_department", "own"}),
    ),
    Row(
        "api-expert-conflicts",
        officers_of_region(201),
        own="officer",
        kwargs=lambda w: {"pk": w.pool_expert.pk},
        method="POST",
        data=lambda w: {"organization": w.cast.other_org.uscc},
        effect=lambda w: w.pool_expert.conflicts.exists(),
        writers=frozenset({"other_department", "own"}),
    ),
]


# Departments and officer appointments (views_departments): departments are reference data officers read;
# platform admins set them up and retire them; appointments by platform admins (or a department admin).
def _spare_department(w):  # type: ignore[no-untyped-def]
    return Department.objects.get_or_create(
        region=Region.objects.get(code="220100"), kind="education", defaults={"name": "长春市教育局"}
    )[0]


ROWS += [
    Row("registry:department_list", any_officer(200), own="officer"),
    Row("registry:department_detail", any_officer(200), own="officer", kwargs=lambda w: {"pk": w.science.pk}),
    Row("registry:department_new", only_own(200), own="admin", why="platform admins set departments up"),
    Row(
        "registry:department_new",
        only_own(302),
        own="admin",
        method="POST",
        data=lambda w: {"name": "长春市知识产权局", "kind": "intellectual_property", "region": "220100"},
        effect=lambda w: Department.objects.filter(name="长春市知识产权局").exists(),
    ),
    Row("registry:department_edit", only_own(200), own="admin", kwargs=lambda w: {"pk": w.science.pk}),
    Row(
        "registry:department_status",
        only_own(302),
        own="admin",
        kwargs=lambda w: {"pk": _spare_department(w).pk},
        method="POST",
        data=lambda w: {"active": "0"},
        effect=lambda w: not _spare_department(w).is_active,
    ),
    Row(
        "registry:officer_new",
        only_own(200),
        own="admin",
        kwargs=lambda w: {"pk": w.science.pk},
        why="platform admins, or the department's own department admins",
    ),
    Row(
        "registry:officer_edit",
        only_own(200),
        own="admin",
        kwargs=lambda w: {"pk": w.cast.officer.officer_assignments.get().pk},
    ),
    Row(
        "registry:officer_end",
        only_own(302),
        own="admin",
        kwargs=lambda w: {"pk": w.spare_officer_assignment.pk},
        method="POST",
        effect=lambda w: (
            type(w.spare_officer_assignment).objects.get(pk=w.spare_officer_assignment.pk).ended_on
            is not None
        ),
    ),
]

# the same over the API
_n = itertools.count(1)

ROWS += [
    Row(
        "api-departments",
        only_own(201),
        own="admin",
        method="POST",
        data=lambda w: {"name": "长春市财政局", "kind": "finance", "region": "220100"},
        effect=lambda w: Department.objects.filter(name="长春市财政局").exists(),
    ),
    Row(
        "api-department",
        only_own(200),
        own="admin",
        kwargs=lambda w: {"pk": _spare_department(w).pk},
        method="PATCH",
        data=lambda w: {"name": "长春市教育局（更名）"},
        effect=lambda w: _spare_department(w).name == "长春市教育局（更名）",
    ),
    Row(
        "api-department-officers",
        SIGNED_IN,
        own="officer",
        kwargs=lambda w: {"pk": w.science.pk},
        why="departments are reference data; the list holds only the appointments the user may see (empty for most)",
    ),
    Row(
        "api-department-officers",
        only_own(201),
        own="admin",
        kwargs=lambda w: {"pk": w.science.pk},
        method="POST",
        data=lambda w: {"user": f.UserFactory(username=f"api_appointee{next(_n)}").username},
        effect=lambda w: w.science.officers.filter(user__username__startswith="api_appointee").exists(),
    ),
    Row(
        "api-officer",
        only_own(200),
        own="admin",
        kwargs=lambda w: {"pk": w.spare_officer_assignment.pk},
        method="PATCH",
        data=lambda w: {"ended": True},
        effect=lambda w: (
            type(w.spare_officer_assignment).objects.get(pk=w.spare_officer_assignment.pk).ended_on
            is not None
        ),
    ),
]
