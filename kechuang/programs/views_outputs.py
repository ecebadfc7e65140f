"""Pages of a project's other outputs: patents of the register and registered technology contracts
claimed by the lead organization (the forms are on the project page)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.pages import form_data, post_action
from kechuang.programs import selectors_execution as sel
from kechuang.programs import services
from kechuang.programs.forms_execution import ContractLinkForm, PatentLinkForm


def _page(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> str:
    return reverse("programs:project_detail", args=[pk]) + "#other-outputs"


@post_action(success=gettext_lazy("专利已登记为本项目成果。"), redirect_to=_page)
def patent_link(request: HttpRequest, pk: int) -> Any:
    data = form_data(PatentLinkForm(request.POST), invalid=_("请填写专利申请号。"))
    project = sel.project_get(user=request.user, pk=pk)
    return services.project_patent_link(project=project, actor=request.user, **data)


@post_action(success=gettext_lazy("技术合同已登记为本项目成果。"), redirect_to=_page)
def contract_link(request: HttpRequest, pk: int) -> Any:
    data = form_data(ContractLinkForm(request.POST), invalid=_("请填写技术合同登记编号。"))
    project = sel.project_get(user=request.user, pk=pk)
    return services.project_contract_link(project=project, actor=request.user, **data)


@post_action(success=gettext_lazy("已撤回该成果登记。"), redirect_to=_page)
def output_unlink(request: HttpRequest, pk: int, kind: str, link: int) -> Any:
    if kind not in ("patent", "contract"):
        raise Http404
    project = sel.project_get(user=request.user, pk=pk)
    return services.project_output_unlink(project=project, actor=request.user, kind=kind, pk=link)
