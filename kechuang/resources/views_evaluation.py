"""Pages of the open-sharing evaluation (开放共享评价考核) — the year's figures per owner and per instrument,
and their Excel export — and the public calendar of an instrument."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.permissions import get_object_or_404_for
from kechuang.resources.models import Instrument
from kechuang.resources.selectors_evaluation import instrument_calendar, sharing_evaluation

MONEY = "#,##0.00"


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 1 else this_year


@login_required
def evaluation(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    result = sharing_evaluation(user=request.user, year=year)
    this_year = timezone.localdate().year
    return render(
        request,
        "resources/evaluation.html",
        {
            "result": result,
            "instruments": result.instruments[:300],
            "more": max(0, len(result.instruments) - 300),
            "years": list(range(this_year, this_year - 5, -1)),
        },
    )


def _figure_columns() -> list[Column]:
    def get(name: str) -> Any:
        return lambda row: getattr(row.figures, name)

    return [
        Column(_("对外服务机时（小时）"), get("hours_external"), number_format=MONEY, width=16),
        Column(_("总机时（小时）"), get("hours_total"), number_format=MONEY, width=14),
        Column(_("对外机时占比（%）"), get("external_share"), width=14),
        Column(_("对外服务收入（元）"), get("income_external"), number_format=MONEY, width=18),
        Column(_("外部用户数"), get("external_users"), width=10),
        Column(_("对外服务次数"), get("external_uses"), width=12),
        Column(_("用户评价（平均分）"), get("rating"), width=14),
        Column(_("评价数"), get("ratings"), width=8),
    ]


@login_required
def evaluation_export(request: HttpRequest) -> FileResponse:
    year = _year(request)
    result = sharing_evaluation(user=request.user, year=year)
    owners = SheetSpec(
        title=_("按单位"),
        columns=[
            Column(_("单位"), "owner", width=30),
            Column(_("仪器台套数"), "instruments", width=10),
            Column(_("仪器原值（元）"), "original_value", number_format=MONEY, width=18),
            *_figure_columns(),
        ],
        rows=result.owners,
    )
    instruments = SheetSpec(
        title=_("按仪器"),
        columns=[
            Column(_("仪器名称"), "instrument.name", width=30),
            Column(_("所属单位"), "instrument.owner.name", width=30),
            Column(_("仪器类别"), lambda r: str(r.instrument.get_category_display()), width=14),
            Column(_("规格型号"), "instrument.model_number", width=16),
            Column(_("原值（元）"), "instrument.original_value", number_format=MONEY, width=16),
            *_figure_columns(),
        ],
        rows=result.instruments,
    )
    return xlsx_response([owners, instruments], filename=dated_filename(f"开放共享评价-{year}"))


def instrument_calendar_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A week of the instrument's taken slots (public), with links to the weeks before and after."""
    instrument = get_object_or_404_for(
        request.user, Instrument.objects.select_related("owner"), "view", pk=pk
    )
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = timezone.localdate()
    start -= dt.timedelta(days=start.weekday())
    return render(
        request,
        "resources/instrument_calendar.html",
        {
            "instrument": instrument,
            "days": instrument_calendar(instrument=instrument, start=start),
            "previous": start - dt.timedelta(days=7),
            "next": start + dt.timedelta(days=7),
        },
    )
