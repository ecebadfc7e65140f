"""Shared resources: instruments are public; a booking is seen by the requesting organization and the
instrument's owner, whose members approve it; vouchers are the enterprise's; settlement belongs to the
officers of the scheme's department in its region (kechuang/resources/permissions.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kechuang.resources.models import (
    Booking,
    Commissioner,
    Dispatch,
    ParkPresence,
    Redemption,
    ServiceAgency,
    ServiceOrder,
    VoucherApplication,
    VoucherScheme,
    WorkLog,
)
from tests.matrix import LOGIN, PUBLIC, SIGNED_IN, Row, any_officer, officers_of_region, only_own


def _booking(w):  # type: ignore[no-untyped-def]
    return {"pk": w.booking.pk}


def _status(model, pk, value):  # type: ignore[no-untyped-def]
    return model.objects.get(pk=pk).status == value


def _new_booking(w):  # type: ignore[no-untyped-def]
    start = timezone.now() + dt.timedelta(days=5)
    return {
        "instrument": w.instrument.pk,
        "organization": w.cast.org.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "sample_description": "矩阵样品",
    }


def _redeemed(w) -> bool:  # type: ignore[no-untyped-def]
    return Redemption.objects.filter(voucher=w.voucher, booking=w.used_booking).exists()


ROWS = [
    Row("resources:instrument_list", PUBLIC),
    Row("resources:instrument_detail", PUBLIC, kwargs=lambda w: {"pk": w.instrument.pk}),
    Row(
        "resources:booking_create",
        SIGNED_IN,
        kwargs=lambda w: {"pk": w.instrument.pk},
        why="any signed-in user may open the form (it offers only the user's own organizations)",
    ),
    Row("resources:my_bookings", SIGNED_IN, why="the user's organizations' bookings (none: empty)"),
    Row("resources:booking_detail", only_own(200), kwargs=_booking, why="the requesting organization's"),
    Row(
        "resources:booking_action",
        only_own(302),
        own="third_admin",
        kwargs=_booking,
        method="POST",
        data=lambda w: {"action": "approve", "version": w.booking.version},
        effect=lambda w: _status(Booking, w.booking.pk, "approved"),
        why="the owner's members approve",
    ),
    Row("resources:owner_requests", SIGNED_IN, why="bookings of the user's organizations' instruments"),
    Row("resources:my_vouchers", SIGNED_IN, why="the user's organizations' vouchers (none: empty)"),
    Row(
        "resources:voucher_redeem",
        only_own(302),
        kwargs=lambda w: {"pk": w.voucher.pk},
        method="POST",
        data=lambda w: {"booking": w.used_booking.pk},
        effect=_redeemed,
    ),
    Row("resources:instrument_calendar", PUBLIC, kwargs=lambda w: {"pk": w.instrument.pk}),
    Row(
        "resources:evaluation",
        SIGNED_IN,
        why="figures of the instruments the user may evaluate (officers: region; owners: own; others: none)",
    ),
    Row("resources:evaluation_export", SIGNED_IN, why="the same figures as the page, as .xlsx"),
    Row(
        "resources:voucher_apply",
        only_own(200, other_org=200),
        kwargs=lambda w: {"pk": w.voucher_scheme.pk},
        why="members of an organization in the open scheme's region (other_org is in 长春 too); others 404",
    ),
    Row(
        "resources:voucher_apply",
        only_own(302, other_org=200),
        kwargs=lambda w: {"pk": w.voucher_scheme.pk},
        method="POST",
        data=lambda w: {"enterprise": w.cast.org.pk, "amount": "20000", "purpose": "矩阵申领"},
        effect=lambda w: VoucherApplication.objects.filter(purpose="矩阵申领").exists(),
        why="another organization's member cannot apply for org (the form offers only their own: 200 with the error)",
    ),
    Row(
        "resources:application_action",
        only_own(302),
        own="officer",
        kwargs=lambda w: {"pk": w.voucher_application.pk},
        method="POST",
        data=lambda w: {"action": "issue", "amount": "10000", "version": 0},
        effect=lambda w: _status(VoucherApplication, w.voucher_application.pk, "issued"),
        why="officers of the scheme's department serving its region issue",
    ),
    Row(
        "resources:application_action",
        only_own(302),
        kwargs=lambda w: {"pk": w.voucher_application.pk},
        method="POST",
        data=lambda w: {"action": "withdraw"},
        effect=lambda w: _status(VoucherApplication, w.voucher_application.pk, "withdrawn"),
        why="the applying enterprise's members withdraw",
        case="withdraw",
    ),
    Row(
        "resources:scheme_create",
        any_officer(200),
        own="officer",
        why="officers' form (their own departments)",
    ),
    Row(
        "resources:scheme_create",
        any_officer(302, other_department=200, other_region=200),
        own="officer",
        method="POST",
        data=lambda w: {
            "department": w.science.pk,
            "name": "矩阵创新券",
            "year": "2026",
            "budget": "100000",
            "share_percent": "50",
            "cap_per_enterprise": "20000",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "pays_instrument_use": "on",
        },
        effect=lambda w: VoucherScheme.objects.filter(name="矩阵创新券").exists(),
        why="officers of the department serving its whole region (scheme_create's rule); the same department's "
        "district officer gets the form back with the refusal (200); another department's: not a choice of "
        "their form (200)",
    ),
    Row(
        "resources:application_queue", any_officer(200), own="officer", why="officers' page (their own scope)"
    ),
    Row(
        "resources:officer_vouchers", any_officer(200), own="officer", why="officers' page (their own scope)"
    ),
    Row(
        "resources:vouchers_expire",
        any_officer(302),
        own="officer",
        method="POST",
        why="officers expire the ended vouchers of their own schemes",
    ),
    Row(
        "resources:voucher_redeem",
        only_own(302),
        kwargs=lambda w: {"pk": w.voucher.pk},
        method="POST",
        data=lambda w: {"order": w.delivered_order.pk},
        effect=lambda w: Redemption.objects.filter(voucher=w.voucher, order=w.delivered_order).exists(),
        case="order",
        why="a delivered service order of the voucher's enterprise",
    ),
    # service agencies
    Row("resources:service_list", PUBLIC),
    Row("resources:agency_list", PUBLIC),
    Row("resources:agency_register", SIGNED_IN, why="the form offers only the user's admin organizations"),
    Row(
        "resources:agency_register",
        (LOGIN, 200, 200, 200, 200, 302),
        method="POST",
        data=lambda w: {"organization": w.cast.org.pk, "kind": "consulting"},
        effect=lambda w: ServiceAgency.objects.filter(organization=w.cast.org).exists(),
        why="another's organization is not a choice of their form (200 with the error)",
    ),
    Row(
        "resources:service_create",
        only_own(200),
        own="agency_admin",
        kwargs=lambda w: {"pk": w.agency.pk},
        why="the agency organization's admins",
    ),
    Row(
        "resources:service_create",
        only_own(302),
        own="agency_admin",
        kwargs=lambda w: {"pk": w.agency.pk},
        method="POST",
        data=lambda w: {
            "name": "矩阵服务",
            "kind": "consulting",
            "price": "500",
            "unit": "次",
            "region_served": "220100",
        },
        effect=lambda w: w.agency.services.filter(name="矩阵服务").exists(),
    ),
    Row(
        "resources:presence_record",
        any_officer(200),
        own="officer",
        kwargs=lambda w: {"pk": w.agency.pk},
        why="officers' page (the parks offered are those of their regions)",
    ),
    Row(
        "resources:presence_record",
        any_officer(302, other_region=200),
        own="officer",
        kwargs=lambda w: {"pk": w.agency.pk},
        method="POST",
        data=lambda w: {
            "park": w.park.pk,
            "has_sign": "on",
            "staff": "2",
            "has_office": "on",
            "service_records": "12",
        },
        effect=lambda w: ParkPresence.objects.filter(agency=w.agency, park=w.park).exists(),
        writers=frozenset({"own", "other_department"}),
        why="any officer serving the park's region records a check (a district officer elsewhere: not a choice)",
    ),
    Row(
        "resources:order_create",
        SIGNED_IN,
        kwargs=lambda w: {"pk": w.agency_service.pk},
        why="the form offers only the user's organizations",
    ),
    Row(
        "resources:order_create",
        (LOGIN, 200, 200, 200, 200, 302),
        kwargs=lambda w: {"pk": w.agency_service.pk},
        method="POST",
        data=lambda w: {"enterprise": w.cast.org.pk, "description": "矩阵委托"},
        effect=lambda w: ServiceOrder.objects.filter(description="矩阵委托").exists(),
        why="another's organization is not a choice of their form (200 with the error)",
    ),
    Row("resources:order_list", SIGNED_IN, why="the user's organizations' orders, placed and received"),
    Row("resources:order_detail", only_own(200), kwargs=lambda w: {"pk": w.service_order.pk}),
    Row(
        "resources:order_action",
        only_own(302),
        own="agency_admin",
        kwargs=lambda w: {"pk": w.service_order.pk},
        method="POST",
        data=lambda w: {"action": "accept", "version": 0},
        effect=lambda w: _status(ServiceOrder, w.service_order.pk, "accepted"),
        why="the agency's members accept",
    ),
    # commissioners
    Row("resources:commissioner_pool", PUBLIC),
    Row("resources:commissioner_add", any_officer(200), own="officer", why="officers' form"),
    Row(
        "resources:commissioner_add",
        any_officer(302, other_region=200, other_department=200),
        own="officer",
        method="POST",
        data=lambda w: {
            "username": w.candidate.username,
            "home_uscc": w.home_university.uscc,
            "expertise": "光学",
        },
        effect=lambda w: Commissioner.objects.filter(user=w.candidate).exists(),
        why="science-department officers serving the home's region (others: refused on the form)",
    ),
    Row("resources:dispatch_list", SIGNED_IN, why="the dispatches the user sees (none: empty)"),
    Row("resources:dispatch_create", any_officer(200), own="officer", why="officers' form"),
    Row(
        "resources:dispatch_create",
        any_officer(302, other_region=200, other_department=200),
        own="officer",
        method="POST",
        data=lambda w: {
            "commissioner": w.dispatch.commissioner.pk,
            "host_kind": "enterprise",
            "organization_uscc": w.cast.other_org.uscc,
            "agreement_no": "矩阵-001",
            "agreement_summary": "矩阵派驻",
            "starts_on": "2026-03-01",
            "ends_on": "2026-12-31",
        },
        effect=lambda w: Dispatch.objects.filter(agreement_no="矩阵-001").exists(),
        why="science-department officers serving the host's region (others: refused on the form)",
    ),
    Row(
        "resources:dispatch_detail",
        officers_of_region(200),
        kwargs=lambda w: {"pk": w.dispatch.pk},
        why="the host's members (own), the commissioner and the officers of the host's region",
    ),
    Row(
        "resources:worklog_submit",
        only_own(302, other_department=302),
        own="commissioner_user",
        kwargs=lambda w: {"pk": w.dispatch.pk},
        method="POST",
        data=lambda w: {
            "kind": "training",
            "worked_on": w.dispatch.starts_on.isoformat(),
            "summary": "矩阵培训",
            "problems_solved": "0",
            "trainees": "30",
            "technologies": "0",
        },
        effect=lambda w: WorkLog.objects.filter(summary="矩阵培训").exists(),
        why="the commissioner only (officers of the host's region see the dispatch: 302 with a refusal)",
        setup=lambda w: w.dispatch,
    ),
    Row(
        "resources:dispatch_action",
        officers_of_region(302),
        own="officer",
        kwargs=lambda w: {"pk": w.dispatch.pk},
        method="POST",
        data=lambda w: {"action": "complete"},
        effect=lambda w: _status(Dispatch, w.dispatch.pk, "completed"),
        why="science-department officers of the host's region end it (the other department sees it: refused)",
    ),
    Row(
        "resources:worklog_action",
        only_own(302, other_department=302),
        kwargs=lambda w: {"pk": w.worklog.pk},
        method="POST",
        data=lambda w: {"action": "confirm", "rating": "5"},
        effect=lambda w: _status(WorkLog, w.worklog.pk, "confirmed"),
        why="the host's members confirm (officers of the region see the log: 302 with a refusal)",
    ),
    Row(
        "resources:commissioner_assessment",
        any_officer(200),
        own="officer",
        why="officers' page (their scope)",
    ),
    Row(
        "resources:commissioner_assess",
        only_own(302),
        own="officer",
        kwargs=lambda w: {"pk": w.dispatch.commissioner.pk},
        method="POST",
        data=lambda w: {"grade": "excellent", "year": "2026"},
        effect=lambda w: w.dispatch.commissioner.assessments.exists(),
        why="science-department officers of the commissioner's region",
    ),
    Row(
        "resources:provider_settlements", SIGNED_IN, why="the user's organizations' redemptions (none: empty)"
    ),
    Row(
        "resources:redemption_action",
        only_own(302),
        own="officer",
        kwargs=lambda w: {"pk": w.redemption.pk},
        method="POST",
        data=lambda w: {"action": "approve"},
        effect=lambda w: _status(Redemption, w.redemption.pk, "approved"),
        why="officers of the scheme's department serving its region",
    ),
    Row(
        "resources:settlement_queue", any_officer(200), own="officer", why="officers' page (their own scope)"
    ),
    Row("resources:reconciliation", any_officer(200), own="officer", why="officers' page (their own scope)"),
    # API
    Row("resources-instruments", SIGNED_IN),
    Row("resources-bookings", SIGNED_IN),
    Row(
        "resources-bookings",
        only_own(201),
        method="POST",
        data=_new_booking,
        effect=lambda w: Booking.objects.filter(sample_description="矩阵样品").exists(),
        why="for one of the user's own organizations (another's is 404)",
    ),
    Row(
        "resources-booking-transition",
        only_own(200),
        own="third_admin",
        kwargs=_booking,
        method="POST",
        data=lambda w: {"to": "approved"},
        effect=lambda w: _status(Booking, w.booking.pk, "approved"),
    ),
    Row("resources-vouchers", SIGNED_IN),
    Row(
        "resources-voucher-redeem",
        only_own(201),
        kwargs=lambda w: {"pk": w.voucher.pk},
        method="POST",
        data=lambda w: {"booking": w.used_booking.pk},
        effect=_redeemed,
    ),
    Row(
        "resources-redemption-transition",
        only_own(200),
        own="officer",
        kwargs=lambda w: {"pk": w.redemption.pk},
        method="POST",
        data=lambda w: {"to": "approved"},
        effect=lambda w: _status(Redemption, w.redemption.pk, "approved"),
    ),
    Row("resources-services", SIGNED_IN, why="the public catalogue"),
    Row("resources-orders", SIGNED_IN, why="the user's organizations' orders, placed and received"),
    Row(
        "resources-orders",
        only_own(201),
        method="POST",
        data=lambda w: {
            "service": w.agency_service.pk,
            "enterprise": w.cast.org.pk,
            "description": "矩阵接口委托",
        },
        effect=lambda w: ServiceOrder.objects.filter(description="矩阵接口委托").exists(),
        why="for one of the user's own organizations (another's is 404)",
    ),
    Row(
        "resources-order-transition",
        only_own(200),
        own="agency_admin",
        kwargs=lambda w: {"pk": w.service_order.pk},
        method="POST",
        data=lambda w: {"to": "accepted"},
        effect=lambda w: _status(ServiceOrder, w.service_order.pk, "accepted"),
    ),
    Row("resources-dispatches", SIGNED_IN, why="the dispatches the user sees (none: empty)"),
    Row("resources-evaluation", SIGNED_IN, why="the same figures as the page"),
    Row("resources-reconciliation", any_officer(200), own="officer"),
]
