"""Outputs of a project other than its published achievement: patents of the quality app's register and
registered technology contracts of the market, claimed by the lead organization (linked and unlinked,
audited) and counted in the performance evaluation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.market.models import TechContract
from kechuang.programs.choices import ProjectStatus
from kechuang.programs.models import Project, ProjectContract, ProjectPatent
from kechuang.programs.services._common import ensure_allowed
from kechuang.quality.models import Patent
from kechuang.quality.services.ip import clean_application_no

CLAIMABLE = (
    ProjectStatus.EXECUTING,
    ProjectStatus.ACCEPTING,
    ProjectStatus.RECTIFYING,
    ProjectStatus.ACCEPTED,
)


def _project_orgs(project: Project) -> set[int]:
    application = project.application
    return {application.organization_id, *application.partners.values_list("organization_id", flat=True)}


def _claimable(project: Project, actor: Any) -> Project:
    ensure_allowed(actor, project, "submit")
    locked = Project.objects.select_for_update().select_related("application").get(pk=project.pk)
    if locked.status not in CLAIMABLE:
        raise ApplicationError(
            _("项目%(status)s，不能再登记成果。") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def project_patent_link(*, project: Project, actor: Any, application_no: str) -> ProjectPatent:
    """Claim a patent of the register, by its application number, as an output of the project."""
    locked = _claimable(project, actor)
    number, _kind = clean_application_no(application_no.strip())
    patent = Patent.objects.filter(application_no=number).first()
    if patent is None:
        raise ApplicationError(
            _("专利登记库中没有申请号为%(no)s的专利，请先由权利人登记该专利。") % {"no": number},
            extra={"field": "application_no"},
        )
    if patent.organization_id not in _project_orgs(locked):
        raise ApplicationError(
            _("该专利的权利人不是本项目的承担单位或合作单位。"), extra={"field": "application_no"}
        )
    if patent.applied_on < locked.starts_on or patent.applied_on > locked.ends_on:
        raise ApplicationError(
            _("该专利的申请日不在项目实施期内，不能作为本项目成果。"), extra={"field": "application_no"}
        )
    claimed = ProjectPatent.objects.filter(patent=patent).select_related("project").first()
    if claimed is not None:
        raise ApplicationError(
            _("该专利已登记为项目%(code)s的成果。") % {"code": claimed.project.code},
            extra={"field": "application_no"},
        )
    link = ProjectPatent(project=locked, patent=patent, linked_by=actor)
    clean_and_save(link)
    audit_log(
        actor=actor, action="programs.patent_link", target=locked, after={"patent": patent.application_no}
    )
    return link


@transaction.atomic
def project_contract_link(*, project: Project, actor: Any, registration_no: str) -> ProjectContract:
    """Claim a registered technology contract, by its registration number, as an output of the project."""
    locked = _claimable(project, actor)
    contract = TechContract.objects.filter(registration_no=registration_no.strip()).first()
    if contract is None:
        raise ApplicationError(
            _("技术合同登记库中没有登记编号为%(no)s的合同。") % {"no": registration_no.strip()},
            extra={"field": "registration_no"},
        )
    if contract.seller_id not in _project_orgs(locked):
        raise ApplicationError(
            _("该技术合同的卖方不是本项目的承担单位或合作单位。"), extra={"field": "registration_no"}
        )
    if contract.signed_on < locked.starts_on:
        raise ApplicationError(
            _("该技术合同签订于项目开始之前，不能作为本项目成果。"), extra={"field": "registration_no"}
        )
    claimed = ProjectContract.objects.filter(contract=contract).select_related("project").first()
    if claimed is not None:
        raise ApplicationError(
            _("该技术合同已登记为项目%(code)s的成果。") % {"code": claimed.project.code},
            extra={"field": "registration_no"},
        )
    link = ProjectContract(project=locked, contract=contract, linked_by=actor)
    clean_and_save(link)
    audit_log(
        actor=actor,
        action="programs.contract_link",
        target=locked,
        after={"contract": contract.registration_no},
    )
    return link


@transaction.atomic
def project_output_unlink(*, project: Project, actor: Any, kind: str, pk: int) -> None:
    """Withdraw a patent or a contract claimed by mistake (the register's own record stays)."""
    locked = _claimable(project, actor)
    model: type[ProjectPatent] | type[ProjectContract] = (
        ProjectPatent if kind == "patent" else ProjectContract
    )
    link = model.objects.filter(project=locked, pk=pk).first()
    if link is None:
        raise ApplicationError(_("该成果记录不存在。"))
    what = link.patent.application_no if isinstance(link, ProjectPatent) else link.contract.registration_no
    link.delete()
    audit_log(actor=actor, action="programs.output_unlink", target=locked, before={kind: what})
