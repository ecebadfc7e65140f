"""Workstation pages: the public list and counts of postdoctoral, graduate and academician workstations;
a workstation's residents (its lead host's admins and its officers only) with the entry form (进站) and
each researcher's exit (出站)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.carriers import selectors, services_residents
from kechuang.carriers.choices import WORKSTATION_KINDS, CarrierKind
from kechuang.carriers.forms import ResidentExitForm, ResidentForm
from kechuang.carriers.models import Carrier, Resident
from kechuang.core.pages import form_data, page_action, save_form
from kechuang.core.permissions import get_object_or_404_for


def workstation_list(request: HttpRequest) -> HttpResponse:
    """Public: how many workstations of each kind and how many researchers are in station (no names)."""
    kind = request.GET.get("kind", "").strip()
    kind = kind if kind in WORKSTATION_KINDS else ""
    stations = selectors.workstation_list(user=request.user, kind=kind)
    return render(
        request,
        "carriers/workstation_list.html",
        {
            "counts": selectors.workstation_counts(user=request.user),
            "stations": stations[:200],
            "kind": kind,
            "kinds": [(k, label) for k, label in CarrierKind.choices if k in WORKSTATION_KINDS],
        },
    )


@login_required
def residents(request: HttpRequest, pk: int) -> HttpResponse:
    """A workstation's residents and the entry form; 404 for anyone who does not run or oversee it."""
    carrier = get_object_or_404_for(
        request.user, Carrier.objects.filter(kind__in=WORKSTATION_KINDS), "view", pk=pk
    )
    if not services_residents.may_manage_residents(request.user, carrier):
        raise Http404(_("对象不存在或无权访问。"))
    form = ResidentForm(request.POST or None)
    if saved := save_form(
        request,
        form,
        lambda data: services_residents.resident_enter(actor=request.user, carrier=carrier, **data),
        success=lambda resident: _("%(name)s已进站。") % {"name": resident.name},
        redirect_to=reverse("carriers:residents", args=[carrier.pk]),
    ):
        return saved
    return render(
        request,
        "carriers/residents.html",
        {
            "carrier": carrier,
            "residents": selectors.resident_list(user=request.user, carrier=carrier),
            "form": form,
            "exit_form": ResidentExitForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def resident_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """The 出站 button of one researcher (POST only)."""
    if request.method != "POST":
        raise Http404(_("对象不存在或无权访问。"))
    resident = get_object_or_404_for(request.user, Resident.objects.all(), "manage", pk=pk)

    def leave() -> Resident:
        data = form_data(ResidentExitForm(request.POST), invalid=_("请填写出站日期。"))
        return services_residents.resident_exit(
            actor=request.user,
            resident=resident,
            expected_version=int(request.POST.get("version") or resident.version),
            **data,
        )

    return page_action(
        request,
        leave,
        success=lambda left: _("%(name)s已出站。") % {"name": left.name},
        redirect_to=reverse("carriers:residents", args=[resident.carrier_id]),
    )
