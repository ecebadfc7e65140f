"""An organization's 知识产权 page: its patents, trademarks, standards and quality credit."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.import_pages import import_upload
from kechuang.core.pages import form_data, int_param, post_action
from kechuang.quality import selectors
from kechuang.quality.forms import (
    CreditEventForm,
    ImportForm,
    PatentDealForm,
    PatentForm,
    PatentStatusForm,
    ProductForm,
    StandardForm,
    TrademarkFameForm,
    TrademarkForm,
)
from kechuang.quality.permissions import organization_scope
from kechuang.quality.services import credit, imports, ip, registers
from kechuang.registry.selectors import organization_designations, user_organization_ids

PAGE = "quality:organization_ip"


@login_required
def my_ip(request: HttpRequest) -> HttpResponse:
    """The menu's 知识产权: the registers of the (first) organization the user belongs to."""
    own = user_organization_ids(request.user)
    if not own:
        raise Http404(_("您不是任何单位的成员。"))
    return redirect(PAGE, pk=own[0])


REGISTER_PAGE = 50  # patents or trademarks per page of the organization's page


@functools.lru_cache(maxsize=8)
def _blank_forms(language: str | None) -> dict[str, str]:
    """The page's entry forms are the same for every organization and row: rendered once per language
    (they were half of the page's time)."""
    return {
        "status": PatentStatusForm(auto_id=False).as_p(),
        "deal": PatentDealForm(auto_id=False).as_p(),
        "fame": TrademarkFameForm(auto_id=False).as_p(),
        "product": ProductForm().as_p(),
        "patent": PatentForm().as_p(),
        "trademark": TrademarkForm().as_p(),
        "standard": StandardForm().as_p(),
        "import": ImportForm().as_p(),
        "credit": CreditEventForm().as_p(),
    }


def _page(request: HttpRequest, name: str, total: int) -> tuple[int, int, slice]:
    """Page ``?<name>=n`` of a register of ``total`` rows: (page, pages, the rows' slice)."""
    pages = max(1, -(-total // REGISTER_PAGE))
    number = min(int_param(request, name) or 1, pages)
    return number, pages, slice((number - 1) * REGISTER_PAGE, number * REGISTER_PAGE)


@login_required
def organization_ip(request: HttpRequest, pk: int) -> HttpResponse:
    """The registers of one organization: a constant number of queries, whatever it holds (the long
    registers, patents and trademarks, come a page at a time; their totals are the counts above)."""
    organization = selectors.ip_organization(user=request.user, pk=pk)
    user = request.user
    counts = selectors.register_counts(organization=organization)
    patent_page, patent_pages, patent_rows = _page(request, "patents", counts["patents"])
    mark_page, mark_pages, mark_rows = _page(request, "trademarks", counts["trademarks"])
    can_change = organization_scope(user, organization, "change")
    return render(
        request,
        "quality/organization_ip.html",
        {
            "organization": organization,
            "patents": selectors.organization_patents(user=user, organization=organization)[patent_rows],
            "patent_page": (patent_page, patent_pages),
            "counts": counts,
            "last_year": timezone.localdate().year - 1,
            "deals": selectors.organization_patent_deals(user=user, organization=organization)[:200],
            "products": selectors.organization_products(user=user, organization=organization)[:300],
            "designations": organization_designations(organization=organization),
            "forms": _blank_forms(get_language()),
            "trademarks": selectors.organization_trademarks(user=user, organization=organization)[mark_rows],
            "trademark_page": (mark_page, mark_pages),
            "standards": selectors.organization_standards(user=user, organization=organization)[:300],
            "valid_inventions": counts["valid_inventions"],
            "grade": selectors.credit_grade(organization=organization),
            "credit_events": selectors.credit_events(user=user, organization=organization)[:200],
            "grade_history": selectors.credit_history(user=user, organization=organization)[:20],
            "can_change": can_change,
            "can_record_credit": organization_scope(user, organization, "credit"),
        },
    )


@post_action(success=gettext_lazy("专利已登记。"), redirect_to=PAGE)
def patent_add(request: HttpRequest, pk: int) -> object:
    organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
    data = form_data(PatentForm(request.POST), invalid=_("请完整填写专利信息。"))
    return ip.patent_create(organization=organization, actor=request.user, **data)


@post_action(success=gettext_lazy("商标已登记。"), redirect_to=PAGE)
def trademark_add(request: HttpRequest, pk: int) -> object:
    organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
    data = form_data(TrademarkForm(request.POST), invalid=_("请完整填写商标信息。"))
    return ip.trademark_create(organization=organization, actor=request.user, **data)


@post_action(success=gettext_lazy("标准已登记。"), redirect_to=PAGE)
def standard_add(request: HttpRequest, pk: int) -> object:
    organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
    data = form_data(StandardForm(request.POST), invalid=_("请完整填写标准信息。"))
    return ip.standard_create(organization=organization, actor=request.user, **data)


@login_required
@require_POST
def patent_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a workbook of patents: all rows or none, every problem listed by row."""
    return _import(request, pk, imports.patent_import, _("已导入%(n)d件专利。"))


@login_required
@require_POST
def trademark_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a workbook of trademarks: all rows or none, every problem listed by row."""
    return _import(request, pk, imports.trademark_import, _("已导入%(n)d件商标。"))


def _import(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
    return import_upload(
        request,
        ImportForm(request.POST, request.FILES),
        lambda path: run(organization=organization, actor=request.user, path=path),
        done=done,
        redirect_to=reverse(PAGE, kwargs={"pk": pk}),
    )


@post_action(success=gettext_lazy("质量信用事件已记录，信用等级已重新评定。"), redirect_to=PAGE)
def credit_event_add(request: HttpRequest, pk: int) -> object:
    organization = selectors.ip_organization(user=request.user, pk=pk, action="credit")
    data = form_data(CreditEventForm(request.POST), invalid=_("请完整填写质量信用事件。"))
    return credit.credit_event_create(organization=organization, actor=request.user, **data)


def _patent_page(request: HttpRequest, pk: int) -> str:
    return reverse(PAGE, kwargs={"pk": selectors.patent_get(user=request.user, pk=pk).organization_id})


def _trademark_page(request: HttpRequest, pk: int) -> str:
    return reverse(PAGE, kwargs={"pk": selectors.trademark_get(user=request.user, pk=pk).organization_id})


@post_action(success=gettext_lazy("法律状态已更新。"), redirect_to=_patent_page)
def patent_status(request: HttpRequest, pk: int) -> object:
    patent = selectors.patent_get(user=request.user, pk=pk, action="change")
    data = form_data(PatentStatusForm(request.POST), invalid=_("请选择法律状态并填写日期。"))
    return ip.patent_update_status(patent=patent, actor=request.user, **data)


@post_action(success=gettext_lazy("转让或许可已登记。"), redirect_to=_patent_page)
def patent_deal_add(request: HttpRequest, pk: int) -> object:
    patent = selectors.patent_get(user=request.user, pk=pk, action="change")
    data = form_data(PatentDealForm(request.POST), invalid=_("请完整填写转让或许可信息。"))
    counterparty_organization = selectors.deal_counterparty(
        user=request.user, uscc=data.pop("counterparty_uscc")
    )
    return registers.patent_deal_record(
        patent=patent, actor=request.user, counterparty_organization=counterparty_organization, **data
    )


@post_action(success=gettext_lazy("商标认定情况已更新。"), redirect_to=_trademark_page)
def trademark_fame(request: HttpRequest, pk: int) -> object:
    trademark = selectors.trademark_get(user=request.user, pk=pk, action="change")
    data = form_data(TrademarkFameForm(request.POST), invalid=_("请填写商标认定情况。"))
    return registers.trademark_set_fame(trademark=trademark, actor=request.user, **data)


@post_action(success=gettext_lazy("产品已登记。"), redirect_to=PAGE)
def product_add(request: HttpRequest, pk: int) -> object:
    organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
    data = form_data(ProductForm(request.POST), invalid=_("请填写产品名称。"))
    numbers = [line.strip() for line in data.pop("standards").splitlines() if line.strip()]
    return registers.product_create(
        organization=organization,
        actor=request.user,
        standards=[(n, registers.standard_level_for(n)) for n in numbers],
        **data,
    )


@post_action(
    success=lambda f: (
        _("已将登记簿数据写入年度统计：有效发明专利%(v)d件，当年专利申请%(a)d件。")
        % {"v": f["valid_invention_patents"], "a": f["patent_applications"]}
    ),
    redirect_to=PAGE,
)
def figures_update(request: HttpRequest, pk: int) -> object:
    organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
    text = request.POST.get("year", "").strip()
    if not text.isdigit():
        raise ApplicationError(_("年度不正确。"), extra={"field": "year"})
    return registers.figures_from_register(organization=organization, actor=request.user, year=int(text))
