"""Technology contracts: the officers' register (登记), its statistics rolled up along the region tree."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.pages import region_code_param, save_form, section_param
from kechuang.market import selectors, services
from kechuang.market.choices import ContractType
from kechuang.market.forms import ContractForm
from kechuang.market.views.common import wan
from kechuang.registry.guards import officer_required, user_is_officer_or_admin
from kechuang.registry.models import Organization


def _filters(request: HttpRequest) -> dict[str, str]:
    year = request.GET.get("year", "").strip()
    return {
        "contract_type": request.GET.get("contract_type", ""),
        "year": year if year.isdigit() and len(year) == 4 else "",
    }


def _list_filters(request: HttpRequest) -> dict[str, str]:
    """The statistics' filters plus the cell a figure came from: a region (its subtree) and a field section."""
    return {
        **_filters(request),
        "region": region_code_param(request),
        "section": section_param(request),
        "own_level": "1" if request.GET.get("own_level") == "1" else "",
    }


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    filters = _list_filters(request)
    rows = selectors.contract_list(user=request.user, filters=filters).order_by("-signed_on", "-id")
    ctx = {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "stats": selectors.contract_statistics(user=request.user, filters=filters),
        "can_register": user_is_officer_or_admin(request.user),
    }
    return render(request, "market/contract_list.html", ctx)


def _region_cell(filters: dict[str, str], row: Any, region: Any) -> str:
    """A region row counts its whole subtree, except the region's own level (本级): that region only."""
    own = region is not None and row.key == region.code
    return _cell_url(filters, region=row.key, own_level="1" if own else "")


def _cell_url(filters: dict[str, str], **cell: str) -> str:
    """The contract list filtered as a statistics cell was (the records that figure counts)."""
    query = urlencode({k: v for k, v in {**filters, **cell}.items() if v})
    return f"{reverse('market:contract_list')}?{query}"


@officer_required
def contract_create(request: HttpRequest) -> HttpResponse:
    """Register a contract; ``?outcome=<id>`` prefills it from a matchmaking event's signed agreement."""
    outcome_id = request.POST.get("outcome") or request.GET.get("outcome") or ""
    outcome = selectors.event_outcome_get(user=request.user, pk=outcome_id) if outcome_id else None
    orgs = list(Organization.objects.order_by("name")[:500])
    initial: dict[str, Any] = {"signed_on": timezone.localdate().isoformat()}
    if outcome is not None:
        for org in (outcome.seller, outcome.buyer):
            if org is not None and org not in orgs:
                orgs.insert(0, org)
        subject = outcome.item.subject if outcome.item_id else None
        initial.update(
            {
                "outcome": outcome.pk,
                "seller": outcome.seller_id,
                "buyer": outcome.buyer_id,
                "title": subject.title if subject is not None else outcome.parties,
                "amount": outcome.amount or "",
                "tech_amount": outcome.amount or "",
                "field": subject.field.code_with_section if subject is not None and subject.field_id else "",
            }
        )
    form = ContractForm(request.POST or None, orgs=orgs, initial=initial)
    by_pk = {o.pk: o for o in orgs}

    def register(cleaned: dict[str, Any]) -> Any:
        data = {k: v for k, v in cleaned.items() if k != "outcome"}
        data["seller"], data["buyer"] = by_pk.get(data["seller"]), by_pk.get(data["buyer"])
        if outcome is not None and outcome.item_id and outcome.item.achievement_id:
            data["achievement"] = outcome.item.achievement
        return services.contract_register(actor=request.user, data=data, outcome=outcome)

    if saved := save_form(
        request,
        form,
        register,
        success=lambda contract: _("合同已登记，登记编号 %(no)s。") % {"no": contract.registration_no},
        redirect_to="market:contract_list",
    ):
        return saved
    title = _("技术合同登记")
    if outcome is not None:
        title = _("技术合同登记（来自“%(event)s”的签约协议）") % {"event": outcome.event.title}
    return render(request, "market/form.html", {"form": form, "title": title, "submit_label": _("登记")})


@officer_required
def contract_statistics(request: HttpRequest) -> HttpResponse:
    """Contracts by region (rolled up along the region tree), field and type; officers: their subtree."""
    filters = _filters(request)
    stats = selectors.contract_statistics_rollup(
        user=request.user, region_code=request.GET.get("region", ""), filters=filters
    )
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("名称"), lambda r: r.label),
            Column(_("份数"), lambda r: r.count),
            Column(_("合同金额(万元)"), lambda r: wan(r.amount), number_format="#,##0.00"),
            Column(_("技术交易额(万元)"), lambda r: wan(r.tech_amount), number_format="#,##0.00"),
        ]
        sheets = [
            SheetSpec(title=_("按地区"), columns=columns, rows=[*stats["by_region"], stats["total"]]),
            SheetSpec(title=_("按领域"), columns=columns, rows=stats["by_field"]),
            SheetSpec(title=_("按类型"), columns=columns, rows=stats["by_type"]),
        ]
        return xlsx_response(sheets, filename=dated_filename("contract-statistics"))
    return render(
        request,
        "market/contract_statistics.html",
        {
            "stats": stats,
            "types": ContractType.choices,
            "filters": filters,
            "region_chart": [
                {
                    "name": r.label,
                    "value": float(wan(r.tech_amount) or 0),
                    "url": _cell_url(filters, region=r.key),
                }
                for r in stats["by_region"]
            ],
            "field_chart": [
                {
                    "name": r.label,
                    "value": float(wan(r.tech_amount) or 0),
                    "url": _cell_url(filters, section=r.key),
                }
                for r in stats["by_field"]
            ],
            # each table row links to the contracts it counts
            "region_rows": [(r, _region_cell(filters, r, stats["region"])) for r in stats["by_region"]],
            "field_rows": [
                (r, _cell_url(filters, section=r.key) if r.key else "") for r in stats["by_field"]
            ],
            "type_rows": [(r, _cell_url(filters, contract_type=r.key)) for r in stats["by_type"]],
        },
    )
