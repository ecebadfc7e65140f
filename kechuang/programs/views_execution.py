"""Pages of a project's execution: the project page (task contract, funds, reports, changes, acceptance,
termination) and its POST actions.  Views call services and selectors only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, post_action
from kechuang.core.permissions import can, get_object_or_404_for
from kechuang.core.workflow import allowed_actions, history
from kechuang.programs import pdf, services
from kechuang.programs import selectors_execution as sel
from kechuang.programs.choices import ProjectStatus
from kechuang.programs.choices_execution import AcceptanceConclusion, ContractStatus, ReportKind
from kechuang.programs.forms_execution import (
    AcceptanceForm,
    ChangeForm,
    ConclusionForm,
    ContractLinkForm,
    DisbursementForm,
    GoalsForm,
    MilestoneForm,
    NoteForm,
    PatentLinkForm,
    PublishForm,
    RefundForm,
    ReportForm,
    ReportReviewForm,
    ResubmitForm,
    TerminateForm,
)
from kechuang.programs.models import AcceptanceRequest, ChangeRequest, Milestone, ProgressReport, TaskContract
from kechuang.programs.services.execution_acceptance import current_acceptance
from kechuang.programs.services.execution_contract import contract_content
from kechuang.programs.services.execution_funds import OPEN_STATES
from kechuang.programs.services.execution_outputs import CLAIMABLE
from kechuang.review.choices import PanelStatus
from kechuang.review.selectors import item_for_subject, panel_for_owner

INVALID = gettext_lazy("请检查填写的内容。")


def _page(request: HttpRequest, pk: int, *args: Any) -> str:
    return reverse("programs:project_detail", args=[pk])


def _of(model: Any):  # type: ignore[no-untyped-def]
    """Redirect to the project page of the row a view acted on (a report, change, milestone…)."""

    def target(request: HttpRequest, pk: int) -> str:
        project_id = sel.project_id_of(model=model, pk=pk)
        return (
            reverse("programs:project_detail", args=[project_id])
            if project_id
            else reverse("programs:my_projects")
        )

    return target


def _row(request: HttpRequest, model: Any, pk: int) -> Any:
    return get_object_or_404_for(
        request.user, model.objects.select_related("project__application"), "view", pk=pk
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = sel.project_get(user=request.user, pk=pk)
    user = request.user
    applicant, officer = can(user, project, "submit"), can(user, project, "decide")
    contract = sel.contract_of(project)
    acceptance = current_acceptance(project)
    panel = panel_for_owner(owner=acceptance) if acceptance else None
    item = item_for_subject(subject=acceptance) if acceptance and panel else None
    indicators = list(project.indicator_lines.all())
    milestones = list(project.milestones.all())
    budget = list(project.budget.all())
    signed = contract is not None and contract.status == ContractStatus.SIGNED
    reporting = project.status in (ProjectStatus.EXECUTING, ProjectStatus.RECTIFYING)
    outputs = list(project.outputs.select_related("achievement"))
    return render(
        request,
        "programs/execution/project_detail.html",
        {
            "project": project,
            "application": project.application,
            "applicant": applicant,
            "officer": officer,
            "project_actions": allowed_actions(project, user),
            "contract": contract,
            "contract_actions": allowed_actions(contract, user) if contract else None,
            "indicators": indicators,
            "milestones": milestones,
            "budget_rows": sel.budget_execution(project=project),
            "spending_years": sel.spending_by_year(project=project),
            "funds": sel.project_funds(project=project),
            "disbursements": project.disbursements.all(),
            "reports": [
                (r, allowed_actions(r, user), r.kind == ReportKind.MIDTERM, panel_for_owner(owner=r))
                for r in project.reports.order_by("-year", "-id")
            ],
            "changes": [(c, allowed_actions(c, user)) for c in project.change_requests.order_by("-id")],
            "contract_returned": contract is not None and contract.status == ContractStatus.DRAFT and contract.last_note,
            "can_disburse": officer and signed and project.status in OPEN_STATES,
            "can_report": applicant and signed and reporting,
            "can_change": applicant and signed and project.status in OPEN_STATES,
            "can_publish": applicant and project.status == ProjectStatus.ACCEPTED and not outputs,
            "panel_closed": panel is not None and panel.status == PanelStatus.CLOSED,
            "acceptances": project.acceptances.order_by("-round"),
            "acceptance": acceptance,
            "panel": panel,
            "panel_item": item,
            "outputs": outputs,
            "patents": project.patents.select_related("patent"),
            "tech_contracts": project.tech_contracts.select_related("contract__buyer"),
            "can_claim": applicant and project.status in CLAIMABLE,
            "patent_form": PatentLinkForm(),
            "contract_form": ContractLinkForm(),
            "termination": getattr(project, "termination", None) if project.status == ProjectStatus.TERMINATED else None,
            "due": sel.due_items(project) if reporting and signed else [],
            "supervision": project.supervision.all()[:20],
            "history": [(c, dict(ProjectStatus.choices).get(c.to_status, "")) for c in history(project)],
            "goals_form": GoalsForm(initial={"goals": contract.goals}) if contract else None,
            "milestone_form": MilestoneForm(),
            "disbursement_form": DisbursementForm(),
            "report_form": ReportForm(categories=[b.category for b in budget], milestones=[m for m in milestones if not m.completed_on]),
            "review_form": ReportReviewForm(),
            "change_form": ChangeForm(indicators=indicators),
            "acceptance_form": AcceptanceForm(indicators=indicators, initial={"version": project.version}),
            "conclusion_form": ConclusionForm(initial={"version": project.version}),
            "publish_form": PublishForm(),
            "terminate_form": TerminateForm(initial={"version": project.version}),
            "refund_form": RefundForm(),
            "passed": AcceptanceConclusion.PASSED,
        },
    )  # fmt: skip


# ------------------------------------------------------------------------------------------ task contract


@post_action(success=gettext_lazy("任务书已生成，请填写年度进度安排后确认。"), redirect_to=_page)
def contract_prepare(request: HttpRequest, pk: int) -> Any:
    return services.contract_prepare(project=sel.project_get(user=request.user, pk=pk), actor=request.user)


@post_action(success=gettext_lazy("已保存。"), redirect_to=_page)
def contract_goals(request: HttpRequest, pk: int) -> Any:
    data = form_data(GoalsForm(request.POST), invalid=_("请填写主要研究内容与目标。"))
    project = sel.project_get(user=request.user, pk=pk)
    return services.contract_goals_update(project=project, actor=request.user, goals=data["goals"])


@post_action(success=gettext_lazy("进度安排已添加。"), redirect_to=_page)
def milestone_add(request: HttpRequest, pk: int) -> Any:
    data = form_data(MilestoneForm(request.POST), invalid=_("请填写计划完成日期和进度目标。"))
    project = sel.project_get(user=request.user, pk=pk)
    return services.milestone_add(project=project, actor=request.user, **data)


@post_action(success=gettext_lazy("进度安排已删除。"), redirect_to=_of(Milestone))
def milestone_remove(request: HttpRequest, pk: int) -> Any:
    return services.milestone_remove(milestone=_row(request, Milestone, pk), actor=request.user)


def _contract(request: HttpRequest, pk: int) -> TaskContract:
    project = sel.project_get(user=request.user, pk=pk)
    contract = sel.contract_of(project)
    if contract is None:
        raise ApplicationError(_("请先生成任务书。"))
    return contract


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value else None


@post_action(success=gettext_lazy("任务书已确认，待主管部门签订。"), redirect_to=_page)
def contract_confirm(request: HttpRequest, pk: int) -> Any:
    contract = _contract(request, pk)
    return services.contract_confirm(
        contract=contract, actor=request.user, expected_version=_version(request)
    )


@post_action(success=gettext_lazy("任务书已签订。"), redirect_to=_page)
def contract_sign(request: HttpRequest, pk: int) -> Any:
    contract = _contract(request, pk)
    return services.contract_sign(contract=contract, actor=request.user, expected_version=_version(request))


@post_action(success=gettext_lazy("任务书已退回承担单位修改。"), redirect_to=_page)
def contract_return(request: HttpRequest, pk: int) -> Any:
    contract = _contract(request, pk)
    data = form_data(NoteForm(request.POST), invalid=INVALID)
    return services.contract_return(
        contract=contract, actor=request.user, note=data["note"], expected_version=data["version"]
    )


@login_required
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    project = sel.project_get(user=request.user, pk=pk)
    contract = sel.contract_of(project)
    if contract is None:
        raise Http404
    signed = contract.signed_at.date().isoformat() if contract.signed_at else ""
    content = contract.content or contract_content(project, contract)
    body = pdf.contract_pdf(content, signed_on=pdf.chinese_date(signed), status=contract.get_status_display())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="contract-{project.code}.pdf"'
    return response


# ------------------------------------------------------------------------------------------------ funds


@post_action(success=gettext_lazy("拨付已登记。"), redirect_to=_page)
def disbursement_add(request: HttpRequest, pk: int) -> Any:
    data = form_data(DisbursementForm(request.POST), invalid=_("请填写拨付金额和拨付日期。"))
    project = sel.project_get(user=request.user, pk=pk)
    return services.disbursement_record(project=project, actor=request.user, **data)


@post_action(success=gettext_lazy("项目已终止，请督促承担单位退回结余经费。"), redirect_to=_page)
def project_terminate(request: HttpRequest, pk: int) -> Any:
    data = form_data(TerminateForm(request.POST), invalid=_("请填写终止原因。"))
    project = sel.project_get(user=request.user, pk=pk)
    return services.project_terminate(
        project=project, actor=request.user, reason=data["reason"], expected_version=data["version"]
    )


@post_action(success=gettext_lazy("退回经费已登记。"), redirect_to=_page)
def refund_add(request: HttpRequest, pk: int) -> Any:
    data = form_data(RefundForm(request.POST), invalid=_("请填写退回金额和退回日期。"))
    project = sel.project_get(user=request.user, pk=pk)
    termination = getattr(project, "termination", None)
    if termination is None:
        raise ApplicationError(_("项目未终止，没有应退回的经费。"))
    return services.refund_record(termination=termination, actor=request.user, **data)


# ---------------------------------------------------------------------------------------------- reports


@post_action(success=gettext_lazy("进展报告已报送。"), redirect_to=_page)
def report_add(request: HttpRequest, pk: int) -> Any:
    project = sel.project_get(user=request.user, pk=pk)
    form = ReportForm(
        request.POST, categories=list(project.budget.values_list("category", flat=True)),
        milestones=project.milestones.filter(completed_on__isnull=True),
    )  # fmt: skip
    data = form_data(form, invalid=_("请填写报告类型、年度和进展情况。"))
    return services.report_submit(
        project=project, actor=request.user, kind=data["kind"], year=data["year"], content=data["content"],
        problems=data["problems"], spent=form.spent(), completed_milestones=data["milestones"],
    )  # fmt: skip


@post_action(success=gettext_lazy("审核结果已保存。"), redirect_to=_of(ProgressReport))
def report_review(request: HttpRequest, pk: int) -> Any:
    data = form_data(ReportReviewForm(request.POST), invalid=INVALID)
    return services.report_review(
        report=_row(request, ProgressReport, pk), actor=request.user, accept=data["accept"], note=data["note"],
        rating=data["rating"], expected_version=data["version"],
    )  # fmt: skip


@post_action(
    success=gettext_lazy("中期检查专家组已组建，请分配专家并组织评审。"), redirect_to=_of(ProgressReport)
)
def midterm_panel(request: HttpRequest, pk: int) -> Any:
    return services.midterm_panel(report=_row(request, ProgressReport, pk), actor=request.user)


@post_action(success=gettext_lazy("报告已重新报送。"), redirect_to=_of(ProgressReport))
def report_resubmit(request: HttpRequest, pk: int) -> Any:
    data = form_data(ResubmitForm(request.POST), invalid=_("请填写进展情况。"))
    return services.report_resubmit(
        report=_row(request, ProgressReport, pk), actor=request.user, content=data["content"],
        problems=data["problems"], expected_version=data["version"],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------- changes


@post_action(success=gettext_lazy("变更申请已提交，待主管部门审批。"), redirect_to=_page)
def change_add(request: HttpRequest, pk: int) -> Any:
    project = sel.project_get(user=request.user, pk=pk)
    data = form_data(ChangeForm(request.POST, indicators=project.indicator_lines.all()), invalid=INVALID)
    payload = {
        "months": data["months"], "leader_name": data["leader_name"],
        "leader_identifier": data["leader_identifier"], "action": data["action"],
        "organization": data["organization"], "from": data["budget_from"], "to": data["budget_to"],
        "amount": data["amount"], "indicator": data["indicator"], "quantity": data["quantity"],
    }  # fmt: skip
    return services.change_request_submit(
        project=project, actor=request.user, kind=data["kind"], reason=data["reason"], payload=payload
    )


@post_action(success=gettext_lazy("审批结果已保存。"), redirect_to=_of(ChangeRequest))
def change_decide(request: HttpRequest, pk: int) -> Any:
    data = form_data(ReportReviewForm(request.POST), invalid=INVALID)
    return services.change_decide(
        change=_row(request, ChangeRequest, pk), actor=request.user, approve=data["accept"], note=data["note"],
        expected_version=data["version"],
    )  # fmt: skip


@post_action(success=gettext_lazy("变更申请已撤回。"), redirect_to=_of(ChangeRequest))
def change_withdraw(request: HttpRequest, pk: int) -> Any:
    return services.change_withdraw(change=_row(request, ChangeRequest, pk), actor=request.user)


# ------------------------------------------------------------------------------------------- acceptance


@post_action(success=gettext_lazy("验收申请已提交。"), redirect_to=_page)
def acceptance_apply(request: HttpRequest, pk: int) -> Any:
    project = sel.project_get(user=request.user, pk=pk)
    form = AcceptanceForm(request.POST, indicators=project.indicator_lines.all())
    data = form_data(form, invalid=_("请填写项目完成情况和经费决算说明。"))
    return services.acceptance_apply(
        project=project, actor=request.user, summary=data["summary"], final_accounts=data["final_accounts"],
        achieved=form.achieved(), expected_version=data["version"],
    )  # fmt: skip


@post_action(
    success=gettext_lazy("验收专家组已组建，请分配专家并组织评审。"), redirect_to=_of(AcceptanceRequest)
)
def acceptance_panel(request: HttpRequest, pk: int) -> Any:
    return services.acceptance_panel(acceptance=_row(request, AcceptanceRequest, pk), actor=request.user)


@post_action(success=gettext_lazy("验收结论已保存。"), redirect_to=_of(AcceptanceRequest))
def acceptance_decide(request: HttpRequest, pk: int) -> Any:
    data = form_data(ConclusionForm(request.POST), invalid=_("请选择验收结论。"))
    return services.acceptance_decide(
        acceptance=_row(request, AcceptanceRequest, pk), actor=request.user, conclusion=data["conclusion"],
        note=data["note"], expected_version=data["version"],
    )  # fmt: skip


def acceptance_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate of a passed acceptance: public, like the result it certifies (验收结果公告)."""
    acceptance = sel.certificate_get(user=request.user, pk=pk)
    project, application = acceptance.project, acceptance.project.application
    body = pdf.acceptance_certificate_pdf(
        title=application.title, code=project.code, organization=application.organization.name,
        leader=application.leader_name, program=application.topic.call.program_type.name,
        department=application.topic.call.program_type.department.name,
        decided_on=acceptance.decided_at.date().isoformat() if acceptance.decided_at else "",
        score=f"{acceptance.panel_score}" if acceptance.panel_score is not None else "—",
        verification_code=acceptance.certificate_code,
    )  # fmt: skip
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="acceptance-{project.code}.pdf"'
    return response


@post_action(
    success=gettext_lazy("成果已提交科技大市场，审核通过后公开发布。"),
    redirect_to=_page,
)
def achievement_publish(request: HttpRequest, pk: int) -> Any:
    data = form_data(PublishForm(request.POST), invalid=_("请选择成熟度、技术就绪度和转化方式。"))
    project = sel.project_get(user=request.user, pk=pk)
    return services.project_achievement_publish(project=project, actor=request.user, data=data)
