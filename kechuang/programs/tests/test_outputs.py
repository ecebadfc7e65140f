"""A project's other outputs: patents of the quality app's register and technology contracts of the market,
claimed by the lead organization with exact refusals, shown on the project page and counted in the
performance evaluation (page and API)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.programs import selectors_execution as sel
from kechuang.programs import services
from kechuang.programs.models import Partner, Project, ProjectContract, ProjectPatent
from tests import app_factories as af
from tests import factories as f
from tests.pages import client_for
from tests.program_projects import issued_project

pytestmark = pytest.mark.django_db


def _error(call, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc:
        call(**kw)
    return exc.value.message


@pytest.fixture
def project(cast):  # type: ignore[no-untyped-def]
    return issued_project(cast, starts_on=dt.date(2025, 1, 1))


def test_a_patent_of_the_lead_or_a_partner_within_the_period_is_claimed_once(cast, project):
    patent = af.PatentFactory(organization=cast.org, applied_on=dt.date(2025, 6, 1))
    link = services.project_patent_link(
        project=project, actor=cast.org_admin, application_no=patent.application_no
    )
    assert link.patent == patent and link.linked_by == cast.org_admin
    assert AuditRecord.objects.filter(action="programs.patent_link").exists()
    other = issued_project(cast, starts_on=dt.date(2025, 1, 1))
    assert (
        _error(
            services.project_patent_link,
            project=other,
            actor=cast.org_admin,
            application_no=patent.application_no,
        )
        == f"该专利已登记为项目{project.code}的成果。"
    )
    partner = f.OrganizationFactory()
    Partner.objects.create(application=project.application, organization=partner, role="participant")
    theirs = af.PatentFactory(organization=partner, applied_on=dt.date(2025, 7, 1))
    services.project_patent_link(project=project, actor=cast.org_admin, application_no=theirs.application_no)
    assert ProjectPatent.objects.filter(project=project).count() == 2


def test_patent_refusals_name_the_reason(cast, project):
    stranger = af.PatentFactory(applied_on=dt.date(2025, 6, 1))
    early = af.PatentFactory(organization=cast.org, applied_on=dt.date(2024, 6, 1))
    link = services.project_patent_link
    assert _error(link, project=project, actor=cast.org_admin, application_no=stranger.application_no) == (
        "该专利的权利人不是本项目的承担单位或合作单位。"
    )
    assert _error(link, project=project, actor=cast.org_admin, application_no=early.application_no) == (
        "该专利的申请日不在项目实施期内，不能作为本项目成果。"
    )
    assert "不符合国家知识产权局申请号格式" in _error(
        link, project=project, actor=cast.org_admin, application_no="12345"
    )
    assert _error(link, project=project, actor=cast.other_org_admin, application_no=early.application_no) == (
        "您无权执行此操作。"
    )
    Project.objects.filter(pk=project.pk).update(status="terminated")
    assert _error(link, project=project, actor=cast.org_admin, application_no=early.application_no) == (
        "项目已终止，不能再登记成果。"
    )
    assert not ProjectPatent.objects.exists()


def test_a_contract_sold_by_the_lead_after_the_start_is_claimed_and_withdrawn(cast, project):
    contract = af.TechContractFactory(seller=cast.org, signed_on=dt.date(2025, 9, 1))
    before = af.TechContractFactory(seller=cast.org, signed_on=dt.date(2024, 9, 1))
    bought = af.TechContractFactory(buyer=cast.org, signed_on=dt.date(2025, 9, 1))
    link = services.project_contract_link
    assert _error(link, project=project, actor=cast.org_admin, registration_no=before.registration_no) == (
        "该技术合同签订于项目开始之前，不能作为本项目成果。"
    )
    assert _error(link, project=project, actor=cast.org_admin, registration_no=bought.registration_no) == (
        "该技术合同的卖方不是本项目的承担单位或合作单位。"
    )
    assert _error(link, project=project, actor=cast.org_admin, registration_no="无此编号") == (
        "技术合同登记库中没有登记编号为无此编号的合同。"
    )
    claimed = link(project=project, actor=cast.org_admin, registration_no=contract.registration_no)
    services.project_output_unlink(project=project, actor=cast.org_admin, kind="contract", pk=claimed.pk)
    assert not ProjectContract.objects.exists()
    assert AuditRecord.objects.filter(action="programs.output_unlink").exists()


def test_performance_counts_patents_and_contracts(cast, project):
    patent = af.PatentFactory(organization=cast.org, applied_on=dt.date(2025, 6, 1))
    contract = af.TechContractFactory(
        seller=cast.org, signed_on=dt.date(2025, 9, 1), tech_amount=Decimal("800000")
    )
    services.project_patent_link(project=project, actor=cast.org_admin, application_no=patent.application_no)
    services.project_contract_link(
        project=project, actor=cast.org_admin, registration_no=contract.registration_no
    )
    rows = sel.performance(user=cast.officer)
    assert [(r.patents, r.contracts, r.contract_amount) for r in rows] == [(1, 1, Decimal("80.00"))]
    body = client_for(cast.officer).get("/api/v1/programs/performance/").json()
    results = body["results"] if isinstance(body, dict) and "results" in body else body
    assert [(r["patents"], r["contracts"], r["contract_amount"]) for r in results] == [(1, 1, "80.00")]
    page = client_for(cast.officer).get(reverse("programs:performance")).content.decode()
    assert "技术合同（成交额万元）" in page


def test_the_project_page_lists_and_claims_outputs(cast, project):
    patent = af.PatentFactory(
        organization=cast.org, applied_on=dt.date(2025, 6, 1), title="一种功率芯片封装结构"
    )
    client = client_for(cast.org_admin)
    response = client.post(
        reverse("programs:patent_link", args=[project.pk]), {"application_no": patent.application_no}
    )
    assert response.status_code == 302
    page = client.get(reverse("programs:project_detail", args=[project.pk])).content.decode()
    assert "一种功率芯片封装结构" in page and 'id="contract-link-form"' in page
    assert client.post(reverse("programs:output_unlink", args=[project.pk, "other", 1])).status_code == 404
