"""Open-sharing evaluation: outside hours, income, users and ratings per instrument and per owner for one
year, seen by the owner's members and the region's officers only; its page, Excel export and API; the
public calendar of an instrument."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kechuang.resources.selectors_evaluation import instrument_calendar, sharing_evaluation
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def university(cast):  # type: ignore[no-untyped-def]
    return f.OrganizationFactory(name="吉林大学", kind="university")


def _used(instrument, org, when, hours, fee, rating=None):  # type: ignore[no-untyped-def]
    return af.BookingFactory(
        instrument=instrument,
        organization=org,
        starts_at=when,
        ends_at=when + dt.timedelta(hours=float(hours)),
        status="rated" if rating else "used",
        hours_used=D(hours),
        fee=D(fee),
        rating=rating,
    )


@pytest.fixture
def figures(cast, university):  # type: ignore[no-untyped-def]
    tz = timezone.get_current_timezone()
    sem = af.InstrumentFactory(owner=university, name="场发射扫描电子显微镜", original_value=D("3800000"))
    xrd = af.InstrumentFactory(owner=university, name="X射线衍射仪", original_value=D("2100000"))
    idle = af.InstrumentFactory(owner=university, name="激光共聚焦显微镜", original_value=D("1000000"))
    may = dt.datetime(2026, 5, 10, 9, tzinfo=tz)
    _used(sem, cast.org, may, "3", "1800", rating=5)
    _used(sem, cast.org, may + dt.timedelta(days=1), "2", "1200", rating=4)
    _used(sem, cast.other_org, may + dt.timedelta(days=2), "4", "2400")
    _used(sem, university, may + dt.timedelta(days=3), "6", "0")  # the owner's own use: not outside
    _used(xrd, cast.org, may, "1.5", "450", rating=3)
    _used(xrd, cast.org, dt.datetime(2025, 12, 31, 20, tzinfo=tz), "2", "600")  # another year
    af.BookingFactory(instrument=xrd, organization=cast.other_org, starts_at=may, status="approved")
    return sem, xrd, idle


def test_figures_per_instrument_and_owner(cast, university, figures):
    result = sharing_evaluation(user=cast.admin, year=2026)
    by_name = {r.instrument.name: r.figures for r in result.instruments}
    s = by_name["场发射扫描电子显微镜"]
    assert (
        s.hours_total,
        s.hours_external,
        s.income_external,
        s.external_users,
        s.uses,
        s.external_uses,
    ) == (
        D("15.00"),
        D("9.00"),
        D("5400.00"),
        2,
        4,
        3,
    )
    assert (s.rating, s.ratings, s.external_share) == (D("4.5"), 2, D("60.0"))
    x = by_name["X射线衍射仪"]
    assert (x.hours_external, x.income_external, x.external_users, x.rating) == (
        D("1.50"),
        D("450.00"),
        1,
        D("3.0"),
    )
    assert by_name["激光共聚焦显微镜"].uses == 0
    [owner] = result.owners
    assert (owner.owner, owner.instruments, owner.original_value) == ("吉林大学", 3, D("6900000"))
    assert (owner.figures.hours_external, owner.figures.income_external, owner.figures.external_users) == (
        D("10.50"),
        D("5850.00"),
        2,  # cast.org counted once across both instruments
    )
    assert owner.figures.rating == D("4.0")
    first = result.instruments[0].instrument.name
    assert first == "场发射扫描电子显微镜"  # most outside hours first


def test_who_sees_the_evaluation(cast, university, figures):
    owner_member = f.MembershipFactory(organization=university).user
    assert len(sharing_evaluation(user=owner_member, year=2026).instruments) == 3
    assert len(sharing_evaluation(user=cast.officer, year=2026).instruments) == 3  # 长春市 officer
    for outsider in (cast.other_officer, cast.org_admin, cast.norole):  # 吉林市; a user; no role
        assert sharing_evaluation(user=outsider, year=2026).owners == []


def test_page_export_and_api(client, cast, university, figures):
    client.force_login(cast.officer)
    page = client.get(reverse("resources:evaluation"), {"year": "2026"})
    text = page.content.decode()
    assert "2026年度大型仪器开放共享评价考核" in text and "吉林大学" in text and "4.5分" in text
    export = client.get(reverse("resources:evaluation_export"), {"year": "2026"})
    wb = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    owners, instruments = wb.worksheets
    assert [c.value for c in owners[1]][:3] == ["单位", "仪器台套数", "仪器原值（元）"]
    assert [c.value for c in owners[2]][:4] == ["吉林大学", 3, 6900000, 10.5]
    assert instruments.max_row == 4
    api = client.get("/api/v1/resources/evaluation/", {"year": "2026"})
    assert api.status_code == 200
    assert api.json()["owners"][0]["figures"]["income_external"] == "5850.00"
    assert client.get("/api/v1/resources/evaluation/", {"year": "20x6"}).status_code == 400


def test_calendar_shows_taken_slots_of_the_week(client, cast, university):
    instrument = af.InstrumentFactory(owner=university)
    tz = timezone.get_current_timezone()
    monday = dt.date(2026, 6, 8)
    start = dt.datetime(2026, 6, 9, 9, tzinfo=tz)
    af.BookingFactory(
        instrument=instrument, starts_at=start, ends_at=start + dt.timedelta(hours=3), status="approved"
    )
    af.BookingFactory(
        instrument=instrument, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )  # requested
    days = instrument_calendar(instrument=instrument, start=monday)
    assert [(d, len(taken)) for d, taken in days][:3] == [
        (monday, 0),
        (dt.date(2026, 6, 9), 1),
        (dt.date(2026, 6, 10), 0),
    ]
    page = client.get(reverse("resources:instrument_calendar", args=[instrument.pk]), {"start": "2026-06-10"})
    text = page.content.decode()
    assert "09:00—12:00" in text and "6月8日" in text and "全天可预约" in text
    assert (
        client.get(reverse("resources:instrument_calendar", args=[instrument.pk]), {"start": "x"}).status_code
        == 200
    )
