"""Programs, the execution half: everything of a project follows its application — members of the lead
organization view it, its admins act for it (submit), officers of the program type's department whose
region holds the applicant view and decide (kechuang/programs/permissions_execution.py). Queues, the library
and performance are pages for anyone signed in or any officer, listing their own scope; acceptance results
and certificates are public; project lists are their department's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kechuang.programs import services
from kechuang.programs.models import (
    AcceptanceRequest,
    ChangeRequest,
    Milestone,
    ProgressReport,
    Project,
    ProjectList,
    TaskContract,
)
from kechuang.review.selectors import panel_for_owner
from tests import app_factories as af
from tests.matrix import PUBLIC, SIGNED_IN, Row, any_officer, department, only_own
from tests.program_projects import issued_project, run_panel, signed_project


def _once(w: Any, name: str, build: Any) -> Any:
    key = f"_exec_{name}"
    if key not in w.__dict__:
        w.__dict__[key] = build(w)
    return w.__dict__[key]


def _issued(w: Any) -> Project:
    return _once(w, "issued", lambda w: issued_project(w.cast))


def _drafted(w: Any) -> Project:
    """A project whose contract draft has a milestone each year (ready to confirm)."""

    def build(w: Any) -> Project:
        project = issued_project(w.cast)
        services.contract_prepare(project=project, actor=w.cast.org_admin)
        for year in range(project.starts_on.year, project.ends_on.year + 1):
            services.milestone_add(
                project=project, actor=w.cast.org_admin, due_on=dt.date(year, 6, 1), title="阶段"
            )
        return project

    return _once(w, "drafted", build)


def _confirmed(w: Any) -> Project:
    def build(w: Any) -> Project:
        project = _drafted(w)
        services.contract_confirm(contract=project.contract, actor=w.cast.org_admin)
        return project

    return _once(w, "confirmed", build)


def _signed(w: Any) -> Project:
    return _once(w, "signed", lambda w: signed_project(w.cast))


def _report(w: Any, returned: bool = False) -> ProgressReport:
    def build(w: Any) -> ProgressReport:
        report = services.report_submit(
            project=_signed(w), actor=w.cast.org_admin, kind="annual", year=2026, content="进展"
        )
        if returned:
            services.report_review(report=report, actor=w.cast.officer, accept=False, note="请补充")
        return report

    return _once(w, f"report{returned}", build)


def _change(w: Any) -> ChangeRequest:
    return _once(
        w, "change",
        lambda w: services.change_request_submit(project=_signed(w), actor=w.cast.org_admin, kind="extension",
                                                 reason="设备延期", payload={"months": "3"}),
    )  # fmt: skip


def _acceptance(w: Any, closed: bool = False) -> AcceptanceRequest:
    def build(w: Any) -> AcceptanceRequest:
        project = _signed(w)
        achieved = {line.pk: "3" for line in project.indicator_lines.all()}
        acceptance = services.acceptance_apply(project=project, actor=w.cast.org_admin, summary="完成",
                                               final_accounts="决算", achieved=achieved)  # fmt: skip
        if closed:
            run_panel(services.acceptance_panel(acceptance=acceptance, actor=w.cast.officer), w.cast.officer)
        return acceptance

    return _once(w, f"acceptance{closed}", build)


def _passed(w: Any) -> AcceptanceRequest:
    def build(w: Any) -> AcceptanceRequest:
        acceptance = _acceptance(w, closed=True)
        return services.acceptance_decide(acceptance=acceptance, actor=w.cast.officer, conclusion="passed")

    return _once(w, "passed", build)


def _terminated(w: Any) -> Project:
    def build(w: Any) -> Project:
        project = _signed(w)
        services.disbursement_record(
            project=project, actor=w.cast.officer, amount="10", paid_on=dt.date(2026, 2, 1)
        )
        services.project_terminate(project=project, actor=w.cast.officer, reason="无法实施")
        return project

    return _once(w, "terminated", build)


def _list(w: Any) -> ProjectList:
    return _once(
        w, "list",
        lambda w: services.project_list_create(actor=w.cast.officer, department_id=w.science.pk, name="重点项目清单",
                                               project_ids=[_issued(w).pk]),
    )  # fmt: skip


def pk(build: Any):  # type: ignore[no-untyped-def]
    return lambda w: {"pk": build(w).pk}


def _status(model: Any, build: Any, value: str):  # type: ignore[no-untyped-def]
    return lambda w: model.objects.get(pk=build(w).pk).status == value


POST_OWN = only_own(302)

ROWS = [
    Row("programs:my_projects", SIGNED_IN, why="the user's organizations' projects (none: empty)"),
    Row("programs:project_library", SIGNED_IN, why="the projects the user may see (none: empty)"),
    Row(
        "programs:library_import",
        any_officer(302),
        own="officer",
        method="POST",
        why="officers only; without a file: a message and back to the library",
    ),
    Row("programs:officer_execution", any_officer(200), own="officer"),
    Row("programs:performance", SIGNED_IN, why="computed over the projects the user may see"),
    Row("programs:acceptance_results", PUBLIC),
    Row("programs:project_lists", any_officer(200), own="officer"),
    Row(
        "programs:project_lists",
        any_officer(302),
        own="officer",
        method="POST",
        data=lambda w: {"name": ""},
        why="an empty name is refused with a message (every officer may make a list of their department)",
    ),
    Row("programs:project_list_detail", department(200), own="officer", kwargs=pk(_list)),
    Row(
        "programs:project_list_revise",
        department(302),
        own="officer",
        kwargs=pk(_list),
        method="POST",
        data=lambda w: {"number": 1, "add": _signed(w).code, "reason": "补充新项目"},
        effect=lambda w: _list(w).revisions.count() == 2,
        why="the list's department, any region; adding a project outside one's region is refused (a message)",
    ),
    Row("programs:project_detail", only_own(200), own="org_member", kwargs=pk(_issued)),
    Row("programs:project_detail", only_own(200), own="officer", kwargs=pk(_issued), case="officer"),
    Row(
        "programs:contract_prepare",
        POST_OWN,
        kwargs=pk(_issued),
        method="POST",
        effect=lambda w: TaskContract.objects.filter(project=_issued(w)).exists(),
    ),
    Row(
        "programs:contract_goals",
        POST_OWN,
        kwargs=pk(_drafted),
        method="POST",
        data=lambda w: {"goals": "新目标"},
        effect=lambda w: TaskContract.objects.get(project=_drafted(w)).goals == "新目标",
    ),
    Row(
        "programs:milestone_add",
        POST_OWN,
        kwargs=pk(_drafted),
        method="POST",
        data=lambda w: {"due_on": "2027-03-01", "title": "样机"},
        effect=lambda w: Milestone.objects.filter(project=_drafted(w), title="样机").exists(),
    ),
    Row(
        "programs:milestone_remove",
        POST_OWN,
        kwargs=lambda w: {"pk": _drafted(w).milestones.first().pk},
        method="POST",
        effect=lambda w: _drafted(w).milestones.count() == 2,
    ),
    Row(
        "programs:contract_confirm",
        POST_OWN,
        kwargs=pk(_drafted),
        method="POST",
        effect=lambda w: TaskContract.objects.get(project=_drafted(w)).status == "confirmed",
    ),
    Row(
        "programs:contract_sign",
        POST_OWN,
        own="officer",
        kwargs=pk(_confirmed),
        method="POST",
        effect=lambda w: TaskContract.objects.get(project=_confirmed(w)).status == "signed",
    ),
    Row(
        "programs:contract_return",
        POST_OWN,
        own="officer",
        kwargs=pk(_confirmed),
        method="POST",
        data=lambda w: {"note": "进度安排过粗"},
        effect=lambda w: TaskContract.objects.get(project=_confirmed(w)).status == "draft",
    ),
    Row("programs:contract_pdf", only_own(200), own="org_member", kwargs=pk(_signed)),
    Row(
        "programs:disbursement_add",
        POST_OWN,
        own="officer",
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"amount": "30", "paid_on": "2026-02-01"},
        effect=lambda w: _signed(w).disbursements.exists(),
    ),
    Row(
        "programs:project_terminate",
        POST_OWN,
        own="officer",
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"reason": "无法实施"},
        effect=_status(Project, _signed, "terminated"),
    ),
    Row(
        "programs:refund_add",
        POST_OWN,
        own="officer",
        kwargs=pk(_terminated),
        method="POST",
        data=lambda w: {"amount": "10", "refunded_on": "2026-09-01"},
        effect=lambda w: Project.objects.get(pk=_terminated(w).pk).termination.refunded == 10,
    ),
    Row(
        "programs:report_add",
        POST_OWN,
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"kind": "annual", "year": "2026", "content": "完成样片"},
        effect=lambda w: _signed(w).reports.exists(),
    ),
    Row(
        "programs:report_review",
        POST_OWN,
        own="officer",
        kwargs=pk(_report),
        method="POST",
        data=lambda w: {"accept": "1", "note": ""},
        effect=_status(ProgressReport, _report, "accepted"),
    ),
    Row(
        "programs:report_resubmit",
        POST_OWN,
        kwargs=pk(lambda w: _report(w, returned=True)),
        method="POST",
        data=lambda w: {"content": "已补充"},
        effect=_status(ProgressReport, lambda w: _report(w, returned=True), "submitted"),
    ),
    Row(
        "programs:change_add",
        POST_OWN,
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"kind": "extension", "reason": "设备延期", "months": "3"},
        effect=lambda w: _signed(w).change_requests.exists(),
    ),
    Row(
        "programs:change_decide",
        POST_OWN,
        own="officer",
        kwargs=pk(_change),
        method="POST",
        data=lambda w: {"accept": "1", "note": ""},
        effect=_status(ChangeRequest, _change, "approved"),
    ),
    Row(
        "programs:change_withdraw",
        POST_OWN,
        kwargs=pk(_change),
        method="POST",
        effect=_status(ChangeRequest, _change, "withdrawn"),
    ),
    Row(
        "programs:acceptance_apply",
        POST_OWN,
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {
            "summary": "完成",
            "final_accounts": "决算",
            **{f"achieved_{line.pk}": "3" for line in _signed(w).indicator_lines.all()},
        },
        effect=_status(Project, _signed, "accepting"),
    ),
    Row(
        "programs:acceptance_panel",
        POST_OWN,
        own="officer",
        kwargs=pk(_acceptance),
        method="POST",
        effect=lambda w: panel_for_owner(owner=_acceptance(w)) is not None,
    ),
    Row(
        "programs:acceptance_decide",
        POST_OWN,
        own="officer",
        kwargs=pk(lambda w: _acceptance(w, closed=True)),
        method="POST",
        data=lambda w: {"conclusion": "passed", "note": ""},
        effect=lambda w: (
            AcceptanceRequest.objects.get(pk=_acceptance(w, closed=True).pk).conclusion == "passed"
        ),
    ),
    Row("programs:acceptance_certificate", PUBLIC, kwargs=pk(_passed), why="a passed acceptance is public"),
    Row(
        "programs:achievement_publish",
        POST_OWN,
        kwargs=lambda w: {"pk": _passed(w).project_id},
        method="POST",
        data=lambda w: {"maturity": "pilot", "trl": "7", "transfer_modes": ["许可"], "keywords": ""},
        effect=lambda w: Project.objects.get(pk=_passed(w).project_id).outputs.exists(),
    ),
]


def _midterm(w: Any) -> ProgressReport:
    return _once(
        w, "midterm",
        lambda w: services.report_submit(project=_signed(w), actor=w.cast.org_admin, kind="midterm", year=2026,
                                         content="中期进展"),
    )  # fmt: skip


ROWS += [
    Row(
        "programs:midterm_panel",
        only_own(302),
        own="officer",
        kwargs=pk(_midterm),
        method="POST",
        effect=lambda w: panel_for_owner(owner=_midterm(w)) is not None,
    ),
    Row("programs-projects", SIGNED_IN, why="the projects the user may see (none: an empty page)"),
    Row("programs-project-detail", only_own(200), own="org_member", kwargs=pk(_issued)),
    Row("programs-project-detail", only_own(200), own="officer", kwargs=pk(_issued), case="officer"),
    Row("programs-performance", SIGNED_IN, why="computed over the projects the user may see"),
    Row(
        "programs-project-reports",
        only_own(201),
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"kind": "annual", "year": 2026, "content": "完成样片"},
        effect=lambda w: _signed(w).reports.exists(),
    ),
    Row(
        "programs-project-changes",
        only_own(201),
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"kind": "extension", "reason": "设备延期", "months": 3},
        effect=lambda w: _signed(w).change_requests.exists(),
    ),
    Row(
        "programs-change-decide",
        only_own(200),
        own="officer",
        kwargs=pk(_change),
        method="POST",
        data=lambda w: {"approve": True, "note": ""},
        effect=_status(ChangeRequest, _change, "approved"),
    ),
]


def _patent(w: Any) -> Any:
    """A patent of the project's lead organization applied for within the period (not yet claimed)."""
    return _once(
        w, "patent", lambda w: af.PatentFactory(organization=w.cast.org, applied_on=dt.date(2026, 6, 1))
    )


def _tech_contract(w: Any) -> Any:
    return _once(
        w, "tech_contract", lambda w: af.TechContractFactory(seller=w.cast.org, signed_on=dt.date(2026, 6, 1))
    )


def _claimed(w: Any) -> Any:
    """A patent claimed as the signed project's output, to be withdrawn."""

    def build(w: Any) -> Any:
        patent = af.PatentFactory(organization=w.cast.org, applied_on=dt.date(2026, 7, 1))
        return services.project_patent_link(
            project=_signed(w), actor=w.cast.org_admin, application_no=patent.application_no
        )

    return _once(w, "claimed", build)


ROWS += [
    Row(
        "programs:patent_link",
        POST_OWN,
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"application_no": _patent(w).application_no},
        effect=lambda w: _signed(w).patents.filter(patent=_patent(w)).exists(),
    ),
    Row(
        "programs:contract_link",
        POST_OWN,
        kwargs=pk(_signed),
        method="POST",
        data=lambda w: {"registration_no": _tech_contract(w).registration_no},
        effect=lambda w: _signed(w).tech_contracts.filter(contract=_tech_contract(w)).exists(),
    ),
    Row(
        "programs:output_unlink",
        POST_OWN,
        kwargs=lambda w: {"pk": _signed(w).pk, "kind": "patent", "link": _claimed(w).pk},
        method="POST",
        effect=lambda w: not _signed(w).patents.filter(pk=_claimed(w).pk).exists(),
    ),
]
