"""Events (宣传周, 科技活动月), standards coverage, complaint statistics and the public verification page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.pages import save_form
from kechuang.core.permissions import can
from kechuang.quality import selectors
from kechuang.quality.choices import EventKind
from kechuang.quality.forms import EventForm
from kechuang.quality.models import Event
from kechuang.quality.services.events import event_create, event_update
from kechuang.registry.guards import officer_required
from kechuang.registry.selectors import user_officer_roles

EVENT = "quality:event_detail"


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in EventKind.values else ""
    year = _year(request)
    qs = selectors.event_list(user=request.user, kind=kind, year=year)
    return render(
        request,
        "quality/event_list.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "kind": kind,
            "year": year or "",
            "kinds": EventKind.choices,
            "can_add": bool(_organisers(request)),
        },
    )


def _organisers(request: HttpRequest) -> list[tuple[int, str]]:
    own = [(o.pk, o.name) for o in selectors.event_organisers(user=request.user)]
    departments = [
        (r.department.organization_id, r.department.name)
        for r in user_officer_roles(request.user)
        if r.department.organization_id
    ]
    return list(dict(own + departments).items())


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    organisers = _organisers(request)
    if not organisers:
        raise Http404(_("您没有可以登记活动的单位。"))
    form = EventForm(request.POST or None, organisers=organisers)

    def save(data: dict) -> Event:
        organiser = selectors.event_organiser(pk=data.pop("organiser"))
        if organiser is None:
            raise ApplicationError(_("请选择主办单位。"), extra={"field": "organiser"})
        return event_create(organiser=organiser, actor=request.user, **data)

    if saved := save_form(
        request,
        form,
        save,
        success=_("活动已登记。"),
        redirect_to=lambda e: reverse(EVENT, kwargs={"pk": e.pk}),
    ):
        return saved
    return render(request, "quality/event_form.html", {"form": form, "event": None})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    form = None
    if can(request.user, event, "change"):
        initial = {
            "kind": event.kind,
            "title": event.title,
            "organiser": event.organiser_id,
            "held_on": event.held_on,
            "place": event.place,
            "participants": event.participants,
            "outcome": event.outcome,
        }
        form = EventForm(
            request.POST or None, initial=initial, organisers=[(event.organiser_id, event.organiser.name)]
        )
        if request.method == "POST":

            def save(data: dict) -> Event:
                data.pop("organiser")
                return event_update(event=event, actor=request.user, **data)

            if saved := save_form(
                request, form, save, success=_("活动已更新。"), redirect_to=reverse(EVENT, kwargs={"pk": pk})
            ):
                return saved
    elif request.method == "POST":
        raise Http404
    return render(request, "quality/event_detail.html", {"event": event, "form": form})


@officer_required
def coverage(request: HttpRequest) -> HttpResponse:
    """产品标准覆盖率 of the officer's region (or a region below it), by region and by industry."""
    regions = selectors.officer_regions(user=request.user)
    code = request.GET.get("region", "")
    region = next((r for r in regions if r.code == code), None) or (regions[0] if regions else None)
    by = "industry" if request.GET.get("by") == "industry" else "region"
    rows = selectors.standards_coverage(region=region, by=by) if region else []
    return render(
        request,
        "quality/coverage.html",
        {"regions": regions, "region": region, "by": by, "rows": rows},
    )


@officer_required
def complaint_statistics(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    stats = selectors.complaint_statistics(user=request.user, year=year)
    return render(
        request,
        "quality/complaint_statistics.html",
        {"stats": stats, "year": year or "", "this_year": timezone.localdate().year},
    )


@officer_required
def complaint_statistics_export(request: HttpRequest) -> HttpResponse:
    stats = selectors.complaint_statistics(user=request.user, year=_year(request))
    figures = [
        Column(_("投诉件数"), lambda r: r["total"]),
        Column(_("办理中"), lambda r: r["open"]),
        Column(_("已办结"), lambda r: r["closed"]),
        Column(_("超期"), lambda r: r["overdue"]),
    ]
    return xlsx_response(
        [
            SheetSpec(
                title=_("按地区"),
                columns=[Column(_("地区"), lambda r: r["label"], width=20), *figures],
                rows=stats["region"],
            ),
            SheetSpec(
                title=_("按类别"),
                columns=[Column(_("投诉类别"), lambda r: r["label"], width=20), *figures],
                rows=stats["category"],
            ),
        ],
        filename=dated_filename("complaint-statistics"),
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Public: is this award, brand or trademark genuine? By certificate number or trademark
    registration number (the recognition app's own page verifies certificates by their code)."""
    number = request.GET.get("no", "").strip()[:60]
    result = selectors.verify_number(number=number, today=timezone.localdate()) if number else None
    return render(request, "quality/verify.html", {"number": number, "result": result})
