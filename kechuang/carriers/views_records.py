"""Officer pages of carriers that already exist: enter one, correct one (with the reason), import a
spreadsheet of them. Retiring one is the status move on its page (撤销); nothing is deleted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.carriers import excel, services_records
from kechuang.carriers.forms import CarrierCorrectionForm, CarrierForm
from kechuang.carriers.models import Carrier
from kechuang.core.background import sheet_import_provider
from kechuang.core.import_pages import SheetImportPage, import_page
from kechuang.core.pages import save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import officer_required


def _detail(carrier: Carrier) -> str:
    return reverse("carriers:carrier_detail", args=[carrier.pk])


@officer_required
def carrier_new(request: HttpRequest) -> HttpResponse:
    form = CarrierForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services_records.carrier_register(
            actor=request.user, values=services_records.carrier_resolve(data)
        ),
        success=_("创新载体已登记。"),
        redirect_to=_detail,
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "carriers/carrier_form.html", {"form": form}, status=status)


@officer_required
def carrier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404_for(
        request.user, Carrier.objects.select_related("region", "industry"), "change", pk=pk
    )
    form = CarrierCorrectionForm(request.POST or None, initial=CarrierForm.initial_from(carrier))

    def correct(data: dict[str, Any]) -> Carrier:
        data = dict(data)
        reason = data.pop("reason")
        values = services_records.carrier_resolve(data)
        services_records.carrier_correct(carrier=carrier, actor=request.user, data=values, reason=reason)
        return carrier

    if saved := save_form(
        request, form, correct, success=_("载体信息已更正，已记入历史沿革。"), redirect_to=_detail
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "carriers/carrier_form.html", {"form": form, "carrier": carrier}, status=status)


@sheet_import_provider
def carrier_import_spec(user: Any, params: Mapping[str, Any]) -> SheetImportPage:
    """The carrier import as ``user`` gets it (the page, or a task worker for a large file)."""
    return SheetImportPage(
        title=_("从Excel导入创新载体"),
        sheet=excel.SHEET,
        columns=excel.columns(),
        notes=excel.notes(),
        filename=excel.FILENAME,
        clean=excel.clean,
        write=excel.writer(user),
        success=lambda n: _("已导入%(n)d个创新载体。") % {"n": n},
        redirect_to=reverse("carriers:carrier_list"),
        back=(reverse("carriers:carrier_list"), _("创新载体")),
    )


@officer_required
def carrier_import(request: HttpRequest) -> HttpResponse:
    """Many carriers from a spreadsheet: every row checked, all or none (above
    ``KECHUANG_IMPORT_BACKGROUND_ROWS`` rows, by a task worker)."""
    return import_page(
        request, carrier_import_spec(request.user, {}), provider=carrier_import_spec, params={}
    )
