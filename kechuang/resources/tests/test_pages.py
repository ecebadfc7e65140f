"""The pages and API end to end: an enterprise books an instrument of a university, the owner approves
and records the use, the voucher pays half of it, the provider claims settlement, the officer approves and
pays it, and the reconciliation shows the money — in Chinese, with no raw status codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kechuang.resources.choices import BookingStatus, RedemptionStatus, VoucherStatus
from kechuang.resources.models import Booking, Redemption
from tests import app_factories as af
from tests.pages import client_for, text
from tests.world import World

pytestmark = pytest.mark.django_db


def _slot(days: int = 4) -> tuple[str, str]:
    start = timezone.localtime(timezone.now()).replace(hour=9, minute=0, second=0, microsecond=0)
    start += dt.timedelta(days=days)
    return start.strftime("%Y-%m-%dT%H:%M"), (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")


def test_voucher_journey_through_the_pages(cast):
    w = World(cast)
    owner = client_for(w.third_admin)
    enterprise = client_for(cast.org_admin)
    officer = client_for(cast.officer)
    voucher = af.VoucherFactory(
        scheme=w.voucher_scheme, enterprise=cast.org, amount=Decimal("50000"), issued_by=cast.officer
    )
    page = text(client_for(None).get(f"/resources/instruments/{w.instrument.pk}/"))
    assert "场发射扫描电子显微镜" in page and "380.00万元" in page and "近期暂无预约" in page

    start, end = _slot()
    response = enterprise.post(
        f"/resources/instruments/{w.instrument.pk}/book/",
        {
            "organization": cast.org.pk,
            "starts_at": start,
            "ends_at": end,
            "sample_description": "焊点断面样品4件",
        },
    )
    booking = Booking.objects.get(sample_description="焊点断面样品4件")
    assert response.status_code == 302 and response["Location"] == f"/resources/bookings/{booking.pk}/"
    queue = text(owner.get("/resources/requests/"))
    assert "待审核" in queue and "requested" not in queue
    page = text(owner.get(f"/resources/bookings/{booking.pk}/"))
    assert "批准" in page and "不批准" in page and "登记使用" not in page
    owner.post(f"/resources/bookings/{booking.pk}/action/", {"action": "approve", "version": booking.version})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED
    assert "已预约时段" in text(client_for(None).get(f"/resources/instruments/{w.instrument.pk}/"))

    # a second request for the same slot is refused on the form, with the clash named
    response = client_for(cast.org_member).post(
        f"/resources/instruments/{w.instrument.pk}/book/",
        {"organization": cast.org.pk, "starts_at": start, "ends_at": end, "sample_description": "重复"},
    )
    assert response.status_code == 200 and "冲突，请选择其他时段。" in text(response)

    owner.post(
        f"/resources/bookings/{booking.pk}/action/",
        {"action": "use", "version": booking.version, "hours": "3", "samples": "4", "fee": "1800"},
    )
    booking.refresh_from_db()
    assert (booking.status, booking.fee) == (BookingStatus.USED, Decimal("1800.00"))
    vouchers = text(enterprise.get("/resources/vouchers/"))
    assert "已发放" in vouchers and "5.00万元" in vouchers
    response = enterprise.post(f"/resources/vouchers/{voucher.pk}/redeem/", {"booking": booking.pk})
    assert response.status_code == 302
    redemption = Redemption.objects.get(voucher=voucher)
    assert redemption.amount == Decimal("900.00")
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.PARTLY_REDEEMED
    assert "部分使用" in text(enterprise.get("/resources/vouchers/"))

    settlements = text(owner.get("/resources/settlements/"))
    assert "已抵扣" in settlements and "申请结算" in settlements
    owner.post(f"/resources/redemptions/{redemption.pk}/action/", {"action": "claim", "next": "provider"})
    queue = text(officer.get("/resources/officer/settlements/"))
    assert "已申请结算" in queue and "审核通过" in queue
    officer.post(f"/resources/redemptions/{redemption.pk}/action/", {"action": "approve"})
    officer.post(f"/resources/redemptions/{redemption.pk}/action/", {"action": "pay"})
    redemption.refresh_from_db()
    assert redemption.status == RedemptionStatus.PAID
    page = text(officer.get("/resources/officer/reconciliation/"))
    assert "5.00万元" in page and "0.09万元" in page and "4.91万元" in page and "平衡" in page
    assert "claimed" not in page and "paid" not in page


def test_refusals_reach_the_page_as_messages(cast):
    w = World(cast)
    booking = w.booking
    owner = client_for(w.third_admin)
    response = owner.post(
        f"/resources/bookings/{booking.pk}/action/",
        {"action": "use", "hours": "1", "samples": "1", "fee": "1"},
    )
    assert response.status_code == 302
    page = text(owner.get(response["Location"]))
    assert "不能从“待审核”变更为“已使用”。" in page


def test_api_booking_conflict_is_a_400_with_the_message(cast):
    w = World(cast)
    approved = af.BookingFactory(instrument=w.instrument, organization=cast.other_org, status="approved")
    api = APIClient()
    api.force_login(cast.org_admin)
    response = api.post(
        "/api/v1/resources/bookings/",
        {
            "instrument": w.instrument.pk,
            "organization": cast.org.pk,
            "starts_at": (approved.starts_at + dt.timedelta(hours=1)).isoformat(),
            "ends_at": (approved.ends_at + dt.timedelta(hours=1)).isoformat(),
            "sample_description": "样品",
        },
        format="json",
    )
    assert response.status_code == 400
    start = timezone.localtime(approved.starts_at).strftime("%Y-%m-%d %H:%M")
    end = timezone.localtime(approved.ends_at).strftime("%Y-%m-%d %H:%M")
    assert response.json() == {
        "message": f"该时段与已批准的预约（{start}至{end}）冲突，请选择其他时段。",
        "extra": {"field": "starts_at"},
    }
    api.force_login(w.third_admin)
    response = api.post(
        f"/api/v1/resources/bookings/{w.booking.pk}/transitions/",
        {"to": "declined", "note": "设备检修"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status_label"] == "未批准"
