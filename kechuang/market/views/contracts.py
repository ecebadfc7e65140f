"""Technology contracts: the officers' register (登记), its statistics rolled up along the region tree."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.pages import save_form
from kechuang.market import selectors, services
from kechuang.market.choices import ContractType
from kechuang.market.forms import ContractForm
from kechuang.market.views.common import wan
from kechuang.registry.guards import officer_required, user_is_officer_or_admin
from kechuang.registry.models import Organization


def _filters(request: HttpRequest) -> dict[str, str]:
    return {"contract_type": request.GET.get("contract_type", ""), "year": request.GET.get("year", "")}


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    ctx = {
        "rows": selectors.contract_list(user=request.user, filters=filters)[:200],
        "stats": selectors.contract_statistics(user=request.user, filters=filters),
        "can_register": user_is_officer_or_admin(request.user),
    }
    return render(request, "market/contract_list.html", ctx)


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
        {"stats": stats, "types": ContractType.choices, "filters": filters},
    )
